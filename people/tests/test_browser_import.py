"""Issue 2, item 13: an HR admin, in French, imports a directory file through the page."""

import re

import pytest
from playwright.sync_api import expect

from common.testing import sign_in
from people.models import User

from .directory_files import csv_file, person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_hr_admin_in_french_imports_a_directory_file_and_sees_the_people(page, hr_admin):
    data = csv_file(
        person("amelie.roux@example.com", name="Amélie Roux", department="Marketing"),
        person(
            "kwame.mensah@example.com",
            name="Kwame Mensah",
            manager_email="amelie.roux@example.com",
            preferred_language="en",
        ),
    )
    sign_in(page, hr_admin.email)

    page.get_by_test_id("language-fr").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")

    page.goto("/people/import/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    page.locator("input[type=file][name=file]").set_input_files(
        files=[{"name": "annuaire.csv", "mimeType": "text/csv", "buffer": data}]
    )
    page.get_by_test_id("import-submit").click()

    page.wait_for_url(re.compile(r"/people/$"))
    table = page.locator("#directory-table")
    expect(table).to_contain_text("Amélie Roux")
    expect(table).to_contain_text("Kwame Mensah")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    assert User.objects.get(email="kwame.mensah@example.com").manager.name == "Amélie Roux"

    # allauth's own French, compiled in its package: the interface really is in French.
    page.goto("/accounts/logout/")
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
