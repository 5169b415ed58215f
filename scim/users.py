"""SCIM Users ⇄ Tandem's people: the representation, and a request's values as directory cells.

userName is the work email address (Tandem's login). The core schema carries the name, the
title, the preferred language and the work address (site and country); the enterprise
extension the department and the manager (by SCIM id); Tandem's extension the grade, the
languages spoken and the hire date. docs/sso.md has the table.
"""

import re
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from people.models import User

from .models import ProvisionedPerson
from .protocol import ENTERPRISE, TANDEM, USER, ScimError

# A PATCH path (lowercased, the schema URN of the core schema dropped) and the cell it sets.
SIMPLE_PATHS = {
    "username": "email",
    "displayname": "name",
    "name.formatted": "name",
    "title": "job_title",
    "preferredlanguage": "preferred_language",
    "locale": "locale",
    'emails[type eq "work"].value': "email",
    "emails.value": "email",
    'addresses[type eq "work"].locality': "site",
    'addresses[type eq "work"].country': "country",
    "addresses.locality": "site",
    "addresses.country": "country",
    f"{ENTERPRISE}:department".lower(): "department",
    f"{ENTERPRISE}:manager".lower(): "manager",
    f"{ENTERPRISE}:manager.value".lower(): "manager",
    f"{TANDEM}:grade".lower(): "grade",
    f"{TANDEM}:languages".lower(): "languages",
    f"{TANDEM}:hiredate".lower(): "hired_on",
    f"{TANDEM}:site".lower(): "site",
    "active": "active",
    "externalid": "external_id",
    "name.givenname": "given_name",
    "name.familyname": "family_name",
}


def location(request: HttpRequest, person: User) -> str:
    return request.build_absolute_uri(reverse("scim:user", args=[person.code]))


def representation(request: HttpRequest, person: User) -> dict[str, Any]:
    record = _record(person)
    address: dict[str, Any] = {"type": "work", "primary": True}
    if person.site:
        address["locality"] = person.site
    if person.country:
        address["country"] = person.country.code
    enterprise: dict[str, Any] = {}
    if person.department_id:
        enterprise["department"] = person.department.name
    if person.manager_id:
        enterprise["manager"] = {
            "value": str(person.manager.code),
            "displayName": person.manager.name,
        }
    tandem: dict[str, Any] = {"languages": person.languages}
    if person.grade is not None:
        tandem["grade"] = person.grade
    if person.hired_on:
        tandem["hireDate"] = person.hired_on.isoformat()
    if person.site:
        tandem["site"] = person.site
    name = {"formatted": person.name}
    if record and record.given_name:
        name["givenName"] = record.given_name
    if record and record.family_name:
        name["familyName"] = record.family_name
    body = {
        "schemas": [USER, ENTERPRISE, TANDEM],
        "id": str(person.code),
        "userName": person.email,
        "name": name,
        "displayName": person.name,
        "title": person.job_title,
        "preferredLanguage": person.preferred_language,
        "active": person.is_active,
        "emails": [{"value": person.email, "type": "work", "primary": True}],
        "addresses": [address],
        ENTERPRISE: enterprise,
        TANDEM: tandem,
        "meta": {
            "resourceType": "User",
            "created": person.date_joined.isoformat(),
            "lastModified": (record.updated_at if record else person.date_joined).isoformat(),
            "location": location(request, person),
        },
    }
    if record and record.external_id:
        body["externalId"] = record.external_id
    return body


def _record(person: User) -> ProvisionedPerson | None:
    try:
        return person.provisioning
    except ProvisionedPerson.DoesNotExist:
        return None


