"""One way to write an email: templates found by name, rendered in the recipient's language.

Each app keeps an `emails.py` of one short function per email, in the manner of
healthchecks' `hc/lib/emails.py`::

    def decision(enrolment: Enrolment) -> EmailMultiAlternatives:
        return make_message("enrolments/emails/decision", to=enrolment.person, context={...})

An email named `NAME` has three templates: `NAME_subject.txt` (folded onto one
line), `NAME.txt` and `NAME.html`; the HTML ones extend `emails/layout.html`.
"""

import re
from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any, Protocol

from django.core import mail
from django.template.loader import render_to_string
from django.utils import timezone, translation

_LINE_BREAKS_AND_RUNS = re.compile(r"[ \t\r\n]+")


class Recipient(Protocol):
    email: str
    preferred_language: str


def subject_line(text: str) -> str:
    """A rendered subject template on one line.

    Only ASCII whitespace is folded: French subjects keep their non-breaking
    spaces before « : ; ? ! ».
    """
    return _LINE_BREAKS_AND_RUNS.sub(" ", text).strip()


def make_message(
    name: str,
    *,
    to: Recipient,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
    time_zone: str | None = None,
    connection: Any = None,
) -> mail.EmailMultiAlternatives:
    """The email `name` to one person, in their language (and time zone, when given).

    The context always holds `person`, the recipient. Every email says which language
    it is written in (`Content-Language`), so that mail clients offer no translation
    of a message already in the reader's language.
    """
    language = to.preferred_language or translation.get_language() or "en"
    context = {"person": to, **context}
    zone = timezone.override(time_zone) if time_zone else nullcontext()
    with translation.override(language), zone:
        subject = render_to_string(f"{name}_subject.txt", context)
        text = render_to_string(f"{name}.txt", context)
        html = render_to_string(f"{name}.html", context)
    message = mail.EmailMultiAlternatives(
        subject=subject_line(subject),
        body=text,
        to=[to.email],
        connection=connection,
        headers={"Content-Language": language, **(headers or {})},
    )
    message.attach_alternative(html, "text/html")
    return message


def send(messages: list[mail.EmailMessage]) -> int:
    """Send several messages over one SMTP connection; returns how many went out."""
    if not messages:
        return 0
    with mail.get_connection() as connection:
        return connection.send_messages(messages) or 0
