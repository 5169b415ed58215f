"""What the pairing pages show, gathered per page, so that the views only orchestrate.

Each page reads a fixed number of queries whatever the size of the programme
(tests/test_query_counts.py): lists are paged or cut at PEOPLE_SHOWN.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enrolments.models import Enrolment
from programmes.models import ENDED as PROGRAMME_OVER
from programmes.models import Programme

from . import facts, services
from .models import Pair, PairConstraint, PairingRound
from .reasons import describe, topic_names

# What HR's tables of pairs show of each: its two members and their departments (not the
# programme, which the page is about, nor the enrolments).
MEMBERS = ("mentor_person__department", "mentee_person__department")
# The columns those tables read of a member (`pairing_tags.person_cell`, the rows' emails).
MEMBER_FIELDS = tuple(
    f"{member}_person__{name}"
    for member in ("mentor", "mentee")
    for name in ("name", "email", "grade", "department__name")
)
# The columns a published pair's row reads: its enrolments (the facts), score, reasons and
# date, and its members; nothing else of the 25 columns a pair and its people hold.
PUBLISHED_FIELDS = ("code", "mentor", "mentee", "score", "reasons", "published_at", *MEMBER_FIELDS)
# A proposal's row: its score, parts and reasons, HR's marks and its members.
PROPOSAL_FIELDS = (
    "code",
    "mentor",
    "mentee",
    "score",
    "parts",
    "reasons",
    "locked",
    "set_by_hand",
    *MEMBER_FIELDS,
)
# A pair one of whose members left: who left (`is_active`, `left_on` reads the pk), who stays.
LEAVER_FIELDS = (
    "code",
    *(
        f"{member}_person__{name}"
        for member in ("mentor", "mentee")
        for name in ("name", "email", "is_active")
    ),
)
# A volunteer in a list of people: `person_cell` and the line's email.
PERSON_LINE = ("person__name", "person__email", "person__grade", "person__department__name")
# A forbidden pair's line: its two people, who forbade it, and its code for "Allow again".
FORBIDDEN_FIELDS = (
    "code",
    *(f"{side}__person__{name}" for side in ("mentor", "mentee") for name in ("name", "email")),
    "created_by__name",
)
# An ended pair's line: its members' names, when, by whom and why.
ENDED_FIELDS = (
    "ended_at",
    "end_reason",
    "end_note",
    "mentor_person__name",
    "mentee_person__name",
    "ended_by__name",
)
# Fifty rows a page: each row's match is worked out from its members' facts (pairing.facts)
# and drawn in full, and HR finds a pair by name.
PROPOSALS_PER_PAGE = 50
PAIRS_PER_PAGE = 50
ENDED_SHOWN = 100  # the latest pairs that ended, on the published pairs' page
PEOPLE_SHOWN = 200  # unpaired mentees and mentors with room, before "and N more"
SORTS = {
    "score": ("score", "mentee_person__name", "pk"),
    "-score": ("-score", "mentee_person__name", "pk"),
    "mentor": ("mentor_person__name", "mentee_person__name", "pk"),
    "mentee": ("mentee_person__name", "pk"),
}
PART_LABELS = {
    "complementarity": gettext_lazy("Complementarity"),
    "affinity": gettext_lazy("Affinity"),
    "diversity": gettext_lazy("Diversity"),
}


def programmes_to_pair() -> list[Programme]:
    """The programmes HR may pair, with their volunteers, pairs and last round (one query)."""
    approved = Enrolment.objects.filter(status=Enrolment.Status.APPROVED)
    latest = PairingRound.objects.filter(programme=OuterRef("pk")).order_by("-queued_at", "-pk")
    programmes = list(
        Programme.objects.filter(status__in=services.PAIRABLE_STATUSES)
        .annotate(
            mentors=_count(approved.filter(role=Enrolment.Role.MENTOR)),
            mentees=_count(approved.filter(role=Enrolment.Role.MENTEE)),
            proposed=_count(Pair.objects.proposed()),
            active=_count(Pair.objects.ongoing()),
            round_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("start_on", "name")
    )
    labels = dict(PairingRound.Status.choices)
    for programme in programmes:
        programme.round_label = labels.get(programme.round_status, "")
    return programmes


def _count(queryset: QuerySet) -> Coalesce:
    """A count per programme as a subquery: joining enrolments and pairs at once would
    multiply their rows (thousands of each in a large programme)."""
    counted = (
        queryset.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counted[:1]), 0)


@dataclass
class ProposalRow:
    pair: Pair
    reasons: list[str]  # why it was proposed, in words
    parts: list[dict[str, Any]]  # each part's name, label, points and share of the score


@dataclass
class RoundPage:
    """HR's round page: the last round, the proposals (searched, sorted, paged) with their
    reasons in words, who is left and why, and HR's forbidden pairs."""

    programme: Programme
    round: PairingRound | None
    defaults: dict[str, Any]  # the weights and goal the next round starts from
    round_error: list[str]
    counts: dict[str, int]
    volunteers: dict[str, int]
    rows: list[ProposalRow]
    page: Page
    query: str
    sort: str
    unpaired: list[tuple[Enrolment, list[str]]]
    unpaired_total: int
    with_room: list[tuple[Enrolment, int, list[str]]]  # with their places left
    with_room_total: int
    forbidden: QuerySet[PairConstraint]
    can_pair: bool
    comparison: services.Comparison | None  # what the last round of everyone changed

    @property
    def at_work(self) -> bool:
        return bool(self.round and self.round.is_at_work)

    @classmethod
    def build(cls, programme: Programme, params: QueryDict) -> "RoundPage":
        """The page as `params` (q, sort, page) ask for it."""
        latest = services.latest_round(programme)
        defaults = services.round_defaults(programme)
        topics = topic_names()
        query = params.get("q", "").strip()
        sort = params.get("sort", "score")
        if sort not in SORTS:
            sort = "score"
        proposals = (
            Pair.objects.proposed()
            .filter(programme=programme)
            .select_related(*MEMBERS)
            .only(*PROPOSAL_FIELDS)
            .named(query)
        )
        counts = services.pair_counts(programme)
        paginator = Paginator(proposals.order_by(*SORTS[sort]), PROPOSALS_PER_PAGE)
        if not query:
            paginator.count = counts["proposed"]  # the same proposals, counted already
        page = paginator.get_page(params.get("page"))
        unpaired = services.unpaired_mentees(programme).only(*PERSON_LINE)
        with_room = services.mentors_with_room(programme).only("capacity", *PERSON_LINE)
        shown_unpaired = list(unpaired[:PEOPLE_SHOWN])
        shown_with_room = list(with_room[:PEOPLE_SHOWN])
        why = services.latest_reasons(programme, [*shown_unpaired, *shown_with_room])
        weights = {name: defaults[name] for name in services.DEFAULT_WEIGHTS}
        facts.attach(list(page.object_list), programme, weights=weights)
        lock_url, forbid_url = url_for("pairing:lock"), url_for("pairing:forbid")
        for pair in page.object_list:
            pair.lock_url, pair.forbid_url = lock_url(pair.code), forbid_url(pair.code)
        return cls(
            programme=programme,
            round=latest,
            defaults=defaults,
            round_error=_round_error(latest, topics),
            counts=counts,
            volunteers=services.approved_counts(programme),
            rows=[
                ProposalRow(pair, describe(pair.reasons, topics), _parts(pair))
                for pair in page.object_list
            ],
            page=page,
            query=query,
            sort=sort,
            unpaired=[(e, describe(why.get(e.pk, []), topics)) for e in shown_unpaired],
            unpaired_total=_total(shown_unpaired, unpaired),
            with_room=[
                (e, e.capacity - e.taken, describe(why.get(e.pk, []), topics))
                for e in shown_with_room
            ],
            with_room_total=_total(shown_with_room, with_room),
            forbidden=PairConstraint.objects.filter(
                programme=programme, kind=PairConstraint.Kind.FORBIDDEN
            )
            .select_related("mentor__person", "mentee__person", "created_by")
            .only(*FORBIDDEN_FIELDS),
            can_pair=programme.status in services.PAIRABLE_STATUSES,
            comparison=services.comparison(programme, latest),
        )

    def context(self) -> dict[str, Any]:
        """The template's context: one name per field, and `at_work`."""
        return {**vars(self), "at_work": self.at_work}


