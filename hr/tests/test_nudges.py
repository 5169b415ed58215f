"""HR nudges the pairs at risk: one outbox row per member, sent once by the sweep in each
member's language, one audit entry per pair, never twice by mistake, HR only."""

import json
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import Entry
from hr import nudges, pages, trail
from meetings.testing import make_held_meeting, make_pair, make_running_programme
from pairing.models import Pair
from people import leavers
from people.testing import make_person
from reminders import claims, sweeping
from reminders.models import Reminder

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status
NOTE = "Un créneau jeudi ? Dites-moi si je peux aider."


def at_risk(programme, mentor, mentee, *, days: int = 60) -> Pair:
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    Pair.objects.filter(pk=pair.pk).update(published_at=timezone.now() - timedelta(days=days))
    pair.refresh_from_db()
    return pair


@pytest.fixture
def programme(hr_admin, executive):
    return make_running_programme(hr_admin=hr_admin, executive=executive)


@pytest.fixture
def pair(programme, mentor, mentee) -> Pair:
    """Zoé (mentor) reads French, Marc (mentee) English; no session for 60 days."""
    mentor.preferred_language = "fr"
    mentor.save(update_fields=["preferred_language"])
    return at_risk(programme, mentor, mentee)


def batch() -> str:
    return str(uuid.uuid4())


def nudges_of(pair: Pair):
    return Reminder.objects.filter(kind=Kind.PAIR_NUDGE, pair=pair)


def nudges_sent() -> list[mail.EmailMessage]:
    """The nudges in the outbox (the sweep also alerts the programme's HR to the pair)."""
    return [m for m in mail.outbox if m.extra_headers["X-Tandem-Reminder"] == Kind.PAIR_NUDGE]


def test_a_nudge_writes_one_outbox_row_per_member_and_one_audit_entry(pair, hr_admin):
    outcome = nudges.nudge(pairs=[pair], by=hr_admin, batch=batch(), note=f"  {NOTE}  ")

    assert outcome.nudged == [pair] and outcome.emails == 2
    rows = list(nudges_of(pair))
    assert sorted(row.recipient_id for row in rows) == sorted(
        [pair.mentor_person_id, pair.mentee_person_id]
    )
    assert {row.status for row in rows} == {Status.PENDING}
    assert all(row.due_at <= timezone.now() for row in rows)
    assert {row.context["note"] for row in rows} == {NOTE}
    assert {row.context["by"] for row in rows} == {hr_admin.pk}
    (entry,) = Entry.objects.filter(kind=Entry.Kind.PAIR_NUDGED)
    assert entry.actor == hr_admin
    assert entry.programme_id == pair.programme_id
    assert entry.target == f"pair:{pair.code}"
    assert entry.details == {"emails": 2, "note": True}
    # The trail keeps that HR wrote a line, never the line.
    assert "créneau" not in json.dumps([entry.changes, entry.details])
    assert trail.summary(entry) == "2 emails; with a line from HR"


def test_the_same_page_posted_twice_sends_nothing_more(pair, hr_admin):
    page = batch()
    nudges.nudge(pairs=[pair], by=hr_admin, batch=page)
    second = nudges.nudge(pairs=[pair], by=hr_admin, batch=page, again=True)

    assert second.nudged == [] and second.repeated == 1 and second.emails == 0
    assert nudges_of(pair).count() == 2
    assert Entry.objects.filter(kind=Entry.Kind.PAIR_NUDGED).count() == 1


def test_a_pair_nudged_lately_is_left_out_unless_hr_asks_again(pair, hr_admin):
    nudges.nudge(pairs=[pair], by=hr_admin, batch=batch())
    sweeping.sweep()  # sent: no longer waiting (a nudge waiting is never doubled)

    left_out = nudges.nudge(pairs=[pair], by=hr_admin, batch=batch())
    assert left_out.nudged == [] and left_out.left_out_recent == 1
    assert nudges_of(pair).count() == 2

    # Even "Nudge again" waits a day: the sender would drop a second email so soon.
    too_soon = nudges.nudge(pairs=[pair], by=hr_admin, batch=batch(), again=True)
    assert too_soon.nudged == [] and too_soon.left_out_recent == 1
    next_day = timezone.now() + timedelta(hours=25)
    again = nudges.nudge(pairs=[pair], by=hr_admin, batch=batch(), again=True, now=next_day)
    assert again.nudged == [pair]
    assert nudges_of(pair).count() == 4

    # Two weeks later it is a new nudge, with no need to insist (the others were sent or
    # dropped by then: one nudge of a pair waits at a time).
    sweeping.sweep(now=next_day)
    later = timezone.now() + timedelta(days=nudges.NUDGE_AGAIN_AFTER_DAYS, minutes=1)
    assert nudges.nudge(pairs=[pair], by=hr_admin, batch=batch(), now=later).nudged == [pair]
    assert Entry.objects.filter(kind=Entry.Kind.PAIR_NUDGED).count() == 3


