"""In the browser: a person downloads their data from their profile; HR erases a person,
who then cannot sign in."""

import json

import pytest
from playwright.sync_api import expect

from common.testing import PASSWORD, sign_in
from people.models import User
from privacy.models import Erasure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_person_downloads_their_data_from_their_profile(page, mentee):
    sign_in(page, mentee.email)
    page.goto("/people/me/")
    page.get_by_role("link", name="My data").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115
    assert data["account"]["email"] == mentee.email
    assert download.value.suggested_filename.startswith("tandem-my-data-")


def test_hr_erases_a_person_who_then_cannot_sign_in(page, hr_admin, outsider):
    sign_in(page, hr_admin.email)
    page.goto(f"/people/{outsider.code}/")
    page.get_by_role("link", name="Erase this person's data…").click()

    expect(page.get_by_text("This cannot be undone.")).to_be_visible()
    page.get_by_label("Type the person's email address to confirm").fill("someone@example.com")
    page.get_by_role("button", name="Erase this person's data").click()
    expect(page.get_by_text("This is not Olivier Ailleurs's address.")).to_be_visible()

    page.get_by_label("Type the person's email address to confirm").fill(outsider.email)
    page.get_by_role("button", name="Erase this person's data").click()
    erasure = Erasure.objects.get()
    expect(page.get_by_role("status").first).to_contain_text(erasure.label)
    expect(page.get_by_role("cell", name=erasure.label)).to_be_visible()
    assert not User.objects.get(pk=outsider.pk).is_active

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("outsider@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(
        page.get_by_text("The email address and/or password you specified are not correct.")
    ).to_be_visible()
    assert "/accounts/login/" in page.url
