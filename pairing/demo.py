"""The demo's pairs: a running programme with published pairs, and a round waiting for review.

A step of `seed_demo` (demo/management/commands/seed_demo.py), after the enrolments.

- “CSR and sustainability” is running: its volunteers (written here, with the enrolment
  step's own writer, since that step leaves running programmes alone) are approved and
  paired, mentor@example.com with mentee@example.com among them, and the pairs published
  a week before the start. The services do the pairing; no email is sent.
- “Executive committee” is being paired: a round over the volunteers the enrolment step
  approved, its proposals waiting for HR's review.

A programme that already has pairs or rounds is left as it is, so a second run adds nothing.

`explain_demo_pairs`, the last step, gives the pairs the other steps wrote directly (the
finished programmes' history, the ending programme) the score, points and reasons the
scoring code gives them (`pairing.facts`), so that HR's pages explain them truthfully.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from enrolments import demo as enrolment_demo
from enrolments.models import Enrolment
from people.models import User
from programmes.models import Programme

from . import facts, services
from .models import Pair, PairingRound

RUNNING_SLUG = "csr-sustainability"
REVIEW_SLUG = "executive-committee"
MENTORS, MENTEES = 8, 12
Role = Enrolment.Role


def seed_pairing(demo: Any) -> str:
    """seed_demo step: published pairs in the running programme, a round in the pairing one."""
    hr, mentor, mentee = demo.accounts["hr"], demo.accounts["mentor"], demo.accounts["mentee"]
    programmes = Programme.objects.in_bulk([RUNNING_SLUG, REVIEW_SLUG], field_name="slug")
    lines, before = [], Pair.objects.count()
    running = programmes.get(RUNNING_SLUG)
    if running is not None and running.status == Programme.Status.RUNNING:
        if not _has_pairing(running):
            _enrol(running, demo, pinned=(mentor, mentee))
            _pair_and_publish(running, hr=hr, mentor=mentor, mentee=mentee)
        count = Pair.objects.active().filter(programme=running).count()
        lines.append(f"{count} published in {running.slug}")
    review = programmes.get(REVIEW_SLUG)
    if review is not None and review.status == Programme.Status.PAIRING:
        if not _has_pairing(review):
            services.start_round(programme=review, by=hr, run_now=True)
        count = Pair.objects.proposed().filter(programme=review).count()
        lines.append(f"{count} proposed for review in {review.slug}")
    summary = "; ".join(lines) or "no programme to pair"
    return f"Pairs: {summary} ({Pair.objects.count() - before} new)"


def _has_pairing(programme: Programme) -> bool:
    return (
        Pair.objects.filter(programme=programme).exists()
        or PairingRound.objects.filter(programme=programme).exists()
    )


def _enrol(programme: Programme, demo: Any, *, pinned: tuple[User, User]) -> None:
    """Approved volunteers for a running programme, the two demo accounts first."""
    rng = demo.rng("pairing")
    taken = set(Enrolment.objects.filter(programme=programme).values_list("person_id", flat=True))
    accounts = {account.pk for account in demo.accounts.values()}
    people = sorted(
        (
            person
            for person in demo.people.values()
            if person.is_active
            and person.grade
            and person.pk not in accounts | taken
            and not person.is_hr_admin
        ),
        key=lambda person: person.email,
    )
    volunteers = []
    for role, account, wanted, fits in (
        (Role.MENTOR, pinned[0], MENTORS, lambda person: person.grade <= 6),
        (Role.MENTEE, pinned[1], MENTEES, lambda person: person.grade >= 12),
    ):
        if account.pk not in taken:
            volunteers.append(enrolment_demo._Volunteer(account, role, Enrolment.Status.APPROVED))
        candidates = [
            person
            for person in people
            if fits(person) and enrolment_demo._eligible(programme, person, role)
        ]
        for person in rng.sample(candidates, min(len(candidates), wanted - 1)):
            volunteers.append(enrolment_demo._Volunteer(person, role, Enrolment.Status.APPROVED))
            people.remove(person)
    with transaction.atomic():
        enrolment_demo._write(programme, volunteers, demo.accounts["hr"], rng)


def _pair_and_publish(programme: Programme, *, hr: User, mentor: User, mentee: User) -> None:
    enrolments = Enrolment.objects.filter(programme=programme, person__in=[mentor, mentee])
    by_person = {enrolment.person_id: enrolment for enrolment in enrolments}
    services.set_pair_by_hand(
        programme=programme, mentor=by_person[mentor.pk], mentee=by_person[mentee.pk], by=hr
    )
    services.start_round(programme=programme, by=hr, run_now=True)
    services.publish(programme=programme, by=hr, notify=False)
    published = timezone.make_aware(
        datetime.combine(programme.start_on - timedelta(days=7), time(10))
    )
    Pair.objects.filter(programme=programme, status=Pair.Status.ACTIVE).update(
        published_at=published
    )


def explain_demo_pairs(demo: Any) -> str:
    """seed_demo step, the last: the published pairs written without a round (no reasons)
    get the score, points and reasons of the scoring code, from their members' enrolments."""
    unexplained = list(
        Pair.objects.published().filter(reasons=[]).select_related("programme").order_by("pk")
    )
    by_programme: dict[int, list[Pair]] = {}
    for pair in unexplained:
        by_programme.setdefault(pair.programme_id, []).append(pair)
    for pairs in by_programme.values():
        facts.score_new(pairs, pairs[0].programme)
    Pair.objects.bulk_update(unexplained, ["score", "parts", "reasons"])
    return f"Pairs explained by the scoring code: {len(unexplained)}"
