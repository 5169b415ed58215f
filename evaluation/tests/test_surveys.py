"""Surveys sent at the right moments, once, with reminders; answered through the form."""

from datetime import date, datetime, time, timedelta
from smtplib import SMTPException
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enrolments.models import Enrolment
from enrolments.testing import make_enrolment
from evaluation import questions as q
from evaluation import services
from evaluation.models import Answer, Question, Response, Survey, final_review_opens_on, midpoint_of
from evaluation.models import Testimonial as Quote
from evaluation.testing import make_pair, make_running_programme
from people.testing import make_person
from programmes.models import Programme
from programmes.testing import ensure_seeded_topics, make_programme

Kind = Survey.Kind


@pytest.fixture(autouse=True)
def topics(db):
    ensure_seeded_topics()


def at(day: date, hour: int = 9):
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(hour))), tick=False)


def sweep(django_capture_on_commit_callbacks) -> services.SweepReport:
    with django_capture_on_commit_callbacks(execute=True):
        return services.run_sweep()


def test_a_programme_gets_three_surveys_with_their_built_in_questions_once(executive):
    programme = make_running_programme(sponsor=executive)
    first = services.ensure_surveys(programme)
    again = services.ensure_surveys(programme)
    assert set(first) == set(Kind.values)
    assert {s.pk for s in first.values()} == {s.pk for s in again.values()}
    keys = set(first[Kind.FINAL].questions.values_list("key", flat=True))
    assert {q.CONFIDENCE, q.ADOPTION, q.SATISFACTION, q.RECOMMEND, q.OPENNESS, q.HEARD} <= keys
    assert Question.objects.filter(survey__programme=programme).count() == sum(
        len(items) for items in q.CATALOGUE.values()
    )


def test_approved_volunteers_get_the_baseline_once_in_their_language(
    executive, django_capture_on_commit_callbacks
):
    programme = make_programme(sponsor=executive, status=Programme.Status.ENROLMENT_OPEN)
    french = make_person(grade=14, preferred_language="fr")
    make_enrolment(
        programme=programme,
        person=french,
        role=Enrolment.Role.MENTEE,
        status=Enrolment.Status.APPROVED,
    )
    make_enrolment(programme=programme, person=make_person(grade=3))  # only submitted
    sweep(django_capture_on_commit_callbacks)
    sweep(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [french.email]
    assert message.extra_headers["Content-Language"] == "fr"
    response = Response.objects.get()
    assert response.survey.kind == Kind.BASELINE and response.invited_at is not None
    assert reverse("evaluation:answer", args=[response.code]) in message.body


def test_the_pulse_opens_at_mid_point_and_the_final_review_two_weeks_before_the_end(
    executive, django_capture_on_commit_callbacks
):
    programme = make_running_programme(sponsor=executive, start_on=date(2026, 1, 5))
    pair = make_pair(programme)
    midpoint, final = midpoint_of(programme), final_review_opens_on(programme)
    assert final == programme.ends_on - timedelta(days=14)
    with at(midpoint - timedelta(days=1)):
        sweep(django_capture_on_commit_callbacks)
        kinds = set(Response.objects.values_list("survey__kind", flat=True))
        assert kinds == {Kind.BASELINE}
    with at(midpoint):
        sweep(django_capture_on_commit_callbacks)
        pulse = Response.objects.filter(survey__kind=Kind.MIDPOINT)
        assert {r.enrolment_id for r in pulse} == {pair.mentor_id, pair.mentee_id}
    with at(final):
        sweep(django_capture_on_commit_callbacks)
        finals = Response.objects.filter(survey__kind=Kind.FINAL, invited_at__isnull=False)
        assert finals.count() == 2
    assert len(mail.outbox) == 6  # baseline, pulse and final review, to each member


def test_unanswered_surveys_get_two_reminders_a_week_apart_then_no_more(
    executive, django_capture_on_commit_callbacks
):
    programme = make_running_programme(sponsor=executive, start_on=date(2026, 1, 5))
    pair = make_pair(programme)
    final = final_review_opens_on(programme)
    with at(final - timedelta(days=20)):
        services.ensure_surveys(programme)
    Response.objects.all().delete()
    with at(final):
        sweep(django_capture_on_commit_callbacks)  # two invitations
    mail.outbox.clear()
    with at(final + timedelta(days=3)):
        assert sweep(django_capture_on_commit_callbacks).reminders_queued == 0
    answered = Response.objects.get(enrolment=pair.mentor, survey__kind=Kind.FINAL)
    answered.answered_at = timezone.now()
    answered.save()
    for days in (7, 8, 14, 21, 28):
        with at(final + timedelta(days=days)):
            sweep(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[pair.mentee_person.email]] * 2
    assert all(m.subject.startswith("Reminder:") for m in mail.outbox)
    assert Response.objects.get(pk=answered.pk).reminders_sent == 0


def test_a_failed_send_gives_its_claim_back_so_that_a_retry_sends_it(executive):
    programme = make_running_programme(sponsor=executive)
    pair = make_pair(programme)
    surveys = services.ensure_surveys(programme)
    response = Response.objects.create(survey=surveys[Kind.BASELINE], enrolment=pair.mentee)
    with at(programme.start_on + timedelta(days=1)):
        with (
            mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException),
            pytest.raises(SMTPException),
        ):
            services.send_invitation(response_id=response.pk)
        response.refresh_from_db()
        assert response.invited_at is None
        assert services.send_invitation(response_id=response.pk) is True
        assert services.send_invitation(response_id=response.pk) is False
    assert len(mail.outbox) == 1


