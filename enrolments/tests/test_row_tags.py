"""An enrolment's status badge and topics, as each row of the review queue and of "My
programmes" shows them, and a whole row of the queue (enrolment_tags)."""

import pytest
from django.utils import translation

from enrolments.models import Enrolment
from enrolments.templatetags.enrolment_tags import enrolment_status, enrolment_topics, review_row
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


def test_a_row_of_the_queue_says_who_what_and_when_escaped_in_the_readers_language(
    programme, mentor, mentee
):
    mentor.name = "Zoé <b>Junior</b>"
    mentor.save()
    taking = make_enrolment(
        programme=programme, person=mentor, role="mentor", capacity=2, charter_accepted_at=None
    )
    gone = make_enrolment(
        programme=programme,
        person=mentee,
        role="mentee",
        status=Enrolment.Status.WITHDRAWN,
        withdrawal_reason="Trop <de> travail",
    )
    queue = Enrolment.objects.for_queue()

    with translation.override("fr"):
        row = review_row(queue.get(pk=taking.pk), {str(taking.code)})
        withdrawn = review_row(queue.get(pk=gone.pk), set())

    assert f'value="{taking.code}" id="pick-{taking.code}" checked>' in row
    assert "Zoé &lt;b&gt;Junior&lt;/b&gt;" in row and "<b>" not in row
    assert "accompagne 2 mentoré·es" in row
    assert "Sélectionner Zoé &lt;b&gt;Junior&lt;/b&gt;" in row
    assert "charte pas encore acceptée" in row
    assert 'name="enrolments"' not in withdrawn  # a withdrawn volunteer takes no decision
    assert 'data-testid="withdrawal-reason"' in withdrawn
    assert "Trop &lt;de&gt; travail" in withdrawn


def test_a_rows_department_and_grade_are_escaped_once(programme, mentor):
    """“R&D · grade 3”, never “R&amp;amp;D”: the department line is built as markup."""
    mentor.department.name = "Relations d'affaires & R<D>"
    mentor.department.save()
    mentor.grade = 3
    mentor.save()
    enrolment = make_enrolment(programme=programme, person=mentor, role="mentor")

    with translation.override("fr"):
        row = review_row(Enrolment.objects.for_queue().get(pk=enrolment.pk), set())

    assert "Relations d&#x27;affaires &amp; R&lt;D&gt; · niveau 3" in row
    assert "&amp;amp;" not in row and "&amp;#x27;" not in row
