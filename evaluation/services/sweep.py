"""The sweep: every few minutes from Celery beat (evaluation.tasks.sweep), or by hand with
`manage.py send_due_surveys`.

It makes the surveys of the programmes that need them, writes a Response row for each
invitation that falls due, closes the programmes that have completed, and queues one
task per invitation, reminder or closing email to send (see `sending`). Safe to run twice
at once: rows are inserted with ignore_conflicts, and each send claims its row first.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from programmes.models import Programme

from .. import tasks
from ..models import Completion, Response
from ..windows import open_kinds
from .closing import close_programme
from .surveys import due_enrolments, ensure_surveys

Status = Programme.Status
# Programmes whose surveys the sweep looks after.
SWEPT_STATUSES = (Status.ENROLMENT_OPEN, Status.PAIRING, Status.RUNNING, Status.COMPLETED)
REMINDER_AFTER = timedelta(days=7)
MAX_REMINDERS = 2


@dataclass
class SweepReport:
    responses_created: int = 0
    invitations_queued: int = 0
    reminders_queued: int = 0
    programmes_closed: int = 0
    closing_emails_queued: int = 0
    by_kind: Counter = field(default_factory=Counter)

    def __str__(self) -> str:
        return (
            f"{self.responses_created} invitations due, {self.invitations_queued} queued, "
            f"{self.reminders_queued} reminders queued, {self.programmes_closed} programmes "
            f"closed, {self.closing_emails_queued} closing emails queued"
        )


def run_sweep(*, now: datetime | None = None) -> SweepReport:
    """One pass of the scheduled work; safe to run twice at once (see the module's doc)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = SweepReport()
    programmes = list(Programme.objects.filter(status__in=SWEPT_STATUSES).order_by("pk"))
    open_by_programme: dict[int, set[str]] = {}
    for programme in programmes:
        with transaction.atomic():
            surveys = ensure_surveys(programme)
            kinds = open_kinds(programme, today)
            open_by_programme[programme.pk] = kinds
            for kind in sorted(kinds):
                survey = surveys[kind]
                due = due_enrolments(programme, kind)
                already = set(survey.responses.values_list("enrolment_id", flat=True))
                created = Response.objects.bulk_create(
                    [Response(survey=survey, enrolment_id=pk) for pk in sorted(due - already)],
                    ignore_conflicts=True,
                )
                report.responses_created += len(created)
                report.by_kind[kind] += len(created)
    _queue_invitations(report, open_by_programme, now)
    for programme in programmes:
        if programme.status == Status.COMPLETED:
            report.programmes_closed += close_programme(programme=programme, now=now)
    report.closing_emails_queued = _queue_closing_emails()
    return report


def _open_filter(open_by_programme: dict[int, set[str]]) -> Q:
    condition = Q(pk__in=[])
    for programme_id, kinds in open_by_programme.items():
        if kinds:
            condition |= Q(survey__programme_id=programme_id, survey__kind__in=kinds)
    return condition


def _queue_invitations(
    report: SweepReport, open_by_programme: dict[int, set[str]], now: datetime
) -> None:
    is_open_now = _open_filter(open_by_programme)
    active = Q(enrolment__person__is_active=True)
    to_invite = list(
        Response.objects.filter(is_open_now, active, invited_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    due_reminder = Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMINDER_AFTER)
    to_remind = list(
        Response.objects.filter(
            is_open_now,
            active,
            due_reminder,
            answered_at__isnull=True,
            invited_at__lte=now - REMINDER_AFTER,
            reminders_sent__lt=MAX_REMINDERS,
        ).values_list("pk", "reminders_sent")
    )
    for pk in to_invite:
        tasks.send_survey_invitation.delay_on_commit(pk)
    for pk, sent in to_remind:
        tasks.send_survey_reminder.delay_on_commit(pk, sent)
    report.invitations_queued = len(to_invite)
    report.reminders_queued = len(to_remind)


def _queue_closing_emails() -> int:
    pending = list(
        Completion.objects.filter(
            emailed_at__isnull=True,
            programme__evaluation_settings__closed_at__isnull=False,
            enrolment__person__is_active=True,
        ).values_list("pk", flat=True)
    )
    for pk in pending:
        tasks.send_closing_email.delay_on_commit(pk)
    return len(pending)
