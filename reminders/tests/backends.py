"""An email backend for the tests whose mail server fails on demand (no test in here)."""

import smtplib
from collections.abc import Sequence

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """The locmem backend, raising the next queued errors first (one per message)."""

    errors: list[Exception] = []

    def send_messages(self, messages: Sequence[mail.EmailMessage]) -> int:
        if FlakyBackend.errors:
            raise FlakyBackend.errors.pop(0)
        return super().send_messages(messages)


def unavailable() -> smtplib.SMTPException:
    return smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def refused() -> smtplib.SMTPException:
    return smtplib.SMTPRecipientsRefused({"x@example.com": (550, b"5.1.1 No such user")})
