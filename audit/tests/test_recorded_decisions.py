"""Each app records its decisions in the one trail, with who took them (hr's tests add
the roles, people, nudges and exports)."""

import pytest

from audit.models import Entry
from enrolments.models import Enrolment
from enrolments.services import decisions
from pairing import services as pairing
from pairing.models import Pair
from pairing.testing import Role, approve, make_pairing_programme
from people.testing import make_person
from privacy.services import erase_person
from programmes import services as programmes
from programmes.models import Programme

pytestmark = pytest.mark.django_db

RECORDED_HERE = {
    Entry.Kind.PROGRAMME_CREATED,
    Entry.Kind.PROGRAMME_EDITED,
    Entry.Kind.PROGRAMME_STATUS,
    Entry.Kind.ENROLMENT_DECIDED,
    Entry.Kind.ROUND_RUN,
    Entry.Kind.PAIR_LOCKED,
    Entry.Kind.PAIR_UNLOCKED,
    Entry.Kind.PAIR_FORBIDDEN,
    Entry.Kind.PAIR_ALLOWED,
    Entry.Kind.PAIR_BY_HAND,
    Entry.Kind.PAIRS_PUBLISHED,
    Entry.Kind.PAIR_ENDED,
    Entry.Kind.PERSON_ERASED,
}


def take_every_programme_decision(hr_admin, executive, mentor, mentee) -> Programme:
    """A programme edited, volunteers decided, a round run, pairs locked, forbidden, allowed,
    set by hand, published, one ended, the programme started: all by `hr_admin`."""
    programme = make_pairing_programme(hr_admin=hr_admin, executive=executive)
    programmes.update_programme(
        programme=programme,
        by=hr_admin,
        fields={"name": "Digital acculturation 2027", "min_grade_gap": 2},
        managers=[hr_admin],
        topics=list(programme.topics.all()),
        objectives=[],
    )
    waiting = approve(
        programme,
        make_person(grade=14),
        Role.MENTEE,
        {"generative-ai": 1},
        status=Enrolment.Status.SUBMITTED,
    )
    decisions.decide(
        programme=programme,
        enrolments=[waiting],
        decision=Enrolment.Status.WAITLISTED,
        reason="SECRET-DECISION-REASON",
        by=hr_admin,
    )
    zoe = approve(programme, mentor, Role.MENTOR, {"generative-ai": 4}, capacity=2)
    yann = approve(programme, make_person(grade=2), Role.MENTOR, {"generative-ai": 3})
    marc = approve(programme, mentee, Role.MENTEE, {"generative-ai": 1})
    anne = approve(programme, make_person(grade=14), Role.MENTEE, {"generative-ai": 1})
    pairing.start_round(programme=programme, by=hr_admin, run_now=True)
    proposal = Pair.objects.proposed().get(mentee=marc)
    pairing.lock_pair(pair=proposal, by=hr_admin)
    pairing.lock_pair(pair=proposal, by=hr_admin, locked=False)
    other = Pair.objects.proposed().get(mentee=anne)
    constraint = pairing.forbid_pair(pair=other, by=hr_admin)
    pairing.allow_pair(constraint=constraint, by=hr_admin)
    pairing.set_pair_by_hand(
        programme=programme,
        mentor=yann if proposal.mentor == zoe else zoe,
        mentee=anne,
        by=hr_admin,
    )
    pairing.publish(programme=programme, by=hr_admin)
    ended = Pair.objects.active().get(mentee=marc)
    pairing.end_pair(pair=ended, by=hr_admin, reason=Pair.EndReason.OTHER, note="SECRET-END-NOTE")
    programmes.change_status(programme=programme, to=Programme.Status.RUNNING, by=hr_admin)
    return programme


def test_each_app_records_its_decisions_with_the_actor(hr_admin, executive, mentor, mentee):
    programme = take_every_programme_decision(hr_admin, executive, mentor, mentee)
    programmes.duplicate_programme(source=programme, by=hr_admin)
    erase_person(person=make_person(name="Partie Partante"), by=hr_admin)

    found = set(Entry.objects.filter(actor=hr_admin).values_list("kind", flat=True))
    assert found == RECORDED_HERE
    published = Entry.objects.get(kind=Entry.Kind.PAIRS_PUBLISHED)
    assert (published.programme, published.details) == (programme, {"pairs": 2, "emails": 4})
    status = Entry.objects.get(kind=Entry.Kind.PROGRAMME_STATUS)
    assert status.changes == {"status": ["pairing", "running"]}
    edited = Entry.objects.get(kind=Entry.Kind.PROGRAMME_EDITED)
    assert edited.changes["min_grade_gap"] == [1, 2]
    decided = Entry.objects.get(kind=Entry.Kind.ENROLMENT_DECIDED)
    assert decided.changes == {"status": ["submitted", "waitlisted"]}


def test_the_trail_holds_no_free_text(hr_admin, executive, mentor, mentee):
    take_every_programme_decision(hr_admin, executive, mentor, mentee)
    dump = str(list(Entry.objects.values("changes", "details", "target")))
    assert "SECRET" not in dump
    assert mentee.name not in dump and mentee.email not in dump
