"""SCIM 2.0's messages (RFC 7644): the media type, errors, list responses, discovery."""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

CONTENT_TYPE = "application/scim+json"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"
LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
TANDEM = "urn:ietf:params:scim:schemas:extension:tandem:2.0:User"
DEFAULT_COUNT = 100
MAX_COUNT = 500


class ScimError(Exception):
    """An error answered in SCIM's format; `scim_type` is RFC 7644's keyword, when one fits."""

    def __init__(self, status: int, detail: str, scim_type: str = "") -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


def response(body: Any, status: int = 200, location: str = "") -> HttpResponse:
    answer = HttpResponse(json.dumps(body), status=status, content_type=CONTENT_TYPE)
    if location:
        answer["Location"] = location
    return answer


def error(status: int, detail: str, scim_type: str = "") -> HttpResponse:
    body: dict[str, Any] = {"schemas": [ERROR], "status": str(status), "detail": detail}
    if scim_type:
        body["scimType"] = scim_type
    answer = response(body, status)
    if status == 401:
        answer["WWW-Authenticate"] = 'Bearer realm="Tandem SCIM"'
    return answer


def read_json(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ScimError(400, "The body is not JSON.", "invalidSyntax") from exc
    if not isinstance(body, dict):
        raise ScimError(400, "The body must be a JSON object.", "invalidSyntax")
    return body


def page(request: HttpRequest) -> tuple[int, int]:
    """startIndex (1-based) and count, as RFC 7644 §3.4.2.4 reads them."""
    try:
        start = int(request.GET.get("startIndex", 1))
        count = int(request.GET.get("count", DEFAULT_COUNT))
    except ValueError as exc:
        raise ScimError(400, "startIndex and count must be integers.", "invalidValue") from exc
    return max(start, 1), min(max(count, 0), MAX_COUNT)


def list_response(resources: list[dict], total: int, start: int) -> HttpResponse:
    return response(
        {
            "schemas": [LIST_RESPONSE],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(resources),
            "Resources": resources,
        }
    )


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("scim:root")).rstrip("/")


def service_provider_config(request: HttpRequest) -> dict:
    return {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": {"supported": True},
        "bulk": {"supported": False, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": True, "maxResults": MAX_COUNT},
        "changePassword": {"supported": False},
        "sort": {"supported": False},
        "etag": {"supported": False},
        "authenticationSchemes": [
            {
                "type": "oauthbearertoken",
                "name": "Bearer token",
                "description": "A token that HR creates in Tandem (Single sign-on › Provisioning).",
                "primary": True,
            }
        ],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": base_url(request) + "/ServiceProviderConfig",
        },
    }


def resource_types(request: HttpRequest) -> list[dict]:
    base = base_url(request)
    return [
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "User",
            "name": "User",
            "endpoint": "/Users",
            "schema": USER,
            "schemaExtensions": [
                {"schema": ENTERPRISE, "required": False},
                {"schema": TANDEM, "required": False},
            ],
            "meta": {"resourceType": "ResourceType", "location": base + "/ResourceTypes/User"},
        },
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": "Group",
            "name": "Group",
            "endpoint": "/Groups",
            "schema": GROUP,
            "meta": {"resourceType": "ResourceType", "location": base + "/ResourceTypes/Group"},
        },
    ]


def _attribute(name: str, kind: str = "string", **extra: Any) -> dict:
    return {
        "name": name,
        "type": kind,
        "multiValued": False,
        "required": False,
        "caseExact": False,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
        **extra,
    }


def schemas() -> list[dict]:
    """The attributes Tandem reads and writes, per schema (RFC 7643 §7)."""
    return [
        {
            "id": USER,
            "name": "User",
            "description": "A person in Tandem's directory.",
            "attributes": [
                _attribute("userName", required=True, uniqueness="server"),
                _attribute("displayName"),
                _attribute(
                    "name",
                    "complex",
                    subAttributes=[
                        _attribute("formatted"),
                        _attribute("givenName"),
                        _attribute("familyName"),
                    ],
                ),
                _attribute("title"),
                _attribute("preferredLanguage"),
                _attribute("active", "boolean"),
                _attribute(
                    "emails",
                    "complex",
                    multiValued=True,
                    subAttributes=[
                        _attribute("value"),
                        _attribute("type"),
                        _attribute("primary", "boolean"),
                    ],
                ),
                _attribute(
                    "addresses",
                    "complex",
                    multiValued=True,
                    subAttributes=[
                        _attribute("type"),
                        _attribute("locality"),
                        _attribute("country"),
                    ],
                ),
            ],
        },
        {
            "id": ENTERPRISE,
            "name": "EnterpriseUser",
            "description": "The department and the manager.",
            "attributes": [
                _attribute("department"),
                _attribute("manager", "complex", subAttributes=[_attribute("value")]),
            ],
        },
        {
            "id": TANDEM,
            "name": "TandemUser",
            "description": "What reverse-mentoring pairing needs beyond the enterprise schema.",
            "attributes": [
                _attribute("grade", "integer", description="1 to 20, higher is more senior."),
                _attribute("languages", multiValued=True, description="ISO 639-1 codes."),
                _attribute("hireDate", "dateTime"),
                _attribute("site"),
            ],
        },
        {
            "id": GROUP,
            "name": "Group",
            "description": "A group of the directory.",
            "attributes": [
                _attribute("displayName", required=True, uniqueness="server"),
                _attribute(
                    "members",
                    "complex",
                    multiValued=True,
                    subAttributes=[_attribute("value"), _attribute("display")],
                ),
            ],
        },
    ]
