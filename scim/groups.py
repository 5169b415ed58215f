"""SCIM Groups: kept as the directory pushes them; two of them give Tandem's roles.

SCIM_HR_ADMIN_GROUP and SCIM_EXECUTIVE_GROUP (settings) name the groups whose members are
HR admins and executives: joining gives the role, leaving takes it away. Empty (the
default): the directory gives no role, HR keeps giving them.
"""

import re
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.urls import reverse

from people.models import User

from . import services
from .models import Group
from .protocol import GROUP, ScimError

MEMBER_FILTER = re.compile(r'^members\[value eq "([^"]+)"\]$', re.I)


def location(request: HttpRequest, group: Group) -> str:
    return request.build_absolute_uri(reverse("scim:group", args=[group.code]))


def representation(request: HttpRequest, group: Group, *, members: bool = True) -> dict[str, Any]:
    body: dict[str, Any] = {
        "schemas": [GROUP],
        "id": str(group.code),
        "displayName": group.display_name,
        "meta": {
            "resourceType": "Group",
            "created": group.created_at.isoformat(),
            "lastModified": group.updated_at.isoformat(),
            "location": location(request, group),
        },
    }
    if group.external_id:
        body["externalId"] = group.external_id
    if members:
        body["members"] = [
            {"value": str(code), "display": name}
            for code, name in group.members.order_by("pk").values_list("code", "name")
        ]
    return body


@transaction.atomic
def create(body: dict) -> Group:
    name = str(body.get("displayName") or "").strip()
    if not name:
        raise ScimError(400, "displayName is required.", "invalidValue")
    if Group.objects.filter(display_name__iexact=name).exists():
        raise ScimError(409, f"A group named {name} already exists.", "uniqueness")
    group = Group.objects.create(display_name=name, external_id=str(body.get("externalId") or ""))
    _set_members(group, _people(body.get("members") or []))
    return group


@transaction.atomic
def replace(group: Group, body: dict) -> Group:
    _rename(group, body.get("displayName"))
    group.external_id = str(body.get("externalId") or "")
    group.save()
    _set_members(group, _people(body.get("members") or []))
    return group


@transaction.atomic
def patch(group: Group, operations: Any) -> Group:
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "A PATCH needs a list of Operations.", "invalidSyntax")
    members = set(group.members.values_list("pk", flat=True))
    for operation in operations:
        op = str(operation.get("op", "")).lower() if isinstance(operation, dict) else ""
        path = str(operation.get("path") or "").strip()
        value = operation.get("value")
        single = MEMBER_FILTER.match(path)
        if op == "remove" and single:
            members -= _people([{"value": single.group(1)}])
        elif path.lower() == "members" and op == "add":
            members |= _people(value or [])
        elif path.lower() == "members" and op == "remove":
            members = members - _people(value) if value else set()
        elif path.lower() == "members" and op == "replace":
            members = _people(value or [])
        elif op in {"add", "replace"} and path.lower() in {"displayname", "externalid"}:
            _set_attribute(group, path.lower(), value)
        elif op in {"add", "replace"} and not path and isinstance(value, dict):
            for key, item in value.items():
                if key.lower() == "members":
                    members = (
                        _people(item or []) if op == "replace" else members | _people(item or [])
                    )
                elif key.lower() in {"displayname", "externalid"}:
                    _set_attribute(group, key.lower(), item)
        else:
            raise ScimError(400, f"Unsupported group operation {op} {path!r}.", "invalidPath")
    group.save()
    _set_members(group, members)
    return group


@transaction.atomic
def delete(group: Group) -> None:
    _set_members(group, set())
    group.delete()


def _set_attribute(group: Group, name: str, value: Any) -> None:
    if name == "displayname":
        _rename(group, value)
    else:
        group.external_id = str(value or "")


def _rename(group: Group, name: Any) -> None:
    name = str(name or "").strip()
    if not name:
        raise ScimError(400, "displayName is required.", "invalidValue")
    if Group.objects.filter(display_name__iexact=name).exclude(pk=group.pk).exists():
        raise ScimError(409, f"A group named {name} already exists.", "uniqueness")
    group.display_name = name


def _people(members: Any) -> set[int]:
    if not isinstance(members, list):
        raise ScimError(400, "members must be a list of {value: id}.", "invalidValue")
    codes = [str(member.get("value", "")) for member in members if isinstance(member, dict)]
    if not all(services.is_uuid(code) for code in codes):
        raise ScimError(400, "A member's value must be a User id.", "invalidValue")
    found = dict(services.visible_people().filter(code__in=codes).values_list("code", "pk"))
    missing = [code for code in codes if uuid.UUID(code) not in found]
    if missing:
        raise ScimError(400, f"Unknown members: {', '.join(missing)}.", "invalidValue")
    return set(found.values())


def _set_members(group: Group, members: set[int]) -> None:
    before = set(group.members.values_list("pk", flat=True))
    try:
        group.members.set(members)
    except IntegrityError as exc:  # a member deleted meanwhile
        raise ScimError(409, "The group's members changed meanwhile: try again.") from exc
    role = _role_of(group.display_name)
    if role:
        User.objects.filter(pk__in=members - before).update(**{role: True})
        User.objects.filter(pk__in=before - members).update(**{role: False})


def _role_of(name: str) -> str:
    roles = {
        settings.SCIM_HR_ADMIN_GROUP.lower(): "is_hr_admin",
        settings.SCIM_EXECUTIVE_GROUP.lower(): "is_executive",
    }
    roles.pop("", None)
    return roles.get(name.lower(), "")
