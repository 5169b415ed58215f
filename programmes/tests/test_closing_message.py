"""HR's closing message (issue 12): written in English and in French side by side, read by
the participants of a programme that has ended in their own language, and in the other one,
marked, when theirs is empty."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Entry
from common.bilingual import text_of
from pairing.testing import Role, approve
from people.testing import make_person
from programmes import charter
from programmes.models import AuditEvent, Programme
from programmes.testing import make_programme

from .forms_data import edit_form_data

pytestmark = pytest.mark.django_db
Status = Programme.Status

ENGLISH = "Thank you all for six months of CLOSING-EN sessions."
FRENCH = "Merci à toutes et à tous pour six mois de séances CLOSING-FR."


def programme_of(executive, *, status=Status.COMPLETED, days_ago=250, **fields) -> Programme:
    start = timezone.localdate() - timedelta(days=days_ago)
    fields.setdefault("closing_message_en", ENGLISH)
    fields.setdefault("closing_message_fr", FRENCH)
    return make_programme(
        status=status,
        sponsor=executive,
        start_on=start,
        enrolment_opens_on=start - timedelta(days=30),
        enrolment_closes_on=start - timedelta(days=7),
        **fields,
    )


@pytest.fixture
def english_mentee(db):
    return make_person(name="Mary Senior", grade=15, preferred_language="en")


@pytest.fixture
def french_mentor(db):
    return make_person(name="Chloé Junior", grade=3, preferred_language="fr")


def take_part(programme, *people):
    for person, role in zip(people, (Role.MENTOR, Role.MENTEE), strict=False):
        approve(programme, person, role)


def page_of(client, person, programme) -> str:
    client.force_login(person)
    response = client.get(reverse("programmes:detail", args=[programme.code]))
    assert response.status_code == 200
    return response.content.decode()


# --- The model ---------------------------------------------------------------------------


def test_the_closing_message_reads_the_readers_language_or_the_other_one_marked():
    programme = Programme(closing_message_en="Thanks", closing_message_fr="")
    with translation.override("fr"):
        assert programme.closing_message == "Thanks"
        assert text_of(programme, "closing_message").fallback
    programme.closing_message_fr = "Merci"
    with translation.override("fr"):
        assert programme.closing_message == "Merci"
    with translation.override("en"):
        assert programme.closing_message == "Thanks"
        assert not text_of(programme, "closing_message").fallback


def test_a_programme_has_ended_once_completed_or_past_its_last_day():
    running = Programme(status=Status.RUNNING, start_on=date(2026, 1, 5), duration_months=3)
    assert running.ends_on == date(2026, 4, 4)
    assert not running.has_ended(date(2026, 4, 4))
    assert running.has_ended(date(2026, 4, 5))
    for status in (Status.COMPLETED, Status.ARCHIVED):
        ended = Programme(status=status, start_on=date(2026, 1, 5), duration_months=3)
        assert ended.has_ended(date(2026, 2, 1))


# --- The form, the services and the audit trail ------------------------------------------


def test_hr_writes_the_closing_message_in_both_languages_side_by_side(client, hr_admin, executive):
    programme = programme_of(executive, status=Status.RUNNING, days_ago=30, closing_message_en="")
    client.force_login(hr_admin)
    url = reverse("programmes:edit", args=[programme.code])
    form = client.get(url).content.decode()
    assert 'name="closing_message_en"' in form and 'name="closing_message_fr"' in form
    english_at, french_at = form.index("closing_message_en"), form.index("closing_message_fr")
    assert 'lang="en"' in form[english_at - 300 : french_at]
    data = edit_form_data(programme, closing_message_en=ENGLISH, closing_message_fr=FRENCH)
    assert client.post(url, data).status_code == 302
    programme.refresh_from_db()
    assert (programme.closing_message_en, programme.closing_message_fr) == (ENGLISH, FRENCH)
    event = AuditEvent.objects.filter(programme=programme).latest("at")
    assert event.changes["closing_message_en"] == ["", ENGLISH]
    assert "closing_message_fr" not in event.changes  # unchanged
    # The one audit trail names the field and keeps its long text out.
    entry = Entry.objects.filter(kind=Entry.Kind.PROGRAMME_EDITED).latest("pk")
    assert "closing_message_en" in entry.details["fields"]
    assert "closing_message_en" not in entry.changes


def test_a_new_programme_offers_the_default_closing_message_in_both_languages(client, hr_admin):
    client.force_login(hr_admin)
    for template in ("blank", "digital-acculturation"):
        form = client.get(reverse("programmes:create", args=[template])).context["form"]
        assert form.initial["closing_message_en"] == charter.DEFAULT_CLOSING_EN
        assert form.initial["closing_message_fr"] == charter.DEFAULT_CLOSING_FR
    assert "\u00a0:" in charter.DEFAULT_CLOSING_FR


def test_a_copy_keeps_the_closing_message(hr_admin, executive):
    from programmes import services

    source = programme_of(executive, status=Status.RUNNING, days_ago=30)
    copy = services.duplicate_programme(source=source, by=hr_admin)
    assert (copy.closing_message_en, copy.closing_message_fr) == (ENGLISH, FRENCH)


# --- The programme page ------------------------------------------------------------------


def test_each_participant_reads_the_closing_message_in_their_language(
    client, executive, english_mentee, french_mentor
):
    programme = programme_of(executive)
    take_part(programme, french_mentor, english_mentee)
    english = page_of(client, english_mentee, programme)
    assert ENGLISH in english and FRENCH not in english
    assert 'data-testid="closing-message"' in english and "available in" not in english
    french = page_of(client, french_mentor, programme)
    assert FRENCH in french and ENGLISH not in french
    assert "Message de clôture" in french


def test_a_closing_message_written_in_one_language_is_marked_for_the_other(
    client, executive, french_mentor
):
    programme = programme_of(executive, closing_message_fr="")
    take_part(programme, french_mentor)
    french = page_of(client, french_mentor, programme)
    assert ENGLISH in french
    assert f'<div lang="en"><p>{ENGLISH}</p></div>' in french
    assert "disponible en anglais uniquement" in french


def test_the_closing_message_waits_for_the_end_and_is_for_participants_only(
    client, executive, english_mentee, outsider
):
    running = programme_of(executive, status=Status.RUNNING, days_ago=30)
    take_part(running, english_mentee)
    assert ENGLISH not in page_of(client, english_mentee, running)
    # Past its last day, even before HR marks it completed.
    past = programme_of(executive, status=Status.RUNNING, days_ago=200)
    take_part(past, english_mentee)
    assert ENGLISH in page_of(client, english_mentee, past)
    # Someone who did not take part does not even see a completed programme.
    completed = programme_of(executive)
    client.force_login(outsider)
    assert client.get(reverse("programmes:detail", args=[completed.code])).status_code == 404


def test_a_participant_reads_the_completed_programme_they_took_part_in(
    client, executive, english_mentee
):
    completed = programme_of(executive)
    withdrawn = programme_of(executive, name="Another")
    take_part(completed, english_mentee)
    approve(withdrawn, english_mentee, Role.MENTEE, status="withdrawn", withdrawn_at=timezone.now())
    client.force_login(english_mentee)
    listed = {p.pk for p in client.get(reverse("programmes:list")).context["page"].object_list}
    assert completed.pk in listed and withdrawn.pk not in listed
    assert client.get(reverse("programmes:detail", args=[withdrawn.code])).status_code == 404


def test_hr_reads_the_closing_message_while_the_programme_runs(client, hr_admin, executive):
    running = programme_of(executive, status=Status.RUNNING, days_ago=30)
    page = page_of(client, hr_admin, running)
    assert ENGLISH in page and "Participants read it here once the programme has ended" in page
    empty = programme_of(
        executive,
        status=Status.RUNNING,
        days_ago=30,
        closing_message_en="",
        closing_message_fr="",
        name="Empty",
    )
    assert "No closing message yet." in page_of(client, hr_admin, empty)
