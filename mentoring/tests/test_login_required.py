"""Login is required everywhere: every URL pattern of the project, asked anonymously,
answers with a redirect to the sign-in page unless ALLOW_LIST says why it is public.

A new login-required view passes without touching this file; a new public view
fails until it is listed here with its reason.
"""

import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse
from django.urls import converters as url_converters
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.regex_helper import normalize

from mentoring import urls as project_urls

# Public URL patterns, by url name ("namespace:name") or, for unnamed ones, by route.
ALLOW_LIST = {
    "healthz": "probed by load balancers and monitoring; says only ok or unavailable",
    "set_language": "visitors choose the language of the sign-in pages (POST only)",
    "account_login": "the sign-in page itself",
    "account_signup": "sign-up, open only to the company's email domains",
    "account_inactive": "where allauth sends a deactivated person who tries to sign in",
    "account_email_verification_sent": "shown after sign-up, before the address is verified",
    "account_confirm_email": "the link of the verification email, opened before signing in",
    "account_reset_password": "someone who forgot their password cannot sign in",
    "account_reset_password_done": "the step after asking for a reset link",
    "account_reset_password_from_key": "the link of the password-reset email",
    "account_reset_password_from_key_done": "the step after choosing a new password",
    "meetings:feed": "a person's calendar feed, fetched by Outlook or Google without a session:"
    " the secret token in its address is the credential, any other token is a 404",
    # Single sign-on (sso/, allauth's providers): the way in through a company's provider.
    "openid_connect_login": "starts a sign-in with an OpenID Connect provider (POST)",
    "openid_connect_callback": "where the OpenID Connect provider sends the person back",
    "saml_login": "starts a sign-in with a SAML identity provider",
    "saml_acs": "where the SAML identity provider posts its signed assertion",
    "saml_finish_acs": "the second step of the SAML sign-in, once the session cookie is back",
    "saml_sls": "the SAML identity provider's single logout",
    "saml_metadata": "Tandem's SAML metadata, read by the identity provider's administrators",
    "socialaccount_login_cancelled": "where a sign-in cancelled at the provider ends",
    "socialaccount_login_error": "where a failed single sign-on ends, with its explanation",
    "socialaccount_signup": "allauth's step after a provider's sign-in when it needs a form",
    # Directory provisioning (scim/): no session, a bearer token; 401 without a valid one.
    "scim:root": "SCIM service root, bearer token required",
    "scim:config": "SCIM discovery, bearer token required",
    "scim:resource-types": "SCIM discovery, bearer token required",
    "scim:resource-type": "SCIM discovery, bearer token required",
    "scim:schemas": "SCIM discovery, bearer token required",
    "scim:schema": "SCIM discovery, bearer token required",
    "scim:users": "SCIM Users, bearer token required",
    "scim:user": "SCIM Users, bearer token required",
    "scim:groups": "SCIM Groups, bearer token required",
    "scim:group": "SCIM Groups, bearer token required",
    # admin:login is not listed: it sends visitors to allauth's sign-in page.
}

# Converter values used to build a URL from a pattern.
CONVERTER_SAMPLES = {
    url_converters.UUIDConverter: str(uuid.UUID(int=1)),
    url_converters.IntConverter: "1",
    url_converters.SlugConverter: "sample-slug",
    url_converters.StringConverter: "sample",
    url_converters.PathConverter: "sample/path",
}
# Tried in turn for regex groups and custom converters.
CANDIDATES = ["1", "sample", str(uuid.UUID(int=1)), "sample-slug"]
# Groups no candidate fits.
KWARGS = {"admin:app_list": {"app_label": "people"}}


@dataclass(frozen=True)
class Endpoint:
    key: str  # the url name with its namespace, or the route for an unnamed pattern
    route: str
    url: str
    callback: Callable


