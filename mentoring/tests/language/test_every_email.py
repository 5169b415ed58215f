"""Every kind of email Tandem sends, read in French and in English like a page.

Each email is written for a recipient whose language is French, then English, from the
demo company's objects; its subject, text, HTML and calendar attachment must hold no
catalogue text of the other language. Every email template of the project (a
`*_subject.txt`) must have been written here, so that a new kind of email joins the check.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone

from enrolments import emails as enrolment_emails
from enrolments.models import Enrolment
from evaluation import emails as evaluation_emails
from evaluation.models import Completion, Response
from evaluation.services import monthly as monthly_report
from meetings.models import Meeting
from pairing import emails as pairing_emails
from pairing.models import Pair
from people import emails as people_emails
from people.models import User
from reminders import emails as reminder_emails
from reminders.models import Reminder

from .catalogue import load
from .reading import Reader, html_lines, text_lines
from .test_every_page import demo_people

Kind = Reminder.Kind


def project_email_templates() -> set[str]:
    """Every email of the project, by the name of its subject template."""
    roots = [Path(path) for path in settings.TEMPLATES[0]["DIRS"]]
    names = set()
    for root in roots:
        for path in root.rglob("*_subject.txt"):
            names.add(str(path.relative_to(root)))
    return names


@contextmanager
def rendered_templates() -> Iterator[set[str]]:
    names: set[str] = set()

    def record(sender, template, context, **kwargs) -> None:
        if template.name:
            names.add(template.name)

    template_rendered.connect(record)
    try:
        yield names
    finally:
        template_rendered.disconnect(record)


def lines_of(message: mail.EmailMessage, language: str) -> list[str]:
    lines = [message.subject, *text_lines(message.body)]
    for content, kind in getattr(message, "alternatives", []):
        if kind == "text/html":
            lines += html_lines(content, language)
    for attachment in message.attachments:
        payload = (
            attachment.get_payload(decode=True) if hasattr(attachment, "get_payload") else None
        )
        if payload:
            lines += text_lines(payload.decode())
    return lines


def _reminder(kind: str, recipient: User, pair: Pair, meeting: Meeting | None) -> Reminder:
    context = {"last_activity": (timezone.now() - timezone.timedelta(days=50)).isoformat()}
    return Reminder(
        kind=kind,
        recipient=recipient,
        programme=pair.programme,
        pair=pair,
        meeting=meeting,
        context={**context, "week": "2026-W49"},
        due_at=timezone.now(),
        dedupe_key=f"language-{kind}-{recipient.pk}",
    )


def writers(people: dict[str, User]) -> dict[str, Callable[[User], list[mail.EmailMessage]]]:
    """For each kind of email, how to write it to a given person (objects of the demo)."""
    mentor, mentee, hr = people["mentor"], people["mentee"], people["hr"]
    pair = Pair.objects.active().filter(mentor__person=mentor, mentee__person=mentee).first()
    meeting = Meeting.objects.filter(pair=pair).order_by("starts_at").first()
    enrolments = {e.status: e for e in Enrolment.objects.select_related("programme", "person")}
    responses = {r.survey.kind: r for r in Response.objects.select_related("survey")}
    completions = {c.earned_certificate: c for c in Completion.objects.select_related("enrolment")}

    def as_person(person: User, objects: list, attribute: str) -> list:
        for obj in objects:
            setattr(obj, attribute, person) if attribute else None
        return objects

    def decisions(person: User) -> list[mail.EmailMessage]:
        result = []
        for enrolment in enrolments.values():
            enrolment.person = person
            result.append(enrolment_emails.decision(enrolment))
        return result

    def surveys(person: User) -> list[mail.EmailMessage]:
        result = []
        for response in responses.values():
            response.enrolment.person = person
            result += [evaluation_emails.survey(response, reminder=r) for r in (False, True)]
        return result

    def closings(person: User) -> list[mail.EmailMessage]:
        result = []
        for completion in completions.values():
            completion.enrolment.person = person
            result.append(evaluation_emails.closing(completion))
        return result

    def reminders(person: User) -> list[mail.EmailMessage]:
        result = []
        for member in (mentor, mentee):
            member.preferred_language = person.preferred_language
            for kind in Reminder.MEMBER_KINDS:
                result.append(reminder_emails.compose(_reminder(kind, member, pair, meeting)))
        hr.preferred_language = person.preferred_language
        for kind in (Kind.INACTIVE_PAIR_ALERT, Kind.WEEKLY_DIGEST):
            result.append(reminder_emails.compose(_reminder(kind, hr, pair, None)))
        return result

    def monthly(person: User) -> list[mail.EmailMessage]:
        programme = pair.programme
        programme.sponsor = person
        now = timezone.now()
        return [monthly_report.message(programme, now.date().replace(day=1), now)]

    def introductions(person: User) -> list[mail.EmailMessage]:
        for member in (mentor, mentee):
            member.preferred_language = person.preferred_language
        return [pairing_emails.introduction(pair, member) for member in (mentor, mentee)]

    return {
        "invitation": lambda person: [people_emails.invitation(person)],
        "decision": decisions,
        "introduction": introductions,
        "survey": surveys,
        "closing": closings,
        "reminders": reminders,
        "monthly": monthly,
    }


def allauth_emails(person: User, language: str) -> list[mail.EmailMessage]:
    """allauth's emails, sent by its own pages: a password reset (known and unknown
    addresses) and an address to confirm."""
    mail.outbox.clear()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.post(reverse("account_reset_password"), {"email": person.email})
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    client.force_login(person)
    client.post(
        reverse("account_email"), {"email": f"other.{person.pk}@example.com", "action_add": ""}
    )
    EmailAddress.objects.filter(email=f"other.{person.pk}@example.com").delete()
    return list(mail.outbox)


@pytest.mark.django_db
def test_every_email_speaks_its_recipients_language() -> None:
    people = demo_people()
    reader = Reader(load())
    person = people["employee"]
    report, count = [], 0
    with rendered_templates() as rendered:
        for language in ("fr", "en"):
            person.preferred_language = language
            person.save(update_fields=["preferred_language"])
            messages = []
            for name, write in writers(people).items():
                messages += [(name, message) for message in write(person)]
            messages += [("allauth", message) for message in allauth_emails(person, language)]
            for name, message in messages:
                count += 1
                where = f"email {name} ({language}) “{message.subject}”"
                report += map(str, reader.foreign(where, lines_of(message, language), language))
    missing = project_email_templates() - rendered
    problems = [f"emails never checked here: {sorted(missing)}"] if missing else []
    assert count > 30
    assert not problems + report, "\n".join(problems + report)