def url_for(name: str) -> Callable[[UUID], str]:
    """`reverse(name, args=[code])` for the codes of a page's rows: the URL is reversed once
    and each row's code put in its place (a reverse a row, twice, was a tenth of the page)."""
    blank = str(UUID(int=0))
    head, tail = reverse(name, args=[blank]).split(blank)
    return lambda code: f"{head}{code}{tail}"


def _total(shown: list, everyone: QuerySet) -> int:
    """How many there are: those shown, unless the list was cut at PEOPLE_SHOWN."""
    return len(shown) if len(shown) < PEOPLE_SHOWN else everyone.count()


def _parts(pair: Pair) -> list[dict[str, Any]]:
    total = sum(float(points) for points in pair.parts.values()) or 1.0
    return [
        {
            "name": name,
            "label": label,
            "points": pair.parts.get(name, 0),
            "share": round(100 * float(pair.parts.get(name, 0)) / total),
        }
        for name, label in PART_LABELS.items()
    ]


def _round_error(pairing_round: PairingRound | None, topics: dict[int, str]) -> list[str]:
    """Why the last round failed, in words; empty unless it failed."""
    if pairing_round is None or pairing_round.status != PairingRound.Status.FAILED:
        return []
    error = pairing_round.error or {}
    params = error.get("params") or {}
    code = error.get("code")
    if code == "invalid_lock":
        return [
            _(
                "The locked pair %(mentor)s and %(mentee)s breaks a rule, so the round stopped. "
                "Unlock it, then run again:"
            )
            % {"mentor": params.get("mentor", ""), "mentee": params.get("mentee", "")},
            *describe(params.get("reasons", []), topics),
        ]
    if code == "refused":
        return describe(params.get("reasons", []), topics)
    if code == "timed_out":
        return [_("The round took too long and was stopped. Nothing was changed: run it again.")]
    return [
        _(
            "Something went wrong while pairing. Nothing was changed: run the round again, and "
            "tell the Tandem support team if it happens again."
        )
    ]


