"""Issue 12, item 4, for certificates and HR's pages: dates in words and counts in the
holder's or reader's language; and issue 15, item 3: every export of the evaluation that
leaves Tandem (the indicators CSV, the pairs CSV, the PDF report) is in the audit trail with
the person who downloaded it."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from audit.models import Entry
from evaluation.models import Completion
from evaluation.testing import hold, make_pair, make_running_programme
from people.models import User
from people.testing import make_person
from programmes.models import Programme

from .conftest import Measured

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre".split(),
}


@pytest.fixture
def certified(executive) -> Programme:
    """A programme that started on the 1st of September 2025 and ran six months, completed;
    a French mentee held 4 sessions, an English mentor too, and both earned a certificate."""
    programme = make_running_programme(sponsor=executive, start_on=date(2025, 9, 1))
    pair = make_pair(
        programme,
        mentor=make_person(name="Ann Smith", grade=3, preferred_language="en"),
        mentee=make_person(name="Hélène Marchand", grade=15, preferred_language="fr"),
    )
    for days in (10, 30, 50, 70):
        hold(pair, when=timezone.now() - timedelta(days=days))
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
    for enrolment in (pair.mentor, pair.mentee):
        Completion.objects.create(
            programme=programme, enrolment=enrolment, sessions_held=4, earned_certificate=True
        )
    return programme


def certificate_text(client, person: User) -> str:
    completion = Completion.objects.get(enrolment__person=person)
    client.force_login(person)
    answer = client.get(reverse("evaluation:certificate", args=[completion.code]))
    assert answer["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()


def test_a_certificate_is_dated_in_words_in_its_holders_language(client, certified):
    french = User.objects.get(name="Hélène Marchand")
    english = User.objects.get(name="Ann Smith")
    ends = certified.ends_on
    assert certified.start_on == date(2025, 9, 1)
    french_end = {3: "mars", 2: "février"}[ends.month]
    text = certificate_text(client, french)
    assert f"du 1er septembre 2025 au {'1er' if ends.day == 1 else ends.day} {french_end}" in text
    assert "4 séances réalisées" in text
    english_end = {3: "March", 2: "February"}[ends.month]
    text = certificate_text(client, english)
    assert f"from 1 September 2025 to {ends.day} {english_end} {ends.year}" in text
    assert "4 sessions held" in text


def test_hr_downloads_a_certificate_in_its_holders_language_not_hrs(client, hr_admin, certified):
    """HR reads English; the French holder's certificate is in French all the same."""
    completion = Completion.objects.get(enrolment__person__name="Hélène Marchand")
    User.objects.filter(pk=hr_admin.pk).update(preferred_language="en")
    certified.managers.add(hr_admin)
    client.force_login(hr_admin)
    answer = client.get(reverse("hr:certificate", args=[certified.code, completion.code]))
    text = PdfReader(io.BytesIO(answer.content)).pages[0].extract_text()
    assert "du 1er septembre 2025" in text and "Attestation" in text


@pytest.mark.parametrize(
    ("language", "missing"),
    [
        ("en", "Not yet; missing: 2 more sessions held and the final review answered"),
        (
            "fr",
            f"Pas encore{NBSP}; il manque{NBSP}: 2 séances tenues de plus et le bilan final rempli",
        ),
    ],
)
def test_the_certificates_register_joins_what_is_missing_in_the_readers_language(
    client, hr_admin, executive, language, missing
):
    programme = make_running_programme(sponsor=executive, managers=[hr_admin])
    pair = make_pair(programme)
    hold(pair, when=timezone.now() - timedelta(days=5))
    hold(pair, when=timezone.now() - timedelta(days=3))
    from evaluation.models import EvaluationSettings

    EvaluationSettings.objects.update_or_create(
        programme=programme,
        defaults={"certificate_min_sessions": 4, "certificate_needs_final_review": True},
    )
    User.objects.filter(pk=hr_admin.pk).update(preferred_language=language)
    client.force_login(hr_admin)
    page = client.get(reverse("hr:certificates", args=[programme.code])).content.decode()
    assert missing in page


