"""What pages and figures ask of pairs: their state (`pair_state_q`, the one definition of
an active and an ended pair), who is at risk, who left. `Pair.objects` is a PairQuerySet.
Statuses are written as the database stores them ("active"): this module is imported by
models.py, before Pair exists.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from programmes.models import ENDED as PROGRAMME_OVER
from programmes.models import Programme

# A pair's state as every page and figure counts it (`pair_state_q`).
STATES = ("proposed", "active", "ended")


def at_risk_cutoff(now: datetime) -> datetime:
    """Pairs without a session held since this moment are at risk."""
    return now - timedelta(days=settings.PAIRS_AT_RISK_AFTER_DAYS)


def pair_state_q(state: str, prefix: str = "") -> Q:
    """The one definition of a pair's state as the pages and figures count it.

    "active": published, not ended, and its programme not over; "ended": ended by HR, or
    ended with its programme (completed or archived: its pairs stopped meeting on purpose,
    and HR cannot end them any more); "proposed": not published yet. `prefix` reads the
    pair through a relation ("pairs__" from a programme).
    """
    status = f"{prefix}status"
    over = Q(**{f"{prefix}programme__status__in": PROGRAMME_OVER})
    if state == "active":
        return Q(**{status: "active"}) & ~over
    if state == "ended":
        return Q(**{status: "ended"}) | (Q(**{status: "active"}) & over)
    if state == "proposed":
        return Q(**{status: "proposed"})
    raise ValueError(state)


class PairQuerySet(models.QuerySet):
    def proposed(self) -> "PairQuerySet":
        return self.filter(status="proposed")

    def active(self) -> "PairQuerySet":
        """Status ACTIVE, the database's invariants (one active pair per mentee). What a
        page counts or lists as active is `ongoing()`."""
        return self.filter(status="active")

    def ongoing(self) -> "PairQuerySet":
        """Active pairs as every page counts them: their programme is not over."""
        return self.filter(pair_state_q("active"))

    def over(self) -> "PairQuerySet":
        """Ended pairs as every page counts them: ended by HR or with their programme."""
        return self.filter(pair_state_q("ended"))

    def state_counts(self) -> dict[str, int]:
        """{state: count} for "proposed", "active" and "ended", in one query."""
        return self.order_by().aggregate(
            **{state: models.Count("pk", filter=pair_state_q(state)) for state in STATES}
        )

    def published(self) -> "PairQuerySet":
        """Active or ended: what its members may see."""
        return self.filter(status__in=["active", "ended"])

    def of_person(self, person: models.Model) -> "PairQuerySet":
        return self.filter(Q(mentor_person=person) | Q(mentee_person=person))

    def with_leaver(self) -> "PairQuerySet":
        """Active pairs one of whose members left the company (account closed): HR ends
        them and finds the other a new partner (people/leavers.py)."""
        # The few people who left, as a subquery: no join of every active pair to its members.
        people = self.model._meta.get_field("mentor_person").related_model
        left = people.objects.filter(is_active=False).values("pk")
        return self.ongoing().filter(Q(mentor_person__in=left) | Q(mentee_person__in=left))

    def named(self, query: str) -> "PairQuerySet":
        """Pairs whose mentor's or mentee's name contains `query` (all of them if empty)."""
        if not query:
            return self
        return self.filter(
            Q(mentor_person__name__icontains=query) | Q(mentee_person__name__icontains=query)
        )

    def quiet_since(self, cutoff: datetime) -> "PairQuerySet":
        """Active pairs of a running programme, published by `cutoff`, that have held no
        session since: the one definition of a pair "at risk".

        A completed programme's pairs have stopped meeting on purpose, so they are never
        at risk. Sessions are read through the reverse relation: meetings builds on
        pairing, never the other way round.
        """
        meeting = self.model._meta.get_field("meetings").related_model
        held_since = meeting.objects.filter(
            pair=OuterRef("pk"), status="held", starts_at__gte=cutoff
        )
        return self.filter(
            status="active",
            programme__status=Programme.Status.RUNNING,
            published_at__lte=cutoff,
        ).exclude(Exists(held_since))

    def at_risk(self, now: datetime) -> "PairQuerySet":
        """Pairs quiet for `PAIRS_AT_RISK_AFTER_DAYS` at `now`."""
        return self.quiet_since(at_risk_cutoff(now))

    def with_people(self) -> "PairQuerySet":
        return self.select_related(
            "mentor_person__department",
            "mentee_person__department",
            "programme",
            "mentor",
            "mentee",
        )