def values_of(body: dict[str, Any]) -> dict[str, Any]:
    """A full User resource (POST, PUT) as cells: every attribute Tandem keeps, "" when absent."""
    values: dict[str, Any] = {
        "email": body.get("userName") or _primary(body.get("emails"), "value"),
        "job_title": body.get("title") or "",
        "preferred_language": body.get("preferredLanguage") or body.get("locale") or "",
        "external_id": body.get("externalId") or "",
    }
    name = body.get("name") if isinstance(body.get("name"), dict) else {}
    values["given_name"] = name.get("givenName") or ""
    values["family_name"] = name.get("familyName") or ""
    values["name"] = (
        body.get("displayName")
        or name.get("formatted")
        or " ".join(filter(None, [values["given_name"], values["family_name"]]))
    )
    address = _work_address(body.get("addresses"))
    enterprise = body.get(ENTERPRISE) if isinstance(body.get(ENTERPRISE), dict) else {}
    tandem = body.get(TANDEM) if isinstance(body.get(TANDEM), dict) else {}
    values["site"] = tandem.get("site") or address.get("locality") or ""
    values["country"] = address.get("country") or ""
    values["department"] = enterprise.get("department") or ""
    values["manager"] = enterprise.get("manager") or ""
    if TANDEM in body:
        # Tandem's own attributes are replaced only by a request that carries them: a
        # directory that does not know the grade leaves the one HR imported.
        values["grade"] = tandem.get("grade", "")
        values["languages"] = tandem.get("languages", "")
        values["hired_on"] = tandem.get("hireDate", "")
    if "active" in body:
        values["active"] = body["active"]
    return values


def patch_values(operations: Any) -> dict[str, Any]:
    """A PatchOp's operations (RFC 7644 §3.5.2) as the cells they change, in order."""
    if not isinstance(operations, list) or not operations:
        raise ScimError(400, "A PATCH needs a list of Operations.", "invalidSyntax")
    values: dict[str, Any] = {}
    for operation in operations:
        if not isinstance(operation, dict):
            raise ScimError(400, "Each operation must be an object.", "invalidSyntax")
        op = str(operation.get("op", "")).lower()
        if op not in {"add", "replace", "remove"}:
            raise ScimError(400, f"Unknown operation {operation.get('op')!r}.", "invalidSyntax")
        path = operation.get("path")
        value = operation.get("value")
        if op == "remove":
            if not path:
                raise ScimError(400, "A remove operation needs a path.", "noTarget")
            values[_cell(path)] = ""
        elif path:
            values[_cell(path)] = value
        elif isinstance(value, dict):
            # No path: the value's keys are paths (Okta), or a partial resource (Entra ID).
            for key, item in value.items():
                if key in (ENTERPRISE, TANDEM) and isinstance(item, dict):
                    for sub_key, sub_item in item.items():
                        values[_cell(f"{key}:{sub_key}")] = sub_item
                elif key == "name" and isinstance(item, dict):
                    for sub_key, sub_item in item.items():
                        values[_cell(f"name.{sub_key}")] = sub_item
                elif key in {"emails", "addresses"}:
                    values.update(_multi_valued(key, item))
                else:
                    values[_cell(key)] = item
        else:
            raise ScimError(
                400, "An operation without a path needs an object value.", "invalidValue"
            )
    return values


def _cell(path: str) -> str:
    key = re.sub(r"^urn:ietf:params:scim:schemas:core:2\.0:user:", "", path.strip(), flags=re.I)
    key = re.sub(r"\s+", " ", key).lower().replace("'", '"')
    if key in SIMPLE_PATHS:
        return SIMPLE_PATHS[key]
    if key in {"emails", "addresses", "name"}:
        return key
    raise ScimError(400, f"Tandem does not keep the attribute {path!r}.", "invalidPath")


def _multi_valued(key: str, items: Any) -> dict[str, Any]:
    if key == "emails":
        return {"email": _primary(items, "value")}
    address = _work_address(items)
    return {"site": address.get("locality", ""), "country": address.get("country", "")}


def _primary(items: Any, attribute: str) -> str:
    if not isinstance(items, list) or not items:
        return ""
    chosen = next((item for item in items if isinstance(item, dict) and item.get("primary")), None)
    chosen = chosen or next((item for item in items if isinstance(item, dict)), {})
    return str(chosen.get(attribute) or "")


def _work_address(items: Any) -> dict:
    if not isinstance(items, list):
        return {}
    dicts = [item for item in items if isinstance(item, dict)]
    return next((item for item in dicts if item.get("type") == "work"), dicts[0] if dicts else {})
