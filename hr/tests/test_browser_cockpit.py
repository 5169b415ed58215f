"""Issue 15, done when: in a browser, HR grants and revokes a role, deactivates a mentor
with an active pair and re-pairs the mentee, publishes after the confirmation summary
and downloads the certificates.

The live server runs in this process with Celery eager: rounds and emails run on commit.
"""

import zipfile

import pytest
from django.core import mail
from playwright.sync_api import expect

from audit.models import Entry
from common.testing import sign_in
from evaluation.models import EvaluationSettings
from evaluation.services.closing import close_programme
from meetings.testing import make_held_meeting, make_pair, make_running_programme
from pairing import services
from pairing.models import Pair
from pairing.testing import Role, approve, make_pairing_programme
from people.testing import make_person
from programmes.models import Programme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_grants_and_revokes_a_role(page, hr_admin, mentee):
    sign_in(page, hr_admin.email)
    page.goto(f"/people/{mentee.code}/")
    page.get_by_role("link", name="Make executive…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make Marc Senior executive?")
    page.get_by_label("I confirm this change.").check()
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Marc Senior now has the role of executive."
    )

    page.get_by_role("link", name="Take the role of executive away…").click()
    page.get_by_label("I confirm this change.").check()
    page.get_by_role("button", name="Take the role away").click()
    expect(page.get_by_role("status").first).to_contain_text("no longer has the role of executive")

    mentee.refresh_from_db()
    assert not mentee.is_executive
    assert list(
        Entry.objects.filter(actor=hr_admin).order_by("at", "pk").values_list("kind", flat=True)
    ) == [Entry.Kind.ROLE_GRANTED, Entry.Kind.ROLE_REVOKED]


def test_hr_deactivates_a_mentor_with_an_active_pair_and_re_pairs_the_mentee(
    page, hr_admin, executive, mentor, mentee
):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    pair = make_pair(programme=programme, mentor=mentor, mentee=mentee)
    spare = make_person(name="Sami Relais", grade=4)
    approve(programme, spare, Role.MENTOR, {"generative-ai": 4}, capacity=2)

    sign_in(page, hr_admin.email)
    page.goto(f"/people/{mentor.code}/")
    page.get_by_role("link", name="Deactivate the account…").click()
    expect(page.get_by_text("1 active pair: tick it to end it.")).to_be_visible()
    expect(page.get_by_label("Digital acculturation: Zoé Junior → Marc Senior")).to_be_checked()
    page.get_by_label("I understand that this person can no longer sign in.").check()
    page.get_by_role("button", name="Deactivate the account").click()
    expect(page.get_by_role("status").first).to_contain_text("account is deactivated")
    expect(page.get_by_text("A new pair is being looked for Marc Senior")).to_be_visible()

    page.goto(f"/pairing/programme/{programme.code}/")
    expect(page.get_by_test_id("proposal")).to_have_count(1)
    expect(page.get_by_test_id("proposal")).to_contain_text("Sami Relais")
    pair.refresh_from_db()
    assert pair.status == Pair.Status.ENDED
    mentor.refresh_from_db()
    assert not mentor.is_active


def test_hr_publishes_after_the_confirmation_summary(page, hr_admin, executive, mentor, mentee):
    programme = make_pairing_programme(hr_admin=hr_admin, executive=executive)
    approve(programme, mentor, Role.MENTOR, {"generative-ai": 4})
    approve(programme, mentee, Role.MENTEE, {"generative-ai": 1})
    approve(programme, make_person(name="Anne Seule", grade=14), Role.MENTEE, {"generative-ai": 1})
    services.start_round(programme=programme, by=hr_admin, run_now=True)

    sign_in(page, hr_admin.email)
    page.goto(f"/pairing/programme/{programme.code}/")
    page.get_by_role("link", name="Publish 1 pair…").click()
    summary = page.get_by_test_id("publish-summary")
    expect(summary).to_contain_text("1 pair becomes active")
    expect(summary).to_contain_text("2 introduction emails leave now")
    # One mentor of one place, two mentees: one stays unpaired, and the page says why.
    expect(page.get_by_test_id("unpaired")).to_contain_text("Their one compatible mentor is full.")
    assert mail.outbox == []

    page.get_by_role("button", name="Publish 1 pair and send 2 emails").click()
    expect(page.get_by_text("Tick the box to confirm.")).to_be_visible()
    assert Pair.objects.active().count() == 0
    page.get_by_label("I confirm: publish these pairs and send the emails.").check()
    page.get_by_role("button", name="Publish 1 pair and send 2 emails").click()
    expect(page.get_by_role("status").first).to_contain_text("1 pair is published")
    assert Pair.objects.active().count() == 1
    paired = Pair.objects.active().get()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [paired.mentor_person.email, paired.mentee_person.email]
    )


def test_hr_downloads_the_certificates(page, hr_admin, executive, mentor, mentee, tmp_path):
    programme = make_running_programme(hr_admin=hr_admin, executive=executive)
    EvaluationSettings.objects.create(
        programme=programme, certificate_min_sessions=1, certificate_needs_final_review=False
    )
    make_held_meeting(make_pair(programme=programme, mentor=mentor, mentee=mentee))
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
    programme.refresh_from_db()
    close_programme(programme=programme)

    sign_in(page, hr_admin.email)
    page.goto(f"/hr/programmes/{programme.code}/certificates/")
    expect(page.get_by_text("2 of 2 participants have earned a certificate.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download every certificate (zip)").click()
    path = tmp_path / "all.zip"
    download.value.save_as(path)
    assert len(zipfile.ZipFile(path).namelist()) == 2
