from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from programmes.models import Objective, Programme, Topic
from programmes.testing import make_programme

pytestmark = pytest.mark.django_db

SEEDED_TAUGHT = {
    "social-networks",
    "generative-ai",
    "collaboration-tools",
    "digital-security",
    "consumer-habits",
    "csr-sustainability",
    "diversity-inclusion",
    "generation-z",
}
SEEDED_GIVEN_BACK = {"strategy", "leadership", "career-navigation", "networking", "negotiation"}


def _violates(programme: Programme, **values) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Programme.objects.filter(pk=programme.pk).update(**values)


def test_the_database_refuses_a_programme_of_seven_months(executive):
    programme = make_programme(sponsor=executive)
    _violates(programme, duration_months=7)


def test_the_database_refuses_a_programme_of_two_months(executive):
    programme = make_programme(sponsor=executive)
    _violates(programme, duration_months=2)


def test_the_database_refuses_a_mentor_capacity_of_zero(executive):
    programme = make_programme(sponsor=executive)
    _violates(programme, max_mentees_per_mentor=0)


def test_the_database_refuses_a_negative_grade_gap(executive):
    programme = make_programme(sponsor=executive)
    _violates(programme, min_grade_gap=-1)


def test_the_database_refuses_an_enrolment_window_closing_after_the_start(executive):
    programme = make_programme(sponsor=executive)
    _violates(programme, enrolment_closes_on=programme.start_on + timedelta(days=1))


def test_the_database_refuses_an_enrolment_window_closing_before_it_opens(executive):
    programme = make_programme(sponsor=executive)
    _violates(
        programme,
        enrolment_opens_on=programme.start_on - timedelta(days=1),
        enrolment_closes_on=programme.start_on - timedelta(days=2),
    )


def test_the_database_refuses_an_unknown_status(executive):
    programme = make_programme(sponsor=executive)
    _violates(programme, status="paused")


def test_the_database_refuses_an_objective_target_above_100_percent(executive):
    programme = make_programme(sponsor=executive)
    with pytest.raises(IntegrityError), transaction.atomic():
        Objective.objects.create(programme=programme, sentence="Too much", target_percent=120)


def test_the_database_refuses_a_topic_without_any_name():
    with pytest.raises(IntegrityError), transaction.atomic():
        Topic.objects.create(slug="nameless", name_en="", name_fr="")


def test_enrolment_may_close_on_the_start_date_itself(executive):
    programme = make_programme(sponsor=executive)
    Programme.objects.filter(pk=programme.pk).update(enrolment_closes_on=programme.start_on)


def test_the_migration_seeds_the_themes_juniors_teach_and_seniors_give_back():
    assert set(Topic.objects.filter(kind=Topic.Kind.TAUGHT).values_list("slug", flat=True)) >= (
        SEEDED_TAUGHT
    )
    assert (
        set(Topic.objects.filter(kind=Topic.Kind.GIVEN_BACK).values_list("slug", flat=True))
        >= SEEDED_GIVEN_BACK
    )
    assert all(topic.name_en and topic.name_fr for topic in Topic.objects.all())


def test_a_topic_is_named_in_the_active_language_with_a_fallback():
    topic = Topic.objects.get(slug="generative-ai")
    only_english = Topic.objects.create(slug="podcasts", name_en="Podcasts", name_fr="")
    with translation.override("fr"):
        assert str(topic) == "IA générative"
        assert str(only_english) == "Podcasts"
    with translation.override("en"):
        assert str(topic) == "Generative AI"


def test_the_charter_exists_by_default_in_both_languages(executive):
    programme = make_programme(sponsor=executive)
    assert "Confidentiality" in programme.charter_en
    assert "Confidentialité" in programme.charter_fr
    with translation.override("fr"):
        assert programme.charter.startswith("1. Volontariat")


def test_a_programme_knows_its_end_and_its_sessions(executive):
    programme = make_programme(sponsor=executive, duration_months=3)
    sessions = programme.planned_session_dates()
    assert len(sessions) == 3
    assert sessions[0] == programme.start_on
    assert sessions[-1] <= programme.ends_on


def test_programmes_open_for_enrolment_are_those_whose_window_includes_today(executive):
    today = timezone.localdate()
    open_now = make_programme(sponsor=executive, status=Programme.Status.ENROLMENT_OPEN)
    make_programme(sponsor=executive)  # a draft, even with its window open
    not_yet = make_programme(
        sponsor=executive,
        status=Programme.Status.ENROLMENT_OPEN,
        enrolment_opens_on=today + timedelta(days=3),
    )
    found = set(Programme.objects.open_for_enrolment())
    assert open_now in found
    assert not_yet not in found
    assert len(found) == 1
