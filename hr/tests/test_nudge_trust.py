"""What HR's nudge pages and the trail say is true: dates in words, no nudge to a pair that
asked to end, never the same nudge twice, "will be told" until the rows are sent, the
pair's members in the trail, and the demo's in-process beat that sends them."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from audit.models import Entry
from audit.recording import record
from common import formatting
from demo.scheduler import Scheduler
from hr import nudges, trail
from meetings.services import request_exit
from meetings.testing import make_held_meeting, make_meeting, make_pair, make_running_programme
from pairing.models import Pair
from people import leavers
from people.testing import make_person
from reminders import planning, sweeping
from reminders.models import Reminder

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status


@pytest.fixture
def programme(hr_admin, executive):
    return make_running_programme(hr_admin=hr_admin, executive=executive)


@pytest.fixture
def pair(programme, mentor, mentee) -> Pair:
    """Zoé (mentor) reads French, Marc (mentee) English; last session 60 days ago."""
    mentor.preferred_language = "fr"
    mentor.save(update_fields=["preferred_language"])
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    Pair.objects.filter(pk=pair.pk).update(published_at=timezone.now() - timedelta(days=90))
    make_held_meeting(pair, days_ago=60)
    pair.refresh_from_db()
    return pair


def in_french(person) -> None:
    person.preferred_language = "fr"
    person.save(update_fields=["preferred_language"])


def nudges_sent() -> list[mail.EmailMessage]:
    return [m for m in mail.outbox if m.extra_headers["X-Tandem-Reminder"] == Kind.PAIR_NUDGE]


def send(client, pair: Pair, *, again: bool = False):
    return client.post(
        reverse("hr:nudge_pair", args=[pair.code]),
        {"batch": str(uuid.uuid4()), "confirm": "on", "send": "all" if again else "fresh"},
    )


@pytest.mark.parametrize(
    ("language", "held", "nudged"),
    [("en", "Last session held", "nudged on"), ("fr", "Dernière séance tenue", "relancé le")],
)
def test_the_nudge_page_writes_its_dates_in_words(client, pair, hr_admin, language, held, nudged):
    if language == "fr":
        in_french(hr_admin)
    client.force_login(hr_admin)
    assert send(client, pair).status_code == 302
    sweeping.sweep()
    two_days_ago = timezone.now() - timedelta(days=2)
    Reminder.objects.filter(kind=Kind.PAIR_NUDGE).update(created_at=two_days_ago)
    page = client.get(reverse("hr:nudge_pair", args=[pair.code])).text
    last_held = pair.meetings.get().starts_at
    with translation.override(language):
        assert formatting.day(last_held) in page
        assert f"{nudged} {formatting.day(two_days_ago)}" in page
    assert f"{last_held:%m/%d/%Y}" not in page and f"{last_held:%d/%m/%Y}" not in page


def test_a_pair_that_asked_to_end_is_not_nudged_and_the_pages_say_so(client, pair, hr_admin):
    request_exit(pair=pair, by=pair.mentee_person, reason="Nos agendas ne collent pas.")
    client.force_login(hr_admin)

    listed = client.get(reverse("hr:attention")).text
    assert 'data-testid="asks-to-end"' in listed
    assert reverse("hr:nudge_pair", args=[pair.code]) not in listed
    assert "Not nudged: a member asked to end the pair." in listed

    page = client.get(reverse("hr:nudge_pair", args=[pair.code])).text
    assert "1 pair at risk has asked HR to end it: it is not nudged" in page
    assert 'value="fresh"' not in page
    programme_page = client.get(reverse("hr:nudge_programme", args=[pair.programme.code])).text
    assert 'data-testid="nudge-asking-to-end"' in programme_page

    outcome = nudges.nudge(pairs=[pair], by=hr_admin, batch=str(uuid.uuid4()))
    assert outcome.nudged == [] and outcome.asking_to_end == 1
    assert not Reminder.objects.filter(kind=Kind.PAIR_NUDGE).exists()


def test_a_nudge_written_before_the_request_to_end_is_not_sent(pair, hr_admin):
    nudges.nudge(pairs=[pair], by=hr_admin, batch=str(uuid.uuid4()))
    request_exit(pair=pair, by=pair.mentee_person, reason="Plus le temps.")
    mail.outbox.clear()

    sweeping.sweep()

    assert nudges_sent() == []
    statuses = Reminder.objects.filter(kind=Kind.PAIR_NUDGE).values_list("status", flat=True)
    assert set(statuses) == {Status.CANCELLED}


def test_a_double_submit_with_different_tokens_sends_once(client, pair, hr_admin):
    client.force_login(hr_admin)
    assert send(client, pair).status_code == 302
    second = send(client, pair, again=True)  # the Back button, "Nudge again"
    assert second.status_code == 400  # nothing to send: the page says why
    assert "is waiting to be sent (written" in second.text
    follow = client.get(reverse("hr:attention")).text
    assert 'data-testid="nudge-waiting"' in follow

    assert Reminder.objects.filter(kind=Kind.PAIR_NUDGE).count() == 2
    assert Entry.objects.filter(kind=Entry.Kind.PAIR_NUDGED).count() == 1
    mail.outbox.clear()
    sweeping.sweep()
    assert sorted(m.to[0] for m in nudges_sent()) == sorted(
        [pair.mentor_person.email, pair.mentee_person.email]
    )


def test_the_sender_skips_a_second_nudge_to_the_same_member_within_hours(pair, hr_admin):
    # Two batches written behind the pages' back: the sender still sends one to each.
    planning.pairs_nudged([pair], by=hr_admin, note="", batch=str(uuid.uuid4()))
    planning.pairs_nudged([pair], by=hr_admin, note="", batch=str(uuid.uuid4()))
    mail.outbox.clear()

    sweeping.sweep()

    assert len(nudges_sent()) == 2
    statuses = sorted(
        Reminder.objects.filter(kind=Kind.PAIR_NUDGE).values_list("status", flat=True)
    )
    assert statuses == [Status.SENT, Status.SENT, Status.SUPERSEDED, Status.SUPERSEDED]


def test_the_leavers_partner_will_be_told_then_was_told(client, programme, hr_admin):
    leaver, partner = make_person(name="Léa Partie", grade=3), make_person(grade=15)
    left = make_pair(programme=programme, mentor=leaver, mentee=partner)
    make_meeting(left)
    leavers.deactivate(person=leaver, by=hr_admin, source="hr")
    client.force_login(hr_admin)

    pending = client.get(reverse("hr:attention")).text
    assert "will be told by email within a few minutes" in pending
    assert "their partner was told" not in pending

    sweeping.sweep()

    told = client.get(reverse("hr:attention")).text
    assert f"was told on {formatting.day(timezone.now())}" in told
    assert "will be told by email" not in told


def test_one_tick_of_the_demos_scheduler_runs_the_sweep_that_sends(pair, hr_admin):
    nudges.nudge(pairs=[pair], by=hr_admin, batch=str(uuid.uuid4()))
    mail.outbox.clear()

    ran = Scheduler().tick()

    assert "reminders.tasks.sweep" in ran and "evaluation.tasks.sweep" in ran
    assert len(nudges_sent()) == 2
    assert set(Reminder.objects.filter(kind=Kind.PAIR_NUDGE).values_list("status", flat=True)) == {
        Status.SENT
    }
    # The next tick, a minute later, sweeps again; the hourly jobs wait their turn.
    clock = iter([0.0, 60.0])
    scheduler = Scheduler(clock=lambda: next(clock))
    scheduler.tick()
    again = scheduler.tick()
    assert "reminders.tasks.sweep" in again and "evaluation.tasks.send_monthly_reports" not in again


def test_the_trail_names_a_pairs_members_and_lists_it_under_each(client, pair, hr_admin):
    nudges.nudge(pairs=[pair], by=hr_admin, batch=str(uuid.uuid4()))
    client.force_login(hr_admin)

    page = client.get(reverse("hr:audit"), {"person": pair.mentee_person.email}).text
    assert "Pair nudged" in page
    assert 'Zoé Junior</a> <span class="text-body-secondary">(mentor)' in page
    assert 'Marc Senior</a> <span class="text-body-secondary">(mentee)' in page

    csv = client.get(reverse("hr:audit_csv"), {"person": pair.mentor_person.email})
    text = csv.content.decode()
    assert "Pair of Zoé Junior and Marc Senior" in text
    assert "Marc Senior <mentee@example.com>" in text
    assert f"pair:{pair.code}" not in text


def test_a_directory_edit_reads_with_labels_and_french_spacing(hr_admin, mentee):
    entry = record(
        Entry.Kind.PERSON_EDITED,
        by=hr_admin,
        person=mentee,
        changes={"preferred_language": ("fr", "en")},
    )
    with translation.override("en"):
        assert trail.changes_text(entry) == "Preferred language: French → English"
    with translation.override("fr"):
        assert trail.changes_text(entry) == "Langue préférée\u00a0: français → anglais"


def test_the_french_filter_and_reminders_table_read_their_own_to(client, hr_admin):
    in_french(hr_admin)
    client.force_login(hr_admin)
    assert "Jusqu’au" in client.get(reverse("hr:audit")).text
    reminder_page = client.get(reverse("reminders:hr")).text
    assert "Jusqu’au" not in reminder_page


@pytest.mark.parametrize("planned", [True, False])
def test_the_nudge_fits_a_pair_with_a_session_planned_or_none(pair, hr_admin, planned):
    if planned:
        make_meeting(pair, starts_at=timezone.now() + timedelta(days=5))
    nudges.nudge(pairs=[pair], by=hr_admin, batch=str(uuid.uuid4()), note="Bon courage")
    mail.outbox.clear()
    sweeping.sweep()

    by_reader = {m.to[0]: m for m in nudges_sent()}
    english, french = by_reader[pair.mentee_person.email], by_reader[pair.mentor_person.email]
    if planned:
        assert "Your next session is planned on" in english.body
        assert "If it still suits you both, keep it" in english.body
        assert "choose a time" not in english.body
        assert "Votre prochaine séance est prévue le" in french.body
    else:
        assert "choose a time on your pair's page" in english.body
        assert "prochaine séance" not in french.body
    assert "de Hélène" not in french.body and "Hélène Ressources, RH" in french.body


def test_the_hr_alert_on_a_pair_with_a_leaver_does_not_advise_a_word(programme, hr_admin):
    leaver, partner = make_person(name="Léa Partie", grade=3), make_person(grade=15)
    left = make_pair(programme=programme, mentor=leaver, mentee=partner)
    Pair.objects.filter(pk=left.pk).update(published_at=timezone.now() - timedelta(days=60))
    leavers.deactivate(person=leaver, by=hr_admin, source="hr")
    mail.outbox.clear()

    sweeping.sweep()

    alerts = [
        m for m in mail.outbox if m.extra_headers["X-Tandem-Reminder"] == Kind.INACTIVE_PAIR_ALERT
    ]
    assert alerts, "the sweep alerts HR to the silent pair"
    assert all("A short word to each of them" not in m.body for m in alerts)
    assert all("Léa Partie has left the company: do not nudge this pair" in m.body for m in alerts)


def test_a_single_pair_nudged_lately_is_not_offered_to_others(client, pair, hr_admin):
    client.force_login(hr_admin)
    send(client, pair)
    sweeping.sweep()
    soon = client.get(reverse("hr:nudge_pair", args=[pair.code])).text
    assert "less than a day ago: they can be nudged again tomorrow" in soon
    assert "Nudge again: send" not in soon
    Reminder.objects.filter(kind=Kind.PAIR_NUDGE).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    page = client.get(reverse("hr:nudge_pair", args=[pair.code])).text
    assert "send to the others only" not in page and "This pair was nudged on" in page
    assert "Nudge again: send 2 emails" in page
