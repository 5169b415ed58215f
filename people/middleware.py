from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


def use_language_of(request: HttpRequest, user: object) -> str | None:
    """Serve the rest of this request in the person's language; returns it, or None when
    they have none Tandem speaks. The middleware calls it for every signed-in request, and
    the account adapter as soon as someone signs in, so that the “signed in” message of
    that very request is in their language too."""
    language = getattr(user, "preferred_language", "")
    if language not in dict(settings.LANGUAGES):
        return None
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def remember_language(response: HttpResponse, language: str) -> None:
    """The language cookie, read by LocaleMiddleware for visitors (signed out)."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class PreferredLanguageMiddleware:
    """A signed-in person sees the interface in the language of their profile.

    Sits after LocaleMiddleware (which serves visitors from the cookie or the
    browser) and after authentication. The language switcher updates the profile.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            use_language_of(request, user)
        return self.get_response(request)
