"""Publishing a round: pairs become active at once, and each member is introduced by email."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from enrolments.models import Enrolment
from pairing import services
from pairing.models import Pair, PairConstraint
from programmes import services as programme_services
from programmes.models import Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed(programme, cohort, hr_admin) -> list[Pair]:
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    return list(Pair.objects.proposed().filter(programme=programme))


def test_publishing_makes_every_proposal_active_and_lets_the_programme_start(
    programme, proposed, hr_admin
):
    assert programme_services.transition_blockers(programme, Programme.Status.RUNNING)

    pairs = services.publish(programme=programme, by=hr_admin, notify=False)

    assert {pair.pk for pair in pairs} == {pair.pk for pair in proposed}
    assert Pair.objects.active().filter(programme=programme).count() == 3
    assert not Pair.objects.proposed().exists()
    pair = Pair.objects.get(pk=proposed[0].pk)
    assert pair.published_at is not None and pair.published_by == hr_admin
    assert programme_services.published_pair_count(programme) == 3
    assert programme_services.transition_blockers(programme, Programme.Status.RUNNING) == []


def test_each_member_is_introduced_in_their_own_language_after_commit(
    programme, proposed, hr_admin, mentor, mentee, django_capture_on_commit_callbacks
):
    mentor.preferred_language = "fr"
    mentor.save(update_fields=["preferred_language"])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.publish(programme=programme, by=hr_admin)
        assert mail.outbox == []  # nothing leaves before the commit

    assert len(callbacks) == 6
    assert len(mail.outbox) == 6
    to_zoe = next(message for message in mail.outbox if message.to == [mentor.email])
    to_marc = next(message for message in mail.outbox if message.to == [mentee.email])
    assert to_zoe.extra_headers["Content-Language"] == "fr"
    assert to_marc.extra_headers["Content-Language"] == "en"
    # Each names the other, the shared topic in the reader's language, and the charter.
    assert "Marc Senior" in to_zoe.subject and "mentee@example.com" in to_zoe.body
    assert "IA générative" in to_zoe.body and "Generative AI" not in to_zoe.body
    assert "Confidentialité" in to_zoe.body  # the French charter
    assert "Zoé Junior" in to_marc.subject and "mentor@example.com" in to_marc.body
    assert "You can learn: Generative AI." in to_marc.body
    assert "Confidentiality" in to_marc.body
    assert "First steps" in to_marc.body
    pair = Pair.objects.get(mentee_person=mentee)
    assert f"/pairing/{pair.code}/" in to_marc.body
    html, mimetype = to_marc.alternatives[0]
    assert mimetype == "text/html" and "Zoé Junior" in html


def test_the_introduction_says_what_each_can_give_back(
    programme, cohort, hr_admin, mentor, mentee, django_capture_on_commit_callbacks
):
    strategy = programme.topics.get(slug="strategy")
    cohort[mentor.email].return_topics.add(strategy)
    cohort[mentee.email].return_topics.add(strategy)
    services.start_round(programme=programme, by=hr_admin, run_now=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(programme=programme, by=hr_admin)

    to_zoe = next(message for message in mail.outbox if message.to == [mentor.email])
    to_marc = next(message for message in mail.outbox if message.to == [mentee.email])
    assert "You can learn in return: Strategy." in to_zoe.body
    assert "You can give back: Strategy." in to_marc.body
    assert "Your shared topics: Generative AI and Strategy." in to_marc.body


def test_no_introduction_is_sent_for_a_pair_ended_before_the_task_ran(
    programme, proposed, hr_admin
):
    pairs = services.publish(programme=programme, by=hr_admin, notify=False)
    services.end_pair(pair=pairs[0], by=hr_admin, reason=Pair.EndReason.LEFT)

    assert services.send_introduction(pair_id=pairs[0].pk, role="mentor") is False
    assert services.send_introduction(pair_id=pairs[1].pk, role="mentee") is True
    assert len(mail.outbox) == 1


def test_publishing_twice_is_refused_clearly(programme, proposed, hr_admin):
    services.publish(programme=programme, by=hr_admin, notify=False)

    with pytest.raises(services.PairingRefused, match="already been published"):
        services.publish(programme=programme, by=hr_admin)


def test_publishing_nothing_is_refused(programme, cohort, hr_admin):
    with pytest.raises(services.PairingRefused, match="run a round first"):
        services.publish(programme=programme, by=hr_admin)


def test_publishing_is_all_or_nothing_when_someone_withdrew_meanwhile(
    programme, proposed, hr_admin, cohort
):
    Enrolment.objects.filter(pk=cohort["anne@example.com"].pk).update(
        status=Enrolment.Status.WITHDRAWN, withdrawn_at=cohort["anne@example.com"].submitted_at
    )

    with pytest.raises(services.PairingRefused, match="Anne Senior no longer take part"):
        services.publish(programme=programme, by=hr_admin)

    assert not Pair.objects.active().exists()
    assert Pair.objects.proposed().count() == 3


def test_publishing_never_exceeds_a_mentors_capacity(programme, proposed, hr_admin, cohort):
    services.publish(programme=programme, by=hr_admin, notify=False)
    zoe = cohort["mentor@example.com"]
    # A proposal written behind the services' back, beyond Zoé's one place.
    newcomer = Enrolment.objects.create(
        programme=programme,
        person=zoe.person.__class__.objects.create_user(
            email="extra@example.com", name="Extra Senior", grade=17
        ),
        role="mentee",
        status=Enrolment.Status.APPROVED,
        languages=["fr"],
    )
    Pair.objects.create(
        programme=programme,
        mentor=zoe,
        mentee=newcomer,
        mentor_person=zoe.person,
        mentee_person=newcomer.person,
    )

    with pytest.raises(services.PairingRefused, match="Zoé Junior would have more mentees"):
        services.publish(programme=programme, by=hr_admin)
    assert Pair.objects.active().filter(mentor=zoe).count() == 1


def test_publishing_spends_the_locks(programme, proposed, hr_admin):
    services.lock_pair(pair=proposed[0], by=hr_admin)

    services.publish(programme=programme, by=hr_admin, notify=False)

    assert not PairConstraint.objects.filter(kind=PairConstraint.Kind.LOCKED).exists()


def test_the_database_keeps_one_active_pair_per_mentee(programme, proposed, hr_admin, cohort):
    services.publish(programme=programme, by=hr_admin, notify=False)
    active = Pair.objects.active().get(mentee=cohort["mentee@example.com"])

    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.create(
            programme=programme,
            mentor=cohort["yann@example.com"],
            mentee=active.mentee,
            mentor_person=cohort["yann@example.com"].person,
            mentee_person=active.mentee_person,
            status=Pair.Status.ACTIVE,
            published_at=active.published_at,
        )


def test_the_database_keeps_one_proposal_per_mentee(programme, proposed, cohort):
    pair = proposed[0]
    other = next(e for e in cohort.mentors.values() if e.pk != pair.mentor_id)

    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.create(
            programme=programme,
            mentor=other,
            mentee=pair.mentee,
            mentor_person=other.person,
            mentee_person=pair.mentee_person,
        )


def test_nobody_is_paired_with_themselves(programme, cohort):
    zoe = cohort["mentor@example.com"]

    with pytest.raises(IntegrityError), transaction.atomic():
        Pair.objects.create(
            programme=programme,
            mentor=zoe,
            mentee=cohort["mentee@example.com"],
            mentor_person=zoe.person,
            mentee_person=zoe.person,
        )
