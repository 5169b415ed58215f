"""The sweep: reminders that come from the passing of time, dead senders' rows back, senders
started for whatever is due.

Run by Celery beat every few minutes (reminders.tasks.sweep) or by
`manage.py send_due_reminders`. Delivery is exactly once, with one accepted window (see
docs/reminders.md):
- a sender claims rows for a token it holds while it runs (reminders.claims): of two senders
  racing for a row, one claims it, the other skips it;
- the sender holds its row under a lock while its claim is its own (reminders.sending);
- the broker carries no reminder: a task lost with Redis, or with a killed worker, leaves
  rows pending or claimed by a token nobody holds, which this sweep puts back at once;
- the window: a worker killed after the SMTP server accepted a message and before the
  commit sends it again, with the same Message-ID header, so that a mail system can drop
  the copy.
"""

import logging
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from pairing.models import Pair
from people.models import User

from . import claims
from .activity import with_last_activity
from .models import Reminder, instant
from .sending import SEND_BATCH, send_due

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Status = Reminder.Status

DIGEST_WEEKDAY, DIGEST_TIME = 0, time(8, 0)  # Monday morning, in settings.TIME_ZONE


@dataclass
class SweepReport:
    written: int = 0  # reminders the passing of time made due (alerts, digests)
    released: int = 0  # rows of senders that are gone, pending again
    failed: int = 0  # rows given up: their sender died on every allowed attempt
    due: int = 0  # rows due when the sweep looked
    senders: int = 0  # sender tasks started (with Celery)
    claimed: int = 0  # only when sending in this process
    sent: int = 0  # only when sending in this process


def sweep(
    *,
    now: datetime | None = None,
    hand_over: Callable[[], Any] | None = None,
) -> SweepReport:
    """One sweep: write time-driven reminders, take back dead senders' rows, then send.

    `hand_over()` starts one sender elsewhere: the Celery task enqueues as many as the rows
    due need, up to REMINDERS_SENDERS; without it this process sends everything due.
    """
    now = now or timezone.now()
    report = SweepReport()
    report.written = write_inactive_pair_alerts(now) + write_weekly_digests(now)
    report.released, report.failed = claims.release_abandoned(now)
    report.due = Reminder.objects.filter(status=Status.PENDING, due_at__lte=now).count()
    if report.due and hand_over is None:
        sent = send_due(now=now)
        report.claimed, report.sent = sent.claimed, sent.sent
    elif report.due:
        report.senders = min(math.ceil(report.due / SEND_BATCH), settings.REMINDERS_SENDERS)
        for _sender in range(report.senders):
            hand_over()
    if report.due or report.written or report.failed or report.released:
        logger.info("Reminders sweep: %s", report)
    return report


def write_inactive_pair_alerts(now: datetime) -> int:
    """An alert to the programme's HR managers for each pair at risk (pairing's rule), once
    for each stretch of silence as long as the rule's: 45 days, 90 days, and so on."""
    silence = timedelta(days=settings.PAIRS_AT_RISK_AFTER_DAYS)
    pairs = with_last_activity(Pair.objects.at_risk(now)).prefetch_related("programme__managers")
    rows = []
    for pair in pairs:
        periods = (now - pair.last_activity) // silence
        for manager in pair.programme.managers.all():
            if not manager.is_active:
                continue
            key = (
                f"{Kind.INACTIVE_PAIR_ALERT}:p{pair.pk}:{int(pair.last_activity.timestamp())}"
                f":{periods}:u{manager.pk}"
            )
            rows.append(
                Reminder(
                    kind=Kind.INACTIVE_PAIR_ALERT,
                    recipient=manager,
                    programme_id=pair.programme_id,
                    pair=pair,
                    due_at=now,
                    dedupe_key=key,
                    context={"last_activity": instant(pair.last_activity)},
                )
            )
    return _write_new(rows)


def digest_week(now: datetime) -> tuple[str, datetime] | None:
    """("2026-W48", Monday 08:00) of the current week once that Monday morning has come."""
    local = timezone.localtime(now)
    monday = local.date() - timedelta(days=(local.weekday() - DIGEST_WEEKDAY) % 7)
    due_at = timezone.make_aware(datetime.combine(monday, DIGEST_TIME))
    if local < due_at:
        return None
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}", due_at


def write_weekly_digests(now: datetime) -> int:
    """One digest a week for each HR admin who manages a running programme."""
    week = digest_week(now)
    if week is None:
        return 0
    label, due_at = week
    managers = User.objects.hr_admins().filter(managed_programmes__status="running").distinct()
    rows = [
        Reminder(
            kind=Kind.WEEKLY_DIGEST,
            recipient=manager,
            due_at=due_at,
            dedupe_key=f"{Kind.WEEKLY_DIGEST}:{label}:u{manager.pk}",
            context={"week": label, "from": (due_at - timedelta(days=7)).isoformat()},
        )
        for manager in managers.only("pk")
    ]
    return _write_new(rows)


def _write_new(rows: list[Reminder]) -> int:
    if not rows:
        return 0
    known = set(
        Reminder.objects.filter(dedupe_key__in=[row.dedupe_key for row in rows]).values_list(
            "dedupe_key", flat=True
        )
    )
    new = [row for row in rows if row.dedupe_key not in known]
    Reminder.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)
