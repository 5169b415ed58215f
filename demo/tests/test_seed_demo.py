from collections import Counter
from datetime import date, timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.accounts import seed_accounts
from demo.company import CompanyPlanner, PersonPlan, seed_departments, seed_people
from demo.context import Demo
from demo.departments import SITES
from people.directory import Generation
from people.models import Department, User
from people.testing import make_person

ACCOUNTS = ["hr@example.com", "exec@example.com", "mentor@example.com", "mentee@example.com"]


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", allow_without_debug=True, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict[str, tuple]:
    return {
        person.email: (
            person.name,
            person.department.name,
            person.job_title,
            person.grade,
            person.manager.email if person.manager else None,
            person.hired_on,
            person.generation,
            person.site,
            str(person.country),
            tuple(person.languages),
            person.preferred_language,
            person.is_hr_admin,
            person.is_executive,
        )
        for person in User.objects.select_related("department", "manager")
    }


@pytest.mark.django_db
def test_seed_demo_builds_a_company_of_about_three_hundred_people() -> None:
    output = seed()

    people = list(User.objects.select_related("department"))
    assert 250 <= len(people) <= 350
    assert Department.objects.count() == 10
    assert {"Direction générale", "Ressources humaines", "Informatique", "RSE"} <= set(
        Department.objects.values_list("name", flat=True)
    )
    assert all(person.department for person in people)
    sites = Counter(person.site for person in people)
    assert len(sites) >= 6
    assert sites.most_common(1)[0][0] == "Paris La Défense"
    assert all(str(person.country) == SITES[person.site].country for person in people)
    assert all(person.time_zone == SITES[person.site].time_zone for person in people)
    generations = Counter(person.generation for person in people)
    assert {Generation.GEN_X, Generation.GEN_Y, Generation.GEN_Z} <= set(generations)
    assert min(generations[g] for g in (Generation.GEN_X, Generation.GEN_Y, Generation.GEN_Z)) > 30
    spoken = Counter(code for person in people for code in person.languages)
    assert {"fr", "en", "es", "de", "it", "ar"} <= set(spoken)
    preferred = Counter(person.preferred_language for person in people)
    assert preferred["fr"] > 0.6 * len(people)
    assert preferred["en"] > 0.05 * len(people)
    assert len({person.name for person in people}) == len(people)
    assert all(person.job_title for person in people)
    assert "300 people" in output


@pytest.mark.django_db
def test_grades_rise_along_every_reporting_line_up_to_one_chief_executive() -> None:
    seed()

    people = {person.pk: person for person in User.objects.all()}
    (ceo,) = [person for person in people.values() if person.manager_id is None]
    assert ceo.grade == 20
    for person in people.values():
        seen = {person.pk}
        boss = person
        while boss.manager_id is not None:
            manager = people[boss.manager_id]
            assert manager.grade > boss.grade, f"{boss} outranks their manager {manager}"
            assert manager.pk not in seen, f"reporting-line cycle through {manager}"
            seen.add(manager.pk)
            boss = manager
        assert boss == ceo

    committee = [p for p in people.values() if p.manager_id == ceo.pk and p.grade >= 17]
    assert 8 <= len(committee) <= 10
    assert all(17 <= member.grade <= 19 and member.is_executive for member in committee)


@pytest.mark.django_db
def test_juniors_were_hired_in_the_last_one_to_four_years() -> None:
    seed()

    today = timezone.localdate()
    juniors = User.objects.filter(grade__lte=5)
    assert juniors.count() > 50
    for junior in juniors:
        assert today - timedelta(days=4 * 366) <= junior.hired_on <= today - timedelta(days=365)
    assert not User.objects.filter(hired_on__gt=today).exists()


@pytest.mark.django_db
def test_the_four_demo_accounts_sign_in_with_the_demo_password() -> None:
    seed()

    for email in ACCOUNTS:
        assert Client().login(email=email, password="tandem-demo"), email
        address = EmailAddress.objects.get(email=email)
        assert address.verified and address.primary
        # Through allauth's page too: a verified email goes straight to the home page.
        response = Client().post(
            reverse("account_login"), {"login": email, "password": "tandem-demo"}
        )
        assert response.status_code == 302
        assert response.url == reverse("home"), email


@pytest.mark.django_db
def test_the_demo_accounts_hold_the_roles_the_readme_promises() -> None:
    seed()

    hr, executive, mentor, mentee = (User.objects.get(email=email) for email in ACCOUNTS)
    assert hr.is_hr_admin and not hr.is_executive
    assert executive.is_executive and not executive.is_hr_admin
    assert executive.manager.grade == 20 and 17 <= executive.grade <= 19
    assert mentor.grade <= 5 and mentor.generation == Generation.GEN_Z
    assert 14 <= mentee.grade <= 16 and mentee.reports.exists()
    assert not (mentor.is_hr_admin or mentor.is_executive or mentee.is_hr_admin)
    # The mentor sits outside the mentee's reporting line, so the demo can pair them.
    line, boss = set(), mentor
    while boss:
        line.add(boss.pk)
        boss = boss.manager
    assert mentee.pk not in line
    assert User.objects.filter(is_hr_admin=True).get() == hr


@pytest.mark.django_db
def test_running_seed_demo_twice_changes_and_duplicates_nothing() -> None:
    seed()
    first = snapshot()

    output = seed()

    assert snapshot() == first
    assert "(0 new, 0 updated)" in output
    assert EmailAddress.objects.filter(email__in=ACCOUNTS).count() == 4


@pytest.mark.django_db
def test_seed_demo_takes_over_an_existing_person_with_the_same_email() -> None:
    make_person(email="mentor@example.com", name="Someone Else", grade=11, password="old")

    seed()

    mentor = User.objects.get(email="mentor@example.com")
    assert mentor.name == "Zoé Benali" and mentor.grade == 3
    assert mentor.check_password("tandem-demo")
    assert EmailAddress.objects.filter(user=mentor).count() == 1


def test_the_same_seed_draws_the_same_company_and_another_seed_another() -> None:
    def company(seed: int) -> list[PersonPlan]:
        demo = Demo(seed=seed, today=date(2026, 11, 1))
        return CompanyPlanner(demo.rng("people"), demo.today).plan()

    assert company(1) == company(1)
    assert company(1) != company(2)
    assert len(company(1)) == len(company(2))


@pytest.mark.django_db
def test_the_people_steps_write_in_bulk(django_assert_max_num_queries) -> None:
    demo = Demo(seed=2026, today=timezone.localdate())
    with django_assert_max_num_queries(25):
        for step in (seed_departments, seed_people, seed_accounts):
            step(demo)
    assert User.objects.count() == 300


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_without_debug() -> None:
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.exists()


def test_no_model_stores_a_birth_date() -> None:
    fields = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if "birth" in field.name.lower()
    ]
    assert fields == []
