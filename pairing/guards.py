"""When HR may change a programme's pairs, and the refusal that says why not.

Shared by the services and by the round that a task runs (pairing.running), which is
why it lives beside them rather than inside the services package.
"""

from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from common import formatting
from enrolments.models import Enrolment
from programmes.models import Programme

from .models import PairingRound

# HR pairs once enrolment has closed, and re-pairs while the programme runs.
PAIRABLE_STATUSES = (Programme.Status.PAIRING, Programme.Status.RUNNING)

# A round still queued or running after this long lost its worker: the next run replaces it.
ROUND_TIMEOUT = timedelta(minutes=30)


class PairingRefused(Exception):
    """Something that cannot happen now; `reasons` says why, in words for HR."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = [str(reason) for reason in reasons]


def lock_programme(programme: Programme) -> Programme:
    """The programme row, locked: every change to its pairs queues behind this."""
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    if current.status not in PAIRABLE_STATUSES:
        raise PairingRefused(
            [
                _(
                    "This programme is “%(status)s”: pairs are made once enrolment has closed "
                    "(status “Pairing”) and while it runs."
                )
                % {"status": current.get_status_display()}
            ]
        )
    return current


def round_at_work(programme: Programme) -> PairingRound | None:
    """The round queued or running, if any; one that lost its worker is marked failed."""
    at_work = PairingRound.objects.filter(
        programme=programme, status__in=PairingRound.AT_WORK
    ).first()
    if at_work and at_work.queued_at < timezone.now() - ROUND_TIMEOUT:
        fail(at_work, {"code": "timed_out", "params": {}})
        return None
    return at_work


def refuse_while_running(programme: Programme) -> None:
    if round_at_work(programme):
        raise PairingRefused(
            [_("A round is running for this programme: wait for it to finish, then try again.")]
        )


def fail(pairing_round: PairingRound, error: dict[str, Any]) -> None:
    """Mark a round at work failed, with why as data (the round page words it)."""
    PairingRound.objects.filter(pk=pairing_round.pk, status__in=PairingRound.AT_WORK).update(
        status=PairingRound.Status.FAILED, error=error, finished_at=timezone.now()
    )


def name_list(enrolments: Iterable[Enrolment]) -> str:
    """“Anne, Marc and Zoé”, in the reader's language."""
    return formatting.word_list(sorted(enrolment.person.name for enrolment in enrolments))