def test_a_mentee_answers_the_final_review_per_topic_with_a_consented_testimonial(
    client, executive, mentee
):
    programme = make_running_programme(sponsor=executive, start_on=date(2026, 1, 5))
    pair = make_pair(programme, mentee=mentee, confidence={"generative-ai": 2, "strategy": 1})
    surveys = services.ensure_surveys(programme)
    response = Response.objects.create(
        survey=surveys[Kind.FINAL], enrolment=pair.mentee, invited_at=timezone.now()
    )
    questions = {question.key: question for question in surveys[Kind.FINAL].questions.all()}
    topics = {t.slug: t for t in programme.topics.all()}
    url = reverse("evaluation:answer", args=[response.code])
    client.force_login(mentee)
    with at(final_review_opens_on(programme) + timedelta(days=1)):
        page = client.get(url)
        assert page.status_code == 200
        fields = set(page.context["form"].fields)
        ai, strategy = topics["generative-ai"].pk, topics["strategy"].pk
        confidence, adoption = questions[q.CONFIDENCE].pk, questions[q.ADOPTION].pk
        # Confidence on both of the mentee's topics; adoption only on the one mentors teach.
        assert {f"q_{confidence}_t_{ai}", f"q_{confidence}_t_{strategy}"} <= fields
        assert f"q_{adoption}_t_{ai}" in fields and f"q_{adoption}_t_{strategy}" not in fields
        assert f"q_{questions[q.HEARD].pk}" not in fields  # a mentors' item
        data = {name: "1" for name in fields if name.startswith("q_")}
        data[f"q_{confidence}_t_{ai}"] = "4"
        data[f"q_{questions[q.RECOMMEND].pk}"] = "9"
        data["testimonial"] = "I finally use an AI assistant every week."
        refused = client.post(url, data)
        assert refused.status_code == 200 and "consent" in refused.context["form"].errors
        data["consent"] = "on"
        assert client.post(url, data).status_code == 302
        again = client.get(url)
    assert "already answered" in again.content.decode()
    response.refresh_from_db()
    assert response.is_answered
    saved = Answer.objects.get(response=response, question=questions[q.CONFIDENCE], topic_id=ai)
    assert saved.value == 4
    assert Quote.objects.get(response=response).status == Quote.Status.PENDING


