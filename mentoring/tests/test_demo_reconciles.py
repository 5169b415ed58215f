"""On the demo company, every figure a tester compared across pages reads the same, and is
recounted from the rows: the state of the pairs (a completed programme's pairs ended with
it, on the programme page, the pairing pages, the executive's home and the dashboards);
the approved volunteers by group on the all-programmes dashboard (pooled from the people,
then the disclosure rule once); the sessions due never more than the sessions planned;
and every link of every persona's home page answers.
"""

import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enrolments.models import Enrolment
from evaluation import funnel
from evaluation.access import is_measured, measured_programmes_for
from evaluation.indicators import THRESHOLD
from evaluation.pages import published_pairs
from evaluation.reports import pooled_report, reports
from hr.worklist import sponsored_figures
from meetings.models import Meeting
from pairing import services as pairing
from pairing.models import Pair
from pairing.pages import PublishedPage
from people.models import User
from programmes import services as programme_services
from programmes.models import ENDED, Programme

from .language.crawl import NOT_FOLLOWED, SKIPPED_PREFIXES, Crawl

COMPLETED = "digital-acculturation-first-edition"
DRAFT = "inclusion-pilot"
PERSONAS = ["hr@example.com", "exec@example.com", "mentor@example.com", "mentee@example.com"]