def test_only_pairs_still_at_risk_with_both_members_here_are_nudged(programme, pair, hr_admin):
    met = at_risk(programme, make_person(name="Met Lately", grade=3), make_person(grade=15))
    make_held_meeting(met, days_ago=3)
    leaver = make_person(name="Léa Partie", grade=3)
    left = at_risk(programme, leaver, make_person(grade=15))
    leavers.deactivate(person=leaver, by=hr_admin, source="hr")
    ended = at_risk(programme, make_person(grade=3), make_person(grade=15))
    Pair.objects.filter(pk=ended.pk).update(
        status=Pair.Status.ENDED, ended_at=timezone.now(), end_reason=Pair.EndReason.OTHER
    )

    outcome = nudges.nudge(pairs=[pair, met, left, ended], by=hr_admin, batch=batch())

    assert outcome.nudged == [pair] and outcome.no_longer == 3
    assert set(Reminder.objects.filter(kind=Kind.PAIR_NUDGE).values_list("pair", flat=True)) == {
        pair.pk
    }
    plan = nudges.plan_for_programme(programme)
    # Its nudge is waiting to be sent: the page offers no other.
    assert plan.pairs == [] and plan.waiting == [pair] and plan.with_leaver == 1


def test_only_an_hr_admin_nudges(pair, mentor, executive):
    for someone in (mentor, executive, None):
        with pytest.raises(PermissionDenied):
            nudges.nudge(pairs=[pair], by=someone, batch=batch())
    assert not nudges_of(pair).exists()


@pytest.mark.parametrize("persona", ["mentor", "mentee", "executive", "outsider"])
def test_the_nudge_pages_are_a_404_for_anyone_but_hr(client, request, pair, persona):
    client.force_login(request.getfixturevalue(persona))
    for url in (
        reverse("hr:nudge_pair", args=[pair.code]),
        reverse("hr:nudge_programme", args=[pair.programme.code]),
    ):
        assert client.get(url).status_code == 404
        data = {"batch": batch(), "confirm": "on", "send": "fresh"}
        assert client.post(url, data).status_code == 404
    assert not nudges_of(pair).exists()


def test_a_bad_note_or_an_expired_page_is_refused_with_a_message(client, pair, hr_admin):
    url = reverse("hr:nudge_pair", args=[pair.code])
    client.force_login(hr_admin)
    with pytest.raises(ValidationError):
        nudges.nudge(pairs=[pair], by=hr_admin, batch=batch(), note="x" * 501)

    too_long = {"batch": batch(), "confirm": "on", "send": "fresh", "note": "x" * 501}
    response = client.post(url, too_long)
    assert response.status_code == 400
    assert "Ensure this value has at most 500 characters" in response.text

    expired = {"batch": "not-a-page", "confirm": "on", "send": "fresh"}
    response = client.post(url, expired)
    assert response.status_code == 400
    assert "This page has expired: open it again." in response.text

    unconfirmed = {"batch": batch(), "send": "fresh"}
    response = client.post(url, unconfirmed)
    assert response.status_code == 400
    assert "Tick the box to confirm." in response.text
    assert not nudges_of(pair).exists()


def test_the_confirmation_page_shows_the_counts_and_each_members_email(client, pair, hr_admin):
    client.force_login(hr_admin)
    url = reverse("hr:nudge_pair", args=[pair.code])

    page = client.get(url).text
    assert "1 pair has held no session for 45 days or more." in page
    assert "Each member receives one email, in their own language: 2 emails." in page
    assert page.count('data-testid="nudge-email"') == 2
    assert '<div class="card-body small" lang="fr">' in page  # Zoé's, in French
    assert "Une séance avec Marc Senior bientôt\u00a0?" in page
    assert "Time for a session with Zoé Junior?" in page

    token = batch()
    preview = client.post(url, {"batch": token, "note": NOTE, "preview": "1"})
    assert preview.status_code == 200
    # HR's line, as written (no French spacing added), in the field and in each email.
    assert preview.text.count(NOTE) == 3
    assert not nudges_of(pair).exists()

    sent = client.post(url, {"batch": token, "note": NOTE, "confirm": "on", "send": "fresh"})
    assert sent.status_code == 302 and sent.url == reverse("hr:attention") + "#at-risk"
    assert nudges_of(pair).count() == 2
    listed = client.get(sent.url).text
    assert "1 pair nudged: 2 emails will be sent within a few minutes" in listed
    assert 'data-testid="nudge-waiting"' in listed and "Nudge again…" not in listed

    # Once sent, asked again, the page says when, and only offers to nudge again.
    sweeping.sweep()
    assert 'data-testid="nudged-on"' in client.get(sent.url).text
    assert 'data-testid="nudge-too-soon"' in client.get(url).text  # less than a day ago
    nudges_of(pair).update(created_at=timezone.now() - timedelta(days=2))
    again = client.get(url).text
    assert 'data-testid="nudged-lately"' in again
    assert 'value="fresh"' not in again and "Nudge again: send 2 emails" in again


