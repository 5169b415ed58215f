"""An enrolment's status badge and topics, as each row of the review queue and of "My
programmes" shows them (enrolment_tags)."""

import pytest
from django.utils import translation

from enrolments.models import Enrolment
from enrolments.templatetags.enrolment_tags import enrolment_status, enrolment_topics
from enrolments.testing import make_enrolment
from programmes.models import Topic

pytestmark = pytest.mark.django_db


def test_the_status_badge_says_the_status_in_the_readers_language():
    with translation.override("fr"):
        badge = enrolment_status(Enrolment(status=Enrolment.Status.APPROVED))

    assert badge.startswith(
        '<span class="badge text-bg-success" data-testid="enrolment-status" data-status="approved">'
    )
    with translation.override("fr"):
        assert badge.endswith(f">{Enrolment.Status.APPROVED.label}</span>")
    assert "text-bg-light border" in enrolment_status(Enrolment(status="withdrawn"))


def test_the_topics_say_a_mentors_levels_and_a_mentees_priorities_and_confidence(
    programme, mentor, mentee
):
    taught = Topic.objects.get(slug="generative-ai")
    taught.name_en = "<AI & you>"
    taught.save()
    as_mentor = make_enrolment(programme=programme, person=mentor, role="mentor")
    as_mentee = make_enrolment(
        programme=programme, person=mentee, role="mentee", topics={"generative-ai": 1}
    )
    as_mentee.topic_rows.update(confidence=2)

    with translation.override("en"):
        mentors = enrolment_topics(Enrolment.objects.get(pk=as_mentor.pk))
        mentees = enrolment_topics(Enrolment.objects.get(pk=as_mentee.pk))

    assert mentors == (
        '<ul class="list-unstyled mb-0" data-testid="enrolment-topics"><li>&lt;AI &amp; you&gt;'
        ' <span class="badge text-bg-light border">level 3/4</span></li></ul>'
    )
    assert '<span class="badge text-bg-light border">priority 1</span>' in mentees
    assert '<span class="badge text-bg-light border">confidence 2/5</span>' in mentees
