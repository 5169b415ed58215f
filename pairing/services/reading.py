"""What the pairing pages read: rounds, counts, who waits for a pair and why."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, F, OuterRef, Q, Subquery

from enrolments.models import Enrolment
from programmes.models import Programme

from ..cohort import DEFAULT_WEIGHTS, Role
from ..models import STATES, Pair, PairingRound, UnpairedReason, pair_state_q


def latest_round(programme: Programme) -> PairingRound | None:
    """The programme's latest round, with the names of who ran it and of whom it re-paired
    (the round page shows no other column of them)."""
    fields = [field.name for field in PairingRound._meta.concrete_fields]
    return (
        PairingRound.objects.filter(programme=programme)
        .select_related("run_by", "person__person")
        .only(*fields, "run_by__name", "person__person__name")
        .order_by("-queued_at", "-pk")
        .first()
    )


def weights_for(programme: Programme) -> dict[str, int]:
    """The weights of the programme's last round, or the defaults: HR sets them per programme."""
    last = (
        PairingRound.objects.filter(programme=programme, scope=PairingRound.Scope.EVERYONE)
        .order_by("-queued_at", "-pk")
        .values_list("weights", flat=True)
        .first()
    )
    return {**DEFAULT_WEIGHTS, **(last or {})}


def goal_for(programme: Programme) -> dict[str, Any]:
    """The goal of the programme's last round of everyone ({"goal", "min_score"}), or pairing
    as many people as possible."""
    defaults = round_defaults(programme)
    return {"goal": defaults["goal"], "min_score": defaults["min_score"]}


def round_defaults(programme: Programme) -> dict[str, Any]:
    """The weights and the goal of the programme's last round of everyone, or the defaults,
    in one query: what the next round starts from."""
    last = (
        PairingRound.objects.filter(programme=programme, scope=PairingRound.Scope.EVERYONE)
        .order_by("-queued_at", "-pk")
        .values("weights", "goal", "min_score")
        .first()
    )
    if last is None:
        return {**DEFAULT_WEIGHTS, "goal": PairingRound.Goal.MOST_PAIRS, "min_score": None}
    return {
        **DEFAULT_WEIGHTS,
        **last["weights"],
        "goal": last["goal"],
        "min_score": last["min_score"],
    }


def pair_counts(programme: Programme) -> dict[str, int]:
    """{state: count} for the programme's pairs (proposed, active, ended as `pair_state_q`
    defines them: a finished programme's pairs have ended), in one query."""
    return Pair.objects.filter(programme=programme).state_counts()


def summary(programme: Programme) -> dict[str, Any]:
    """Pairs by state (`pair_state_q`) and the last round's status, in one query (the
    programme page)."""
    last = PairingRound.objects.filter(programme=OuterRef("pk")).order_by("-queued_at", "-pk")
    row = (
        Programme.objects.filter(pk=programme.pk)
        .annotate(
            **{state: Count("pairs", filter=pair_state_q(state, "pairs__")) for state in STATES},
            round_status=Subquery(last.values("status")[:1]),
        )
        .values(*STATES, "round_status")
        .get()
    )
    status = row.pop("round_status")
    return {
        "counts": row,
        "round_status": PairingRound.Status(status).label if status else "",
    }


def published_pair_count(programme: Programme) -> int:
    return Pair.objects.active().filter(programme=programme).count()


def approved_counts(programme: Programme) -> dict[str, int]:
    """{role: approved volunteers}, in one query."""
    counts = dict.fromkeys(Role.values, 0)
    rows = Enrolment.objects.filter(programme=programme, status=Enrolment.Status.APPROVED)
    counts.update(dict(rows.order_by().values_list("role").annotate(total=Count("pk"))))
    return counts


def unpaired_mentees(programme: Programme):
    """Approved mentees with neither an active pair nor a proposal, by name."""
    busy = Pair.objects.filter(
        programme=programme, status__in=[Pair.Status.PROPOSED, Pair.Status.ACTIVE]
    ).values("mentee_id")
    return (
        Enrolment.objects.filter(
            programme=programme, role=Role.MENTEE, status=Enrolment.Status.APPROVED
        )
        .exclude(pk__in=busy)
        .select_related("person__department")
        .order_by("person__name", "pk")
    )


def mentors_with_room(programme: Programme):
    """Approved mentors with places that no active pair or proposal takes; `taken` annotated."""
    return (
        Enrolment.objects.filter(
            programme=programme, role=Role.MENTOR, status=Enrolment.Status.APPROVED
        )
        .annotate(
            taken=Count(
                "pairs_as_mentor",
                filter=Q(pairs_as_mentor__status__in=[Pair.Status.PROPOSED, Pair.Status.ACTIVE]),
            )
        )
        .filter(capacity__gt=F("taken"))
        .select_related("person__department")
        .order_by("person__name", "pk")
    )


def latest_reasons(programme: Programme, enrolments: Iterable[Enrolment]) -> dict[int, list]:
    """Why the last round that looked at each of them left them unpaired (two queries).

    A round of everyone looks at everyone; a re-pairing round at its one person. Someone
    that round paired, whose proposal HR removed since, has no reason here: they have
    not been looked at since.
    """
    ids = [enrolment.pk for enrolment in enrolments]
    rounds = PairingRound.objects.filter(programme=programme, status=PairingRound.Status.DONE)
    last_everyone, last_alone = None, {}
    rows = rounds.order_by("queued_at", "pk").values_list("pk", "person_id", "went_back_at")
    for pk, person, went_back in rows:
        if person is None and went_back is None:
            last_everyone, last_alone = pk, {}  # it looked at everyone again
        elif person is None:
            continue  # HR went back to the proposals before it: its reasons no longer hold
        else:
            last_alone[person] = pk
    wanted = {pk: last_alone.get(pk, last_everyone) for pk in ids}
    wanted = {pk: latest for pk, latest in wanted.items() if latest is not None}
    rows = UnpairedReason.objects.filter(
        round_id__in=set(wanted.values()), enrolment_id__in=list(wanted)
    ).values_list("enrolment_id", "round_id", "reasons")
    return {pk: reasons for pk, round_id, reasons in rows if wanted[pk] == round_id}
