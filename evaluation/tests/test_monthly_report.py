"""The sponsor's monthly report: due from 7:00 on the first of the month, sent once, in
the sponsor's language with the PDF attached, and never to a sponsor who opted out."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse

from evaluation.models import MonthlyReportOptOut, SponsorReport
from evaluation.services.monthly import send_monthly_reports
from people.models import User

from .conftest import Measured

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


def test_the_report_goes_out_on_the_first_of_the_month_from_seven_once(
    measured: Measured, executive: User
):
    first = measured.programme.start_on.replace(day=1)
    month = first.replace(month=first.month % 12 + 1, year=first.year + (first.month == 12))
    with time_machine.travel(at(month.year, month.month, 1, 6, 59), tick=False):
        assert send_monthly_reports() == 0
    with time_machine.travel(at(month.year, month.month, 1, 7, 0), tick=False):
        assert send_monthly_reports() == 1
        assert send_monthly_reports() == 0  # a second beat: nothing more
    (message,) = mail.outbox
    assert message.to == [executive.email]
    assert measured.programme.name in message.subject
    name, content, kind = message.attachments[0]
    assert kind == "application/pdf" and content.startswith(b"%PDF") and name.endswith(".pdf")
    assert reverse("evaluation:monthly_report") in message.body  # the way to opt out
    assert SponsorReport.objects.get().sent_at is not None
    # Later in the month (a beat that was down on the first): still nothing twice.
    with time_machine.travel(at(month.year, month.month, 9, 12, 0), tick=False):
        assert send_monthly_reports() == 0


def test_a_beat_that_was_down_on_the_first_catches_up(measured: Measured):
    month = measured.programme.start_on.replace(day=1)
    later = month.replace(month=month.month % 12 + 1, year=month.year + (month.month == 12))
    with time_machine.travel(at(later.year, later.month, 3, 9, 0), tick=False):
        assert send_monthly_reports() == 1


def test_the_email_is_in_the_sponsors_language(measured: Measured, executive: User):
    User.objects.filter(pk=executive.pk).update(preferred_language="fr")
    month = measured.programme.start_on.replace(day=1)
    later = month.replace(month=month.month % 12 + 1, year=month.year + (month.month == 12))
    with time_machine.travel(at(later.year, later.month, 1, 8, 0), tick=False):
        assert send_monthly_reports() == 1
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "fr"
    assert "rapport mensuel" in message.subject
    assert "Séances réalisées" in message.body or "Séances tenues" in message.body


def test_a_sponsor_who_opted_out_receives_nothing_and_can_opt_back_in(
    client, measured: Measured, executive: User
):
    client.force_login(executive)
    page = client.get(reverse("evaluation:monthly_report"))
    assert page.status_code == 200 and measured.programme.name in page.content.decode()
    client.post(reverse("evaluation:set_monthly_report"), {"receive": "no"})
    assert MonthlyReportOptOut.objects.filter(person=executive).exists()
    month = measured.programme.start_on.replace(day=1)
    later = month.replace(month=month.month % 12 + 1, year=month.year + (month.month == 12))
    with time_machine.travel(at(later.year, later.month, 1, 8, 0), tick=False):
        assert send_monthly_reports() == 0
    client.post(reverse("evaluation:set_monthly_report"), {"receive": "yes"})
    with time_machine.travel(at(later.year, later.month, 1, 9, 0), tick=False):
        assert send_monthly_reports() == 1


def test_the_beat_runs_the_monthly_reports_every_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["evaluation-monthly-reports"]
    assert entry["task"] == "evaluation.tasks.send_monthly_reports"
    assert entry["schedule"] == 3600
    from evaluation import tasks

    assert tasks.send_monthly_reports.name == entry["task"]