@dataclass
class PublishedPage:
    """HR's published pairs page: the active pairs (searched, paged), the last ended ones,
    and who is left alone to re-pair."""

    programme: Programme
    page: Page
    query: str
    ended: QuerySet[Pair]
    left_alone: list[Enrolment]
    leavers: list[Pair]
    counts: dict[str, int]
    can_pair: bool
    finished: bool  # the listed pairs ended with the programme

    @classmethod
    def build(cls, programme: Programme, params: QueryDict) -> "PublishedPage":
        query = params.get("q", "").strip()
        # A finished programme's pairs ended with it: listed, never ended again (`can_end`).
        finished = programme.status in PROGRAMME_OVER
        active = (
            Pair.objects.active()
            .filter(programme=programme)
            .select_related(*MEMBERS)
            .only(*PUBLISHED_FIELDS)
            .named(query)
        )
        counts = services.pair_counts(programme)
        paginator = Paginator(
            active.order_by("mentor_person__name", "mentee_person__name", "pk"), PAIRS_PER_PAGE
        )
        if not query and not finished:
            # The same pairs, counted already: while the programme runs, an active pair's
            # state is its status.
            paginator.count = counts["active"]
        page = paginator.get_page(params.get("page"))
        shown = list(page.object_list)
        facts.attach(shown, programme)
        status_url, end_url = url_for("pairing:pair"), url_for("pairing:end")
        for pair in shown:  # the score from facts, as the label beside it (nothing is saved)
            pair.score = getattr(pair, "facts", pair).score
            pair.status_url, pair.end_url = status_url(pair.code), end_url(pair.code)
        # Before a pair has ended (its state counts every pair whose status is "ended"),
        # there is no ended pair to list and nobody left alone: two queries fewer.
        any_ended = counts["ended"] > 0
        return cls(
            programme=programme,
            page=page,
            query=query,
            ended=Pair.objects.filter(programme=programme, status=Pair.Status.ENDED)
            .select_related("mentor_person", "mentee_person", "ended_by")
            .only(*ENDED_FIELDS)
            .order_by("-ended_at", "-pk")[:ENDED_SHOWN]
            if any_ended
            else Pair.objects.none(),
            left_alone=services.left_alone(programme) if any_ended else [],
            leavers=list(
                Pair.objects.filter(programme=programme)
                .with_leaver()
                .select_related("mentor_person", "mentee_person")
                .only(*LEAVER_FIELDS)
                .order_by("pk")
            ),
            counts=counts,
            can_pair=programme.status in services.PAIRABLE_STATUSES,
            finished=finished,
        )

    def context(self) -> dict[str, Any]:
        return dict(vars(self))
