"""The SCIM 2.0 endpoints (RFC 7644) under /scim/v2/: Users, Groups and discovery.

Each call carries a bearer token that HR created; without a usable one the answer is 401
and nothing is read or written. Each authenticated call is kept (models.Call) with what
it changed, and a token may make SCIM_RATE_LIMIT calls a minute.
"""

import logging
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from people.models import User

from . import filters, groups, protocol, services, tokens, users
from .models import Call, Group, ProvisioningToken
from .protocol import ScimError

logger = logging.getLogger(__name__)


def endpoint(*methods: str) -> Callable:
    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @login_not_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            token = tokens.authenticate(request.headers.get("Authorization", ""))
            if token is None:
                logger.warning(
                    "SCIM call refused: no usable token (%s %s from %s).",
                    request.method,
                    request.path,
                    request.META.get("REMOTE_ADDR"),
                )
                return protocol.error(401, "A valid bearer token is required.")
            if not tokens.within_rate(token):
                answer = protocol.error(429, "Too many calls: wait a minute.", "tooMany")
                answer["Retry-After"] = "60"
                return answer
            request.scim = {"person": None, "summary": ""}
            try:
                if request.method not in methods:
                    raise ScimError(405, f"{request.method} is not allowed here.")
                answer = view(request, *args, **kwargs)
            except ScimError as error:
                request.scim["summary"] = error.detail
                answer = protocol.error(error.status, error.detail, error.scim_type)
            _audit(request, token, answer)
            return answer

        return wrapper

    return decorate


def _audit(request: HttpRequest, token: ProvisioningToken, answer: HttpResponse) -> None:
    now = timezone.now()
    Call.objects.create(
        token=token,
        method=request.method,
        path=request.get_full_path()[:500],
        status=answer.status_code,
        person=request.scim["person"],
        summary=request.scim["summary"][:500],
    )
    ProvisioningToken.objects.filter(pk=token.pk).update(last_used_at=now)


def _note(request: HttpRequest, person: User | None, summary: str) -> None:
    request.scim.update(person=person, summary=summary)


# --- Discovery ------------------------------------------------------------------------


@endpoint("GET")
def service_provider_config(request: HttpRequest) -> HttpResponse:
    return protocol.response(protocol.service_provider_config(request))


@endpoint("GET")
def resource_types(request: HttpRequest, name: str = "") -> HttpResponse:
    types = protocol.resource_types(request)
    if name:
        return protocol.response(_one([t for t in types if t["id"] == name], name))
    return protocol.list_response(types, len(types), 1)


@endpoint("GET")
def schemas(request: HttpRequest, urn: str = "") -> HttpResponse:
    found = protocol.schemas()
    if urn:
        return protocol.response(_one([s for s in found if s["id"] == urn], urn))
    return protocol.list_response(found, len(found), 1)


def _one(items: list[dict], name: str) -> dict:
    if not items:
        raise ScimError(404, f"{name} is not known here.")
    return items[0]


# --- Users ----------------------------------------------------------------------------


def _people() -> QuerySet:
    return services.visible_people().select_related("department", "manager", "provisioning")


def _person(code: str) -> User:
    person = _people().filter(code=code).first() if services.is_uuid(code) else None
    if person is None:
        raise ScimError(404, f"User {code} not found.")
    return person


@endpoint("GET", "POST")
def users_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        person, changed = services.create(users.values_of(protocol.read_json(request)))
        _note(request, person, "created")
        person = _person(str(person.code))
        return protocol.response(
            users.representation(request, person), 201, users.location(request, person)
        )
    people = _people()
    if request.GET.get("filter"):
        people = people.filter(filters.query(request.GET["filter"]))
    start, count = protocol.page(request)
    people = people.order_by("pk")
    total = people.count()
    chosen = list(people[start - 1 : start - 1 + count]) if count else []
    return protocol.list_response(
        [users.representation(request, person) for person in chosen], total, start
    )


@endpoint("GET", "PUT", "PATCH", "DELETE")
def user_view(request: HttpRequest, code: str) -> HttpResponse:
    person = _person(code)
    if request.method == "GET":
        return protocol.response(users.representation(request, person))
    if request.method == "DELETE":
        services.delete(person)
        _note(request, person, "deleted: account closed")
        return HttpResponse(status=204)
    body = protocol.read_json(request)
    if request.method == "PUT":
        values = users.values_of(body)
    else:
        values = users.patch_values(body.get("Operations"))
    person, changed = services.update(person, values)
    _note(request, person, "changed: " + ", ".join(changed) if changed else "unchanged")
    person = _person(code)
    return protocol.response(users.representation(request, person))


# --- Groups ---------------------------------------------------------------------------


def _group(code: str) -> Group:
    group = Group.objects.filter(code=code).first() if services.is_uuid(code) else None
    if group is None:
        raise ScimError(404, f"Group {code} not found.")
    return group


@endpoint("GET", "POST")
def groups_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        group = groups.create(protocol.read_json(request))
        _note(request, None, f"group {group.display_name} created")
        return protocol.response(
            groups.representation(request, group), 201, groups.location(request, group)
        )
    found = Group.objects.all()
    if request.GET.get("filter"):
        found = found.filter(filters.query(request.GET["filter"], groups=True)).distinct()
    start, count = protocol.page(request)
    found = found.order_by("pk")
    total = found.count()
    chosen = list(found[start - 1 : start - 1 + count]) if count else []
    members = request.GET.get("excludedAttributes", "") != "members"
    return protocol.list_response(
        [groups.representation(request, group, members=members) for group in chosen], total, start
    )


@endpoint("GET", "PUT", "PATCH", "DELETE")
def group_view(request: HttpRequest, code: str) -> HttpResponse:
    group = _group(code)
    if request.method == "GET":
        members = request.GET.get("excludedAttributes", "") != "members"
        return protocol.response(groups.representation(request, group, members=members))
    if request.method == "DELETE":
        groups.delete(group)
        _note(request, None, f"group {group.display_name} deleted")
        return HttpResponse(status=204)
    body = protocol.read_json(request)
    if request.method == "PUT":
        group = groups.replace(group, body)
    else:
        group = groups.patch(group, body.get("Operations"))
    _note(request, None, f"group {group.display_name} changed")
    if request.method == "PATCH":
        # Entra ID asks for 204 after a group's PATCH: a big group's members are not sent back.
        return HttpResponse(status=204)
    return protocol.response(groups.representation(request, group))


@endpoint("GET")
def root(request: HttpRequest) -> HttpResponse:
    raise ScimError(404, "See /ServiceProviderConfig, /ResourceTypes, /Schemas, /Users, /Groups.")
