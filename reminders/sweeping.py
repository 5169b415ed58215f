"""The sweep: reminders that come from the passing of time, then every due row claimed.

Run by Celery beat every few minutes (reminders.tasks.sweep) or by
`manage.py send_due_reminders`. Delivery is exactly once, with one accepted window (see
docs/reminders.md):
- a claim is a token written by `UPDATE ... WHERE id IN (...) AND <still claimable>`: of two
  sweeps racing for a row, one updates it, the other finds it no longer claimable;
- the sender holds its row under a lock while its claim is its own (reminders.sending);
- a claim whose worker died is claimable again after REMINDERS_CLAIM_TIMEOUT, and failed
  once its worker died on each of the allowed attempts;
- the window: a worker killed after the SMTP server accepted a message and before the
  commit sends it again on the next claim, with the same Message-ID header, so that a
  mail system can drop the copy.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from pairing.models import Pair
from people.models import User

from .activity import with_last_activity
from .models import Reminder, instant
from .sending import MAX_ATTEMPTS, send_claimed

logger = logging.getLogger(__name__)

Kind = Reminder.Kind
Status = Reminder.Status

DIGEST_WEEKDAY, DIGEST_TIME = 0, time(8, 0)  # Monday morning, in settings.TIME_ZONE
CLAIM_BATCH = 1000  # rows claimed by one UPDATE
SEND_BATCH = 25  # reminders sent by one task, over one SMTP connection
MAX_CLAIM_ROUNDS = 100  # a sweep's bound, however much is due


def claim_timeout() -> timedelta:
    return timedelta(seconds=settings.REMINDERS_CLAIM_TIMEOUT)


@dataclass
class SweepReport:
    written: int = 0  # reminders the passing of time made due (alerts, digests)
    failed: int = 0  # claims given up: their worker died too many times
    claimed: int = 0
    sent: int = 0  # only when sending in this process


def sweep(
    *,
    now: datetime | None = None,
    hand_over: Callable[[list[int], str], Any] | None = None,
) -> SweepReport:
    """One sweep: write time-driven reminders, then claim everything due and hand it over.

    `hand_over(ids, claim)` gets each batch once its claim is committed: the Celery task
    enqueues a task per batch; without it the batch is sent here, in this process.
    """
    now = now or timezone.now()
    report = SweepReport()
    report.written = write_inactive_pair_alerts(now) + write_weekly_digests(now)
    report.failed = fail_exhausted_claims(now)
    for _round in range(MAX_CLAIM_ROUNDS):
        claim, ids = claim_due(now, limit=CLAIM_BATCH)
        report.claimed += len(ids)
        for start in range(0, len(ids), SEND_BATCH):
            batch = ids[start : start + SEND_BATCH]
            if hand_over is None:
                report.sent += send_claimed(reminder_ids=batch, claim=claim)
            else:
                hand_over(batch, claim)
        if len(ids) < CLAIM_BATCH:
            break
    if report.claimed or report.written or report.failed:
        logger.info("Reminders sweep: %s", report)
    return report


def claim_due(now: datetime, *, limit: int) -> tuple[str, list[int]]:
    """Claim up to `limit` due rows for a new token; (token, ids actually won)."""
    stale_before = now - claim_timeout()
    claimable = Reminder.objects.filter(
        Q(status=Status.PENDING, due_at__lte=now)
        | Q(status=Status.CLAIMED, claimed_at__lt=stale_before, attempts__lt=MAX_ATTEMPTS)
    )
    candidates = list(claimable.order_by("due_at", "pk").values_list("pk", flat=True)[:limit])
    claim = uuid.uuid4()
    if not candidates:
        return str(claim), []
    # The condition is evaluated again on each row as the UPDATE reaches it: a row another
    # sweep claimed in between is no longer claimable and is left to that sweep.
    claimable.filter(pk__in=candidates).update(
        status=Status.CLAIMED,
        claim=claim,
        claimed_at=now,
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    won = list(
        Reminder.objects.filter(claim=claim, status=Status.CLAIMED)
        .order_by("due_at", "pk")
        .values_list("pk", flat=True)
    )
    return str(claim), won


def fail_exhausted_claims(now: datetime) -> int:
    """Claims whose worker died on each of the allowed attempts: failed, for HR to see."""
    return Reminder.objects.filter(
        status=Status.CLAIMED,
        claimed_at__lt=now - claim_timeout(),
        attempts__gte=MAX_ATTEMPTS,
    ).update(
        status=Status.FAILED,
        last_error="The worker stopped while sending it, on every attempt.",
        updated_at=now,
    )


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