def endpoints(
    patterns: list | None = None, prefix: str = "", route: str = "", namespace: str = ""
) -> Iterator[Endpoint]:
    """Every leaf of the URL tree, with a URL built to reach it."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(filter(None, [namespace, entry.namespace]))
            yield from endpoints(
                entry.url_patterns,
                prefix + _fill(entry.pattern, {}),
                route + str(entry.pattern),
                inner,
            )
        elif isinstance(entry, URLPattern):
            name = ":".join(filter(None, [namespace, entry.name])) if entry.name else ""
            full_route = route + str(entry.pattern)
            key = name or full_route
            url = "/" + prefix + _fill(entry.pattern, KWARGS.get(key, {}))
            yield Endpoint(key=key, route=full_route, url=url, callback=entry.callback)


def _fill(pattern: RoutePattern | RegexPattern, given: dict[str, str]) -> str:
    if isinstance(pattern, RoutePattern):
        return _fill_route(pattern, given)
    return _fill_regex(pattern, given)


def _fill_route(pattern: RoutePattern, given: dict[str, str]) -> str:
    def sample(match: re.Match) -> str:
        name = match.group("name")
        if name in given:
            return given[name]
        converter = pattern.converters[name]
        if type(converter) in CONVERTER_SAMPLES:
            return CONVERTER_SAMPLES[type(converter)]
        for candidate in CANDIDATES:
            if re.fullmatch(converter.regex, candidate):
                return converter.to_url(converter.to_python(candidate))
        raise AssertionError(f"No sample fits <{name}> in {pattern}: add one to KWARGS.")

    return re.sub(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>", sample, str(pattern))


def _fill_regex(pattern: RegexPattern, given: dict[str, str]) -> str:
    template, params = normalize(pattern.regex.pattern)[0]
    free = [param for param in params if param not in given]
    for values in itertools.product(CANDIDATES, repeat=len(free)):
        url = template % {**given, **dict(zip(free, values, strict=True))}
        match = pattern.regex.match(url)
        if match and match.end() == len(url):
            return url
    raise AssertionError(f"No sample fits {pattern}: add its kwargs to KWARGS.")


def unexpected_answers(client) -> list[str]:
    """What an anonymous GET finds on every pattern that is neither login-only nor listed."""
    # Django sends anonymous visitors of the admin's own views to admin:login,
    # which hands them over to allauth's sign-in page (mentoring/admin_site.py).
    login_paths = {reverse(settings.LOGIN_URL), reverse("admin:login")}
    problems = []
    for endpoint in endpoints():
        reached = resolve(urlsplit(endpoint.url).path).func
        if reached is not endpoint.callback:
            problems.append(
                f"{endpoint.route}: the URL built, {endpoint.url}, reaches another view"
            )
            continue
        response = client.get(endpoint.url)
        if endpoint.key in ALLOW_LIST:
            if response.status_code >= 500:
                problems.append(f"{endpoint.key} ({endpoint.url}): public but broken")
            continue
        location = response.headers.get("Location", "")
        if response.status_code not in (301, 302) or urlsplit(location).path not in login_paths:
            problems.append(
                f"{endpoint.key} ({endpoint.url}) answered {response.status_code} {location}"
                " to an anonymous visitor: require login, or list it in ALLOW_LIST with why"
            )
    return problems


def test_every_url_redirects_anonymous_visitors_to_sign_in_unless_listed(client, db) -> None:
    problems = unexpected_answers(client)
    assert not problems, "\n".join(problems)


def test_walk_reaches_included_apps_and_fills_every_converter(db) -> None:
    found = {endpoint.key: endpoint.url for endpoint in endpoints()}
    assert found["home"] == "/"
    assert found["account_login"] == "/accounts/login/"
    assert found["admin:index"] == "/admin/"
    assert found["admin:app_list"] == "/admin/people/"
    assert found["people:person"] == f"/people/{uuid.UUID(int=1)}/"
    assert found["account_confirm_email"] == "/accounts/confirm-email/1/"


def test_every_allow_list_entry_names_a_real_url_pattern() -> None:
    keys = {endpoint.key for endpoint in endpoints()}
    assert set(ALLOW_LIST) - keys == set()


def test_allow_list_gives_a_reason_for_each_public_url() -> None:
    assert all(len(reason) > 10 for reason in ALLOW_LIST.values())


def test_login_required_middleware_is_on_after_authentication() -> None:
    middleware = settings.MIDDLEWARE
    required = "django.contrib.auth.middleware.LoginRequiredMiddleware"
    assert required in middleware
    assert middleware.index(required) > middleware.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware"
    )


# The walk must catch a public view nobody listed: this module doubles as a small
# URLconf with one such view, used by the test below only.
@login_not_required
def _forgotten_public_view(request: HttpRequest, number: int) -> HttpResponse:
    return HttpResponse("anyone can read this")


def _private_view(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse("members only")


urlpatterns = [
    *project_urls.urlpatterns,
    path("forgotten/<int:number>/", _forgotten_public_view, name="forgotten"),
    path("private/<slug:slug>/", _private_view, name="private"),
]


@pytest.mark.urls(__name__)
def test_walk_fails_on_a_public_view_missing_from_the_allow_list(client, db) -> None:
    problems = unexpected_answers(client)
    assert len(problems) == 1
    assert problems[0].startswith("forgotten (/forgotten/1/) answered 200")