def test_the_sweep_sends_each_member_the_nudge_in_their_language_once(pair, hr_admin):
    nudges.nudge(pairs=[pair], by=hr_admin, batch=batch(), note=NOTE)
    mail.outbox.clear()

    sweeping.sweep()

    by_reader = {message.to[0]: message for message in nudges_sent()}
    assert set(by_reader) == {pair.mentor_person.email, pair.mentee_person.email}
    french, english = by_reader[pair.mentor_person.email], by_reader[pair.mentee_person.email]
    assert french.extra_headers["Content-Language"] == "fr"
    assert french.extra_headers["X-Tandem-Reminder"] == Kind.PAIR_NUDGE
    assert french.subject == "Une séance avec Marc Senior bientôt\u00a0?"
    assert "Hélène Ressources, RH" in french.body and f"«\u00a0{NOTE}\u00a0»" in french.body
    assert f"/sessions/pair/{pair.code}/add/" in french.body
    assert english.extra_headers["Content-Language"] == "en"
    assert english.subject == "Time for a session with Zoé Junior?"
    assert "You and Zoé Junior have not held a session in" in english.body
    assert f"“{NOTE}”" in english.body
    html = dict((kind, body) for body, kind in english.alternatives)["text/html"]
    assert "Plan a session" in html and "Hélène Ressources, HR" in html
    assert set(nudges_of(pair).values_list("status", flat=True)) == {Status.SENT}

    sweeping.sweep()
    assert len(nudges_sent()) == 2


def test_a_pair_that_meets_before_the_sweep_is_not_told_it_has_not(pair, hr_admin):
    nudges.nudge(pairs=[pair], by=hr_admin, batch=batch())
    make_held_meeting(pair, days_ago=1)
    mail.outbox.clear()

    sweeping.sweep()

    assert nudges_sent() == []
    assert set(nudges_of(pair).values_list("status", flat=True)) == {Status.SUPERSEDED}


def test_a_nudge_whose_sender_died_is_sent_once_by_the_next_sweep(pair, hr_admin):
    nudges.nudge(pairs=[pair], by=hr_admin, batch=batch())
    now = timezone.now()
    dead = str(uuid.uuid4())  # a sender that claimed the rows, then was killed
    assert len(claims.claim_batch(dead, now=now, limit=25)) == 2
    mail.outbox.clear()

    sweeping.sweep(now=now + timedelta(seconds=settings.REMINDERS_CLAIM_TIMEOUT + 1))
    sweeping.sweep(now=now + timedelta(seconds=2 * settings.REMINDERS_CLAIM_TIMEOUT))

    assert sorted(message.to[0] for message in nudges_sent()) == sorted(
        [pair.mentor_person.email, pair.mentee_person.email]
    )
    assert set(nudges_of(pair).values_list("status", flat=True)) == {Status.SENT}


def test_the_page_of_pairs_at_risk_costs_the_same_queries_whatever_their_number(
    programme, pair, hr_admin
):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            pages.attention(timezone.now())
        return len(captured)

    nudges.nudge(pairs=[pair], by=hr_admin, batch=batch())
    sweeping.sweep()
    small = count()
    for number in range(5):
        at_risk(programme, make_person(grade=3), make_person(grade=15, name=f"Mentee {number}"))
    assert count() == small
    groups = pages.attention(timezone.now())["nudge_groups"]
    assert [(group["count"], group["recent"]) for group in groups] == [(6, 1)]


def test_an_erasure_clears_hrs_line_from_both_members_copies(pair, hr_admin, mentee):
    from privacy.services import erase_person

    nudges.nudge(pairs=[pair], by=hr_admin, batch=batch(), note="Marc, un mot ?")
    erase_person(person=mentee, by=hr_admin)

    assert [row.context["note"] for row in nudges_of(pair)] == ["", ""]
    assert Entry.objects.filter(kind=Entry.Kind.PAIR_NUDGED).count() == 1  # the trail stays


def test_markup_in_hrs_line_is_shown_as_text(client, pair, hr_admin):
    client.force_login(hr_admin)
    url = reverse("hr:nudge_pair", args=[pair.code])
    line = '<b onmouseover="alert(1)">Allez-y</b>'
    preview = client.post(url, {"batch": batch(), "note": line, "preview": "1"}).text
    assert '<b onmouseover="alert(1)">' not in preview
    assert "&lt;b onmouseover=&quot;alert(1)&quot;&gt;Allez-y&lt;/b&gt;" in preview

    nudges.nudge(pairs=[pair], by=hr_admin, batch=batch(), note=line)
    mail.outbox.clear()
    sweeping.sweep()
    (message, *_) = nudges_sent()
    html = dict((kind, body) for body, kind in message.alternatives)["text/html"]
    assert "<b onmouseover" not in html and "&lt;b onmouseover" in html
    assert line in message.body  # the text version shows it as written
