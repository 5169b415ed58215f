"""Two rounds compared: what a new round of everyone changed in the proposals it replaced,
and going back to those proposals if HR prefers them.

A round of everyone keeps a copy of the proposals it replaced (`ReplacedProposal`). The
comparison reads that copy against the proposals as they are now (HR may have locked,
forbidden or set pairs by hand since): pairs kept and broken, mentees newly paired or left
out, the average score before and now. Until HR publishes or runs again, "Go back" puts the
replaced proposals back, minus those that no longer hold (a person no longer approved, a
pair forbidden since).
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enrolments.models import Enrolment
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from ..guards import PairingRefused, lock_programme, refuse_while_running
from ..models import Pair, PairConstraint, PairingRound, ReplacedProposal

SHOWN = 50  # people or pairs listed per kind of change, before "and N more"


@dataclass
class Change:
    """One kind of change: how many, and the first SHOWN of them as (mentor, mentee) or
    people, with their scores."""

    total: int = 0
    shown: list = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.total - len(self.shown)


@dataclass
class Comparison:
    round: PairingRound
    before: PairingRound | None  # the round that had proposed most of the replaced pairs
    went_back: bool
    can_go_back: bool
    pairs_before: int
    pairs_now: int
    kept: int
    broken: Change
    new: int
    newly_paired: Change
    left_out: Change
    average_before: float | None
    average_now: float | None

    @property
    def average_change(self) -> float | None:
        if self.average_before is None or self.average_now is None:
            return None
        return round(self.average_now - self.average_before, 1)

    @property
    def average_change_sign(self) -> str:
        """ "+" before a rise (a fall carries its own minus sign)."""
        return "+" if self.average_change and self.average_change > 0 else ""


def last_compared_round(programme: Programme) -> PairingRound | None:
    """The last round of everyone that is done, if it replaced proposals to compare with."""
    last = (
        PairingRound.objects.filter(
            programme=programme,
            scope=PairingRound.Scope.EVERYONE,
            status=PairingRound.Status.DONE,
        )
        .order_by("-queued_at", "-pk")
        .first()
    )
    return last if last is not None and last.replaced_count is not None else None


def _published_since(pairing_round: PairingRound) -> bool:
    return Pair.objects.filter(
        programme_id=pairing_round.programme_id, published_at__gt=pairing_round.finished_at
    ).exists()


def comparison(programme: Programme, latest: PairingRound | None = None) -> Comparison | None:
    """What the last round of everyone changed, as of now: five queries at most whatever the
    size of the programme (one when there is nothing to compare). `latest`: the programme's
    latest round, when the caller has it already."""
    if latest is not None and latest.scope == PairingRound.Scope.EVERYONE:
        pairing_round = latest if latest.status == PairingRound.Status.DONE else None
        if pairing_round is not None and pairing_round.replaced_count is None:
            pairing_round = None
    else:
        pairing_round = last_compared_round(programme)
    if pairing_round is None or _published_since(pairing_round):
        return None
    rows = ReplacedProposal.objects.filter(round=pairing_round).values_list(
        "mentor_id", "mentee_id", "score", "proposed_by_id"
    )
    before, sources = {}, Counter()
    for mentor, mentee, score, source in rows:
        before[mentor, mentee] = score
        sources[source] += 1
    current = Pair.objects.proposed().filter(programme=programme)
    now = {
        (mentor, mentee): score
        for mentor, mentee, score in current.values_list("mentor_id", "mentee_id", "score")
    }
    mentees_before = {mentee for _mentor, mentee in before}
    mentees_now = {mentee for _mentor, mentee in now}
    broken = sorted(set(before) - set(now), key=lambda pair: (before[pair], pair))
    newly = sorted(mentees_now - mentees_before)
    left_out = sorted(mentees_before - mentees_now)
    shown = (
        {e for pair in broken[:SHOWN] for e in pair} | set(newly[:SHOWN]) | set(left_out[:SHOWN])
    )
    names = _enrolments(shown) if shown else {}
    source = next((pk for pk, _count in sources.most_common() if pk is not None), None)
    return Comparison(
        round=pairing_round,
        before=PairingRound.objects.filter(pk=source).first() if source else None,
        went_back=pairing_round.went_back_at is not None,
        can_go_back=pairing_round.went_back_at is None,
        pairs_before=len(before),
        pairs_now=len(now),
        kept=len(set(before) & set(now)),
        broken=Change(len(broken), [(names[r], names[e], before[r, e]) for r, e in broken[:SHOWN]]),
        new=len(set(now) - set(before)),
        newly_paired=Change(len(newly), [names[e] for e in newly[:SHOWN]]),
        left_out=Change(len(left_out), [names[e] for e in left_out[:SHOWN]]),
        average_before=_average(before.values()),
        average_now=_average(now.values()),
    )


def _average(scores) -> float | None:
    scores = list(scores)
    return round(sum(scores) / len(scores), 1) if scores else None


def _enrolments(pks: set[int]) -> dict[int, Enrolment]:
    return Enrolment.objects.select_related("person").in_bulk(pks)


def go_back(*, programme: Programme, by: User | None) -> int:
    """Put back the proposals the last round of everyone replaced; return how many.

    Refused once the round's proposals were published or another round ran. Pairs that no
    longer hold are left out: a person no longer approved or already in an active pair, a
    pair HR forbade since. Locks are HR's standing decisions and stay as they are.
    """
    check_hr_admin(by)
    with transaction.atomic():
        programme = lock_programme(programme)
        refuse_while_running(programme)
        pairing_round = last_compared_round(programme)
        if pairing_round is None:
            raise PairingRefused([_("There is no earlier set of proposals to go back to.")])
        if pairing_round.went_back_at is not None:
            raise PairingRefused([_("You have already gone back to the earlier proposals.")])
        if _published_since(pairing_round):
            raise PairingRefused(
                [_("Pairs were published since this round: its earlier proposals are gone.")]
            )
        approved = set(
            Enrolment.objects.filter(
                programme=programme, status=Enrolment.Status.APPROVED
            ).values_list("pk", flat=True)
        )
        constraints = PairConstraint.objects.filter(programme=programme)
        forbidden = set(
            constraints.filter(kind=PairConstraint.Kind.FORBIDDEN).values_list(
                "mentor_id", "mentee_id"
            )
        )
        locked = set(
            constraints.filter(kind=PairConstraint.Kind.LOCKED).values_list(
                "mentor_id", "mentee_id"
            )
        )
        active = set(Pair.objects.active().filter(programme=programme).values_list("mentee_id"))
        back = [
            old
            for old in ReplacedProposal.objects.filter(round=pairing_round).select_related(
                "mentor", "mentee"
            )
            if {old.mentor_id, old.mentee_id} <= approved
            and (old.mentor_id, old.mentee_id) not in forbidden
            and (old.mentee_id,) not in active
        ]
        Pair.objects.proposed().filter(programme=programme).delete()
        Pair.objects.bulk_create(
            Pair(
                programme=programme,
                round_id=old.proposed_by_id,
                mentor=old.mentor,
                mentee=old.mentee,
                mentor_person_id=old.mentor.person_id,
                mentee_person_id=old.mentee.person_id,
                score=old.score,
                parts=old.parts,
                reasons=old.reasons,
                locked=(old.mentor_id, old.mentee_id) in locked,
                set_by_hand=old.set_by_hand,
            )
            for old in back
        )
        PairingRound.objects.filter(pk=pairing_round.pk).update(went_back_at=timezone.now())
    return len(back)