@pytest.fixture(scope="module")
def demo_company(django_db_setup, django_db_blocker):
    """The demo company, once for the module, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", allow_without_debug=True, stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def recount_states(programme: Programme) -> Counter:
    """Pairs by state, from the rows: ended by HR, or still active when the programme is
    over (they ended with it)."""
    counts = Counter({"proposed": 0, "active": 0, "ended": 0})
    for status in Pair.objects.filter(programme=programme).values_list("status", flat=True):
        over = status == Pair.Status.ACTIVE and programme.status in ENDED
        counts["ended" if over else status] += 1
    return counts


def test_every_page_counts_the_pairs_of_a_programme_the_same(demo_company, db) -> None:
    hr = User.objects.get(email="hr@example.com")
    executive = User.objects.get(email="exec@example.com")
    programmes = list(Programme.objects.filter(pairs__isnull=False).distinct())
    assert any(programme.slug == COMPLETED for programme in programmes)
    measured = [programme for programme in programmes if is_measured(programme)]
    report = {r.programme.pk: r for r in reports(measured, now=timezone.now())}
    headlines = {line.programme.pk: line for line in sponsored_figures(executive)}
    for programme in programmes:
        states = recount_states(programme)
        name = programme.slug
        assert dict(Pair.objects.filter(programme=programme).state_counts()) == states, name
        assert pairing.summary(programme)["counts"] == states, name  # the programme page
        assert pairing.pair_counts(programme) == states, name  # the pairing pages
        figures = report[programme.pk].pairs
        assert figures["on_track"].value + figures["at_risk"].value == states["active"], name
        assert figures["ended"].value == states["ended"], name
        published = states["active"] + states["ended"]  # the programme page's "Published pairs"
        assert programme_services.published_pair_count(programme) == published, name
        assert figures["total"].value == published, name
        assert published_pairs(programme, "ended").count() == states["ended"], name
        if programme.pk in headlines:  # the executive's home: active, of which at risk
            line = headlines[programme.pk]
            assert line.active_pairs == states["active"], name
            assert line.at_risk == figures["at_risk"].value <= line.active_pairs, name
    completed = Programme.objects.get(slug=COMPLETED)
    assert completed.status == Programme.Status.COMPLETED
    assert recount_states(completed)["active"] == 0 < recount_states(completed)["ended"]
    page = PublishedPage.build(completed, {})
    assert page.finished and all(not pair.can_end for pair in page.page.object_list)
    pair = Pair.objects.filter(programme=completed, status=Pair.Status.ACTIVE).first()
    with pytest.raises(pairing.PairingRefused):
        pairing.end_pair(pair=pair, by=hr, reason=Pair.EndReason.OTHER, note="done")


def test_the_pairs_pages_of_a_completed_programme_offer_no_end(client, demo_company, db) -> None:
    client.force_login(User.objects.get(email="hr@example.com"))
    completed = Programme.objects.get(slug=COMPLETED)
    page = client.get(reverse("pairing:published", args=[completed.code]))
    html = page.content.decode()
    assert page.context["finished"] and page.context["counts"]["active"] == 0
    assert 'data-testid="active-pair"' in html  # listed, as ended with the programme
    pairs = Pair.objects.filter(programme=completed)
    assert all(reverse("pairing:end", args=[pair.code]) not in html for pair in pairs)
    pair = pairs.filter(status=Pair.Status.ACTIVE).first()
    response = client.post(
        reverse("pairing:end", args=[pair.code]), {"reason": "other", "note": "done"}
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ACTIVE and pair.ended_at is None  # nothing changed


def recount_groups(programmes: list[Programme]) -> dict[str, Counter]:
    people: dict[str, Counter] = {attribute: Counter() for attribute in funnel.ATTRIBUTES}
    for enrolment in Enrolment.objects.filter(
        programme__in=programmes, status=Enrolment.Status.APPROVED
    ).select_related("person__department"):
        person = enrolment.person
        department = person.department.name if person.department else None
        people["department"][department or funnel.UNKNOWN] += 1
        people["site"][person.site or funnel.UNKNOWN] += 1
        people["generation"][person.generation or funnel.UNKNOWN] += 1
    return people


def test_the_pooled_volunteers_by_group_are_counted_from_the_people(client, demo_company, db):
    hr = User.objects.get(email="hr@example.com")
    programmes = list(measured_programmes_for(hr))
    parts = funnel.participation(programmes)
    pooled = funnel.pooled([parts[programme.pk] for programme in programmes])
    people = recount_groups(programmes)
    for attribute, breakdown in pooled.breakdowns.items():
        true = people[attribute]
        shown = Counter()
        for part in parts.values():
            shown.update(dict(part.breakdowns[attribute].rows))
        assert breakdown.total == sum(true.values()) > THRESHOLD
        assert breakdown.rows, attribute
        for group, n in breakdown.rows:
            assert n == true[group] >= THRESHOLD, (attribute, group)
            assert not 0 < n - shown[group] < THRESHOLD, (attribute, group)
        folded = [group for group in true if group not in dict(breakdown.rows)]
        assert breakdown.other == sum(true[group] for group in folded)
        assert breakdown.other == 0 or breakdown.other >= THRESHOLD
        assert sum(n for _group, n in breakdown.rows) + breakdown.other == breakdown.total
    # The page and its CSV say the same.
    client.force_login(hr)
    page = client.get(reverse("evaluation:dashboard"))
    tables = {table["attribute"]: table for table in page.context["breakdowns"]}
    for attribute, breakdown in pooled.breakdowns.items():
        assert tables[attribute]["other"] == breakdown.other
        assert [n for _label, n in tables[attribute]["rows"]] == [n for _g, n in breakdown.rows]


def test_the_sessions_due_are_never_more_than_the_sessions_planned(demo_company, db) -> None:
    now = timezone.now()
    programmes = list(Programme.objects.exclude(status=Programme.Status.DRAFT))
    per_programme = reports(programmes, now=now)
    for report in [*per_programme, pooled_report(per_programme)]:
        held, due, planned = report.sessions_held, report.sessions_due, report.sessions_planned
        assert held.value <= due.value <= planned.value
    for programme, report in zip(programmes, per_programme, strict=True):
        sessions = Meeting.objects.filter(
            pair__programme=programme, pair__status__in=["active", "ended"]
        ).exclude(status=Meeting.Status.CANCELLED)
        assert report.sessions_planned.value == sessions.count()
        due = [m for m in sessions if m.starts_at <= now or m.status == Meeting.Status.HELD]
        assert report.sessions_due.value == len(due)
    completed = next(r for r in per_programme if r.programme.slug == COMPLETED)
    assert completed.sessions_due.value > 0


@pytest.mark.parametrize("email", PERSONAS)
def test_every_link_on_every_personas_home_answers(client, demo_company, db, email) -> None:
    client.force_login(User.objects.get(email=email))
    home = client.get(reverse("home"))
    assert home.status_code == 200
    links = sorted(set(Crawl._links(home.content.decode())))
    assert links
    broken = []
    for link in links:
        if link.startswith(SKIPPED_PREFIXES) or any(
            link.startswith(reverse(name)) for name in NOT_FOLLOWED
        ):
            continue
        response = client.get(link, follow=True)
        if response.status_code != 200:
            broken.append(f"{link}: {response.status_code}")
    assert not broken, broken


def test_the_executive_home_links_no_draft_to_a_dashboard(client, demo_company, db) -> None:
    executive = User.objects.get(email="exec@example.com")
    draft = Programme.objects.get(slug=DRAFT)
    client.force_login(executive)
    html = client.get(reverse("home")).content.decode()
    if draft.sponsor_id == executive.pk:
        assert draft.name in html
    assert reverse("evaluation:programme", args=[draft.code]) not in html
