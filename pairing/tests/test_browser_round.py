"""Issue 5, done when: an HR admin runs a round, locks one pair, forbids another, runs again
and publishes; both members of a pair receive the introduction email.

The live server runs in this process with Celery eager, so the round and the emails run
on commit, as they do without Redis.
"""

import pytest
from django.core import mail
from playwright.sync_api import expect

from common.testing import sign_in
from pairing.models import Pair, PairConstraint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def proposal(page, mentor: str, mentee: str):
    return page.locator(f'[data-testid=proposal][data-mentor="{mentor}"][data-mentee="{mentee}"]')


def test_hr_runs_a_round_locks_forbids_runs_again_and_publishes(page, cohort, hr_admin, mentor):
    mentor.preferred_language = "fr"
    mentor.save(update_fields=["preferred_language"])

    sign_in(page, hr_admin.email)
    page.get_by_role("link", name="Pairing", exact=True).click()
    page.get_by_role("link", name="Digital acculturation").click()
    expect(page.get_by_test_id("round-status")).to_contain_text("No round yet")

    page.get_by_test_id("run-form").get_by_role("button", name="Run a round").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Done")
    expect(page.get_by_test_id("proposal")).to_have_count(3)
    zoe_marc = proposal(page, "mentor@example.com", "mentee@example.com")
    yann_anne = proposal(page, "yann@example.com", "anne@example.com")
    expect(zoe_marc).to_contain_text("Teaches Generative AI at level 4 of 4")

    # Lock one pair, forbid another.
    yann_anne.get_by_role("button", name="Lock").click()
    expect(page.get_by_role("status").first).to_contain_text("locked: the next run keeps them")
    expect(yann_anne.get_by_test_id("locked")).to_be_visible()
    zoe_marc.get_by_role("button", name="Forbid").click()
    expect(page.get_by_test_id("forbidden")).to_contain_text("Zoé Junior → Marc Senior")
    expect(page.get_by_test_id("proposal")).to_have_count(2)

    # Run again: the lock holds, the forbidden pair does not come back.
    page.get_by_test_id("run-form").get_by_role("button", name="Run again").click()
    expect(page.get_by_test_id("round-state")).to_have_text("Done")
    expect(page.get_by_test_id("proposal")).to_have_count(3)
    expect(yann_anne.get_by_test_id("locked")).to_be_visible()
    expect(zoe_marc).to_have_count(0)
    expect(proposal(page, "mentor@example.com", "paul@example.com")).to_have_count(1)
    expect(proposal(page, "ugo@example.com", "mentee@example.com")).to_have_count(1)

    page.get_by_test_id("publish-form").click()
    expect(page.get_by_test_id("publish-summary")).to_contain_text("6 introduction emails")
    page.get_by_label("I confirm: publish these pairs and send the emails.").check()
    page.get_by_role("button", name="Publish 3 pairs and send 6 emails").click()
    expect(page.get_by_role("status").first).to_contain_text("3 pairs are published")
    expect(page.get_by_test_id("active-pair")).to_have_count(3)

    assert Pair.objects.active().count() == 3
    assert PairConstraint.objects.get().kind == PairConstraint.Kind.FORBIDDEN
    # Both members of a pair are introduced to each other, each in their language.
    to_zoe = [message for message in mail.outbox if message.to == ["mentor@example.com"]]
    to_paul = [message for message in mail.outbox if message.to == ["paul@example.com"]]
    assert len(to_zoe) == 1 and len(to_paul) == 1
    assert "Paul Senior" in to_zoe[0].subject and "paul@example.com" in to_zoe[0].body
    assert "Zoé Junior" in to_paul[0].subject and "mentor@example.com" in to_paul[0].body
    assert to_zoe[0].extra_headers["Content-Language"] == "fr"
    assert to_paul[0].extra_headers["Content-Language"] == "en"
    assert len(mail.outbox) == 6