def test_nobody_but_the_invited_person_can_answer(client, executive, mentor, mentee):
    programme = make_running_programme(sponsor=executive)
    pair = make_pair(programme, mentor=mentor, mentee=mentee)
    surveys = services.ensure_surveys(programme)
    response = Response.objects.create(survey=surveys[Kind.BASELINE], enrolment=pair.mentee)
    client.force_login(mentor)
    url = reverse("evaluation:answer", args=[response.code])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_hr_adds_a_question_asked_to_mentors_only_and_removes_it(
    client, hr_admin, executive, mentor
):
    programme = make_running_programme(sponsor=executive)
    pair = make_pair(programme, mentor=mentor)
    client.force_login(hr_admin)
    added = client.post(
        reverse("evaluation:add_question", args=[programme.code]),
        {
            "survey": Kind.BASELINE,
            "text_en": "Do you have a role model at work?",
            "text_fr": "",
            "kind": "yes_no",
            "audience": "mentors",
        },
    )
    assert added.status_code == 302
    question = Question.objects.get(key__startswith="hr-")
    response = Response.objects.create(survey=question.survey, enrolment=pair.mentor)
    assert question in [line[0] for line in services.questions_for(response)]
    mentee_response = Response.objects.create(survey=question.survey, enrolment=pair.mentee)
    assert question not in [line[0] for line in services.questions_for(mentee_response)]
    page = client.get(reverse("evaluation:setup", args=[programme.code]))
    assert "Do you have a role model at work?" in page.content.decode()
    client.post(reverse("evaluation:remove_question", args=[question.code]))
    assert not Question.objects.filter(pk=question.pk).exists()


def test_a_built_in_question_cannot_be_removed(client, hr_admin, executive):
    programme = make_running_programme(sponsor=executive)
    surveys = services.ensure_surveys(programme)
    built_in = surveys[Kind.FINAL].questions.get(key=q.SATISFACTION)
    client.force_login(hr_admin)
    client.post(reverse("evaluation:remove_question", args=[built_in.code]))
    assert Question.objects.filter(pk=built_in.pk).exists()


def test_the_person_sees_their_pending_surveys(client, executive, mentee):
    programme = make_running_programme(sponsor=executive, start_on=date(2026, 1, 5))
    pair = make_pair(programme, mentee=mentee)
    surveys = services.ensure_surveys(programme)
    Response.objects.create(
        survey=surveys[Kind.BASELINE], enrolment=pair.mentee, invited_at=timezone.now()
    )
    client.force_login(mentee)
    with at(programme.start_on + timedelta(days=3)):
        page = client.get(reverse("evaluation:mine"))
    assert page.status_code == 200
    assert len(page.context["pending"]) == 1


def test_the_surveys_to_answer_cost_the_same_queries_for_one_and_for_three(
    client, executive, mentee, django_assert_num_queries
):
    """ "My surveys" and the home page's to-do list read the surveys with their programmes in
    one query, whatever their number."""
    day = date(2026, 1, 8)

    def invite(number: int) -> Response:
        programme = make_running_programme(
            sponsor=executive, start_on=date(2026, 1, 5), slug=f"programme-{number}"
        )
        pair = make_pair(programme, mentee=mentee)
        surveys = services.ensure_surveys(programme)
        return Response.objects.create(
            survey=surveys[Kind.BASELINE], enrolment=pair.mentee, invited_at=timezone.now()
        )

    invited = [invite(1)]
    client.force_login(mentee)
    pages = (reverse("evaluation:mine"), reverse("home"))
    counts = {}
    with at(day):
        for url in pages:
            client.get(url)
            with CaptureQueriesContext(connection) as one:
                client.get(url)
            counts[url] = len(one.captured_queries)
    invited += [invite(2), invite(3)]
    with at(day):
        for url in pages:
            with django_assert_num_queries(counts[url]):
                page = client.get(url).content.decode()
            for response in invited:
                assert reverse("evaluation:answer", args=[response.code]) in page
