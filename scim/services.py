"""Provisioning's writes: a SCIM request's values through the directory's own checks.

Every write is one transaction: the person's record (people.records, the same checks as
a line of the directory file), what SCIM adds (externalId, given and family names), and
the account's state (people.leavers). A value the directory refuses is a SCIM error and
nothing is written.
"""

import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from people import leavers, records
from people.models import User

from .models import ProvisionedPerson
from .protocol import ScimError

EXTRA = ("external_id", "given_name", "family_name")


def visible_people():
    """The people SCIM sees: everyone in Tandem except those it deleted."""
    return User.objects.exclude(provisioning__deleted_at__isnull=False)


@transaction.atomic
def create(values: dict[str, Any]) -> tuple[User, list[str]]:
    email = str(values.get("email") or "").strip().lower()
    if not email:
        raise ScimError(400, "userName (the work email address) is required.", "invalidValue")
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        record = _record(existing)
        if record is None or record.deleted_at is None:
            raise ScimError(409, f"A person with userName {email} already exists.", "uniqueness")
        # Deleted by the directory and provisioned again (someone rehired): the same person.
        record.deleted_at = None
        record.save(update_fields=["deleted_at", "updated_at"])
        return update(existing, values)
    return _write(None, values)


@transaction.atomic
def update(person: User, values: dict[str, Any]) -> tuple[User, list[str]]:
    """PUT (users.values_of: what is absent is cleared) or PATCH (what the operations name)."""
    locked = User.objects.select_for_update().get(pk=person.pk)
    return _write(locked, values)


@transaction.atomic
def delete(person: User) -> None:
    """DELETE: the directory forgets the person; Tandem closes the account and keeps the rest."""
    leavers.deactivate(person=person, by=None, source=leavers.Source.DIRECTORY)
    record, _ = ProvisionedPerson.objects.get_or_create(person=person)
    record.deleted_at = timezone.now()
    record.save(update_fields=["deleted_at", "updated_at"])


def _write(person: User | None, values: dict[str, Any]) -> tuple[User, list[str]]:
    values = _normalised(values)
    active = values.pop("active", None)
    extra = {key: _text(values.pop(key)) for key in EXTRA if key in values}
    record = _record(person)
    if "name" not in values and {"given_name", "family_name"} & extra.keys():
        given = extra.get("given_name", record.given_name if record else "")
        family = extra.get("family_name", record.family_name if record else "")
        values["name"] = " ".join(filter(None, [given, family]))
    cells = {key: _text(value) for key, value in values.items() if key != "locale"}
    if "manager" in cells:
        cells["manager_email"] = _manager_email(cells.pop("manager"))
    if "hired_on" in cells:
        cells["hired_on"] = cells["hired_on"][:10]  # a SCIM dateTime: its date
    if "preferred_language" in cells:
        cells["preferred_language"] = _language(cells["preferred_language"], person)
    if person is not None and not cells.get("email", person.email):
        cells["email"] = person.email
    email = cells.get("email", "").lower()
    if (
        email
        and User.objects.filter(email__iexact=email)
        .exclude(pk=getattr(person, "pk", None))
        .exists()
    ):
        raise ScimError(409, f"A person with userName {email} already exists.", "uniqueness")
    try:
        row = records.check(cells, person=person)
    except records.RecordRefused as refused:
        raise ScimError(400, str(refused), "invalidValue") from refused
    saved = records.save(row, person=person, given=None if person is None else frozenset(cells))
    person, changed = saved.person, list(saved.changed)
    record = record or ProvisionedPerson(person=person)
    for key, value in extra.items():
        setattr(record, key, value)
    record.save()
    if active is not None:
        source = leavers.Source.DIRECTORY
        if _boolean(active):
            switched = leavers.reactivate(person=person, by=None, source=source)
        else:
            switched = leavers.deactivate(person=person, by=None, source=source)
        if switched:
            changed.append("active")
    return person, changed


def _record(person: User | None) -> ProvisionedPerson | None:
    if person is None:
        return None
    return ProvisionedPerson.objects.filter(person=person).first()


def _normalised(values: dict[str, Any]) -> dict[str, Any]:
    """PATCH paths "emails", "addresses" and "name" carry lists or objects: unfold them."""
    values = dict(values)
    emails = values.pop("emails", None)
    if isinstance(emails, list) and emails:
        primary = next((e for e in emails if isinstance(e, dict) and e.get("primary")), emails[0])
        values["email"] = primary.get("value", "") if isinstance(primary, dict) else ""
    addresses = values.pop("addresses", None)
    if isinstance(addresses, list) and addresses:
        work = next(
            (a for a in addresses if isinstance(a, dict) and a.get("type") == "work"), addresses[0]
        )
        if isinstance(work, dict):
            values["site"], values["country"] = work.get("locality", ""), work.get("country", "")
    name = values.pop("name") if isinstance(values.get("name"), dict) else None
    if isinstance(name, dict):
        if name.get("formatted"):
            values["name"] = name["formatted"]
        for key, cell in (("givenName", "given_name"), ("familyName", "family_name")):
            if key in name:
                values[cell] = name[key]
    return values


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(
            str(item.get("value", "") if isinstance(item, dict) else item) for item in value
        )
    if isinstance(value, dict):
        return str(value.get("value", ""))
    return str(value).strip()


def _boolean(value: Any) -> bool | None:
    # Entra ID sends "False" and "True" as strings in PATCH (a documented quirk).
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in {"true", "1"}:
        return True
    if text in {"false", "0"}:
        return False
    raise ScimError(400, f"active must be true or false, not {value!r}.", "invalidValue")


def _manager_email(value: str) -> str:
    """The enterprise extension names the manager by their SCIM id."""
    if not value:
        return ""
    manager = None
    if is_uuid(value):
        manager = visible_people().filter(code=value).values_list("email", flat=True).first()
    if manager is None:
        raise ScimError(
            400, f"The manager {value} is not in Tandem: provision them first.", "invalidValue"
        )
    return manager


def _language(value: str, person: User | None) -> str:
    """fr-FR, fr_CA, en-US… to fr or en; another language keeps the current one (or English)."""
    language = value.replace("_", "-").split("-")[0].lower()
    if language in User.Language.values:
        return language
    return person.preferred_language if person else User.Language.ENGLISH


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