# --- every export in the audit trail, with who took it -----------------------------------


def downloaded(by: User) -> list[Entry]:
    return list(Entry.objects.filter(kind=Entry.Kind.EXPORT_DOWNLOADED, actor=by))


def test_the_indicators_csv_of_every_programme_is_audited(client, executive, measured: Measured):
    client.force_login(executive)
    assert client.get(reverse("evaluation:indicators_csv")).status_code == 200
    (entry,) = downloaded(executive)
    assert entry.details == {"export": "tandem-indicators.csv"}
    assert entry.programme is None


def test_the_indicators_csv_of_a_programme_is_audited(client, executive, measured: Measured):
    client.force_login(executive)
    code = measured.programme.code
    assert (
        client.get(reverse("evaluation:programme_indicators_csv", args=[code])).status_code == 200
    )
    (entry,) = downloaded(executive)
    assert entry.details == {"export": f"tandem-indicators-{measured.programme.slug}.csv"}
    assert entry.programme == measured.programme


def test_the_pairs_csv_is_audited(client, hr_admin, measured: Measured):
    client.force_login(hr_admin)
    assert (
        client.get(reverse("evaluation:pairs_csv", args=[measured.programme.code])).status_code
        == 200
    )
    (entry,) = downloaded(hr_admin)
    assert entry.details == {"export": f"tandem-pairs-{measured.programme.slug}.csv"}
    assert entry.programme == measured.programme


def test_the_pdf_report_is_audited(client, executive, measured: Measured):
    client.force_login(executive)
    answer = client.get(reverse("evaluation:report", args=[measured.programme.code]))
    assert answer["Content-Type"] == "application/pdf"
    (entry,) = downloaded(executive)
    assert entry.details["export"].startswith(f"tandem-report-{measured.programme.slug}-")
    assert entry.programme == measured.programme


def test_a_refused_download_writes_nothing(client, mentor, measured: Measured):
    client.force_login(mentor)
    code = measured.programme.code
    assert (
        client.get(reverse("evaluation:programme_indicators_csv", args=[code])).status_code == 404
    )
    assert client.get(reverse("evaluation:report", args=[code])).status_code == 404
    assert not Entry.objects.filter(kind=Entry.Kind.EXPORT_DOWNLOADED).exists()


@pytest.mark.parametrize(
    ("language", "header", "kind"),
    [
        ("en", "When,Kind,By,Person concerned,Programme,Object,What changed", "Export downloaded"),
        (
            "fr",
            "Quand;Type;Par;Personne concernée;Programme;Objet;Ce qui a changé",
            "Export téléchargé",
        ),
    ],
)
def test_the_audit_trail_csv_reads_in_the_readers_language(
    client, hr_admin, measured: Measured, language, header, kind
):
    User.objects.filter(pk=hr_admin.pk).update(preferred_language=language)
    client.force_login(hr_admin)
    client.get(reverse("evaluation:pairs_csv", args=[measured.programme.code]))
    content = client.get(reverse("hr:audit_csv")).content.decode("utf-8-sig")
    first, *rows = content.splitlines()
    assert first == header
    assert any(kind in row for row in rows)
    # The trail's page: the moment in words, in the reader's language.
    page = client.get(reverse("hr:audit")).content.decode()
    entry = Entry.objects.filter(kind=Entry.Kind.EXPORT_DOWNLOADED).latest("at")
    at = timezone.localtime(entry.at)
    day = "1er" if language == "fr" and at.day == 1 else str(at.day)
    words = f"{day} {MONTHS[language][at.month - 1]} {at.year}"
    assert {"en": f"{words} at {at:%H:%M}", "fr": f"{words} à {at:%H:%M}"}[language] in page
