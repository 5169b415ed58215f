"""Control characters stop at the door, for every view and every form (allauth's and the admin's
included), so that no view, form or query ever sees one.

NUL and the other C0 control characters (and DEL) are never typed on purpose: they come from a
paste out of another program, a corrupted file or someone probing. PostgreSQL refuses NUL in
text (a server error wherever it reaches a query) and the others are invisible once stored.
So:

- a path that holds one names nothing: 404, as any other unknown address;
- in a query string or a posted form they are removed, tab, line feed and carriage return
  kept, and a person whose form lost some is told so on the next page, in their language;
  removing is what they expect of characters they cannot see and could not delete themselves;
- a cookie that holds one is dropped, as a browser would drop a malformed one.

Uploaded files are left to their reader: a CSV import reports such a line (common/importing.py).
"""

import re
from collections.abc import Callable

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def has_control(value: str) -> bool:
    return CONTROL.search(value) is not None


def without_control(value: str) -> str:
    return CONTROL.sub("", value)


def _cleaned(data: QueryDict) -> QueryDict | None:
    """A copy of data without control characters, or None when it had none."""
    if not any(has_control(key) or any(map(has_control, values)) for key, values in data.lists()):
        return None
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(without_control(key), [without_control(value) for value in values])
    cleaned._mutable = False
    return cleaned


class ControlCharactersMiddleware:
    """Placed before the session middleware: it reads cookies before anything looks them up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_control(request.path_info):
            raise Http404
        for name in [name for name, value in request.COOKIES.items() if has_control(value)]:
            del request.COOKIES[name]
        if (query := _cleaned(request.GET)) is not None:
            request.GET = query
        posted = request.method == "POST" and request.content_type in FORM_TYPES
        if posted and (form := _cleaned(request.POST)) is not None:
            request.POST = form
            request.control_characters_removed = True
        return self.get_response(request)


class ControlCharactersNoticeMiddleware:
    """After the message middleware: tells whoever posted a form that lost characters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if getattr(request, "control_characters_removed", False) and hasattr(request, "_messages"):
            messages.warning(
                request,
                _(
                    "What you sent held invisible control characters (pasted from another "
                    "program, perhaps). They were removed: check the text before you go on."
                ),
            )
        return self.get_response(request)
