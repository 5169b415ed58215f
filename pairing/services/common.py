"""Shared by the pairing services: the refusal, the rules of when HR may pair, reasons as data."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from enrolments.models import Enrolment
from programmes.models import Programme, Topic

from .. import matching, reasons
from ..models import PairingRound

Role = Enrolment.Role

# HR pairs once enrolment has closed, and re-pairs while the programme runs.
PAIRABLE_STATUSES = (Programme.Status.PAIRING, Programme.Status.RUNNING)

DEFAULT_WEIGHTS = {"complementarity": 50, "affinity": 25, "diversity": 25}

# A round still queued or running after this long lost its worker: the next run replaces it.
ROUND_TIMEOUT = timedelta(minutes=30)


class PairingRefused(Exception):
    """Something that cannot happen now; `reasons` says why, in words for HR."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = [str(reason) for reason in reasons]


def describe(stored: Iterable[Mapping[str, Any]], topics: Mapping[Any, str]) -> list[str]:
    """Sentences, in the active language, for reasons stored as [{"code", "params"}]."""
    return [
        reasons.render(matching.Reason(item["code"], item.get("params") or {}), topics)
        for item in stored
    ]


def topic_names() -> dict[int, str]:
    """Every topic's name in the active language, by pk (reasons name topics by pk)."""
    return {topic.pk: topic.name for topic in Topic.objects.all()}


def as_data(items: Iterable[matching.Reason]) -> list[dict[str, Any]]:
    """Reasons as JSON-ready data, to store on a pair or an unpaired person."""
    return [{"code": item.code, "params": _plain(dict(item.params))} for item in items]


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    return value


def _lock_programme(programme: Programme) -> Programme:
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


def _round_at_work(programme: Programme) -> PairingRound | None:
    """The round queued or running, if any; one that lost its worker is marked failed."""
    at_work = PairingRound.objects.filter(
        programme=programme, status__in=PairingRound.AT_WORK
    ).first()
    if at_work and at_work.queued_at < timezone.now() - ROUND_TIMEOUT:
        _fail(at_work, {"code": "timed_out", "params": {}})
        return None
    return at_work


def _refuse_while_running(programme: Programme) -> None:
    if _round_at_work(programme):
        raise PairingRefused(
            [_("A round is running for this programme: wait for it to finish, then try again.")]
        )


def _fail(pairing_round: PairingRound, error: dict[str, Any]) -> None:
    PairingRound.objects.filter(pk=pairing_round.pk, status__in=PairingRound.AT_WORK).update(
        status=PairingRound.Status.FAILED, error=error, finished_at=timezone.now()
    )


def _name_list(enrolments: Iterable[Enrolment]) -> str:
    return ", ".join(sorted(enrolment.person.name for enrolment in enrolments))
