"""Issue 15, done when: in a browser, HR nudges the at-risk pairs, from the list of pairs
at risk, through the confirmation page, to the message that they are sent; the sweep then
sends each member the email in their own language, once.

The live server runs in this process with Celery eager; the sweep is run here, as beat
would run it.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from audit.models import Entry
from common.testing import sign_in
from meetings.testing import make_pair, make_running_programme
from pairing.models import Pair
from people.testing import make_person
from reminders import sweeping
from reminders.models import Reminder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Je passe à Lyon la semaine prochaine : faisons le point ensemble."


def at_risk(programme, mentor, mentee) -> Pair:
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    Pair.objects.filter(pk=pair.pk).update(published_at=timezone.now() - timedelta(days=60))
    return pair


def nudges_sent() -> list[mail.EmailMessage]:
    return [
        message
        for message in mail.outbox
        if message.extra_headers["X-Tandem-Reminder"] == Reminder.Kind.PAIR_NUDGE
    ]


def test_hr_nudges_the_at_risk_pairs(page, hr_admin, executive, mentor, mentee):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    mentor.preferred_language = "fr"
    mentor.save(update_fields=["preferred_language"])
    first = at_risk(programme, mentor, mentee)
    second = at_risk(
        programme,
        make_person(name="Inès Apprentie", grade=3, preferred_language="fr"),
        make_person(name="Paul Directeur", grade=16, preferred_language="en"),
    )

    sign_in(page, hr_admin.email)
    page.goto("/hr/attention/")
    expect(page.get_by_test_id("at-risk-pair")).to_have_count(2)
    page.get_by_role("link", name="Nudge the 2 pairs at risk of Digital acculturation…").click()

    summary = page.get_by_test_id("nudge-summary")
    expect(summary).to_contain_text("2 pairs have held no session for 45 days or more.")
    expect(summary).to_contain_text("Each member receives one email, in their own language: 4")
    emails = page.get_by_test_id("nudge-email")
    expect(emails).to_have_count(2)  # one example for each language
    expect(emails.filter(has_text="in French")).to_contain_text("Une séance avec")
    expect(emails.filter(has_text="in English")).to_contain_text("Time for a session with")

    page.get_by_label("Your line (optional)").fill(NOTE)
    page.get_by_role("button", name="Show the emails with my line").click()
    expect(emails.first).to_contain_text(NOTE)
    assert not Reminder.objects.filter(kind=Reminder.Kind.PAIR_NUDGE).exists()

    page.get_by_role("button", name="Send 4 emails").click()
    expect(page.get_by_text("Tick the box to confirm.")).to_be_visible()
    assert not Reminder.objects.filter(kind=Reminder.Kind.PAIR_NUDGE).exists()
    page.get_by_label("I confirm: send these emails.").check()
    page.get_by_role("button", name="Send 4 emails").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "2 pairs nudged: 4 emails will be sent within a few minutes"
    )
    expect(page.get_by_test_id("nudge-waiting")).to_have_count(2)  # not sent yet
    rows = Reminder.objects.filter(kind=Reminder.Kind.PAIR_NUDGE)
    assert sorted(rows.values_list("pair", flat=True)) == sorted(
        [first.pk, first.pk] + [second.pk] * 2
    )
    assert Entry.objects.filter(kind=Entry.Kind.PAIR_NUDGED, actor=hr_admin).count() == 2

    mail.outbox.clear()
    sweeping.sweep()
    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in nudges_sent()}
    assert languages == {
        mentor.email: "fr",
        mentee.email: "en",
        second.mentor_person.email: "fr",
        second.mentee_person.email: "en",
    }
    assert all(NOTE in message.body for message in nudges_sent())
    sweeping.sweep()
    assert len(nudges_sent()) == 4

    # Once sent, and a day later, a second nudge of the same pair asks first, and says when
    # the last one was.
    rows.update(created_at=timezone.now() - timedelta(days=2))
    page.reload()
    expect(page.get_by_test_id("nudged-on")).to_have_count(2)
    page.get_by_role("link", name=f"Nudge again… {mentor.name} → {mentee.name}").click()
    expect(page.get_by_test_id("nudged-lately")).to_contain_text("This pair was nudged on")
    expect(page.get_by_role("button", name="Send 2 emails", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Nudge again: send 2 emails")).to_be_visible()
