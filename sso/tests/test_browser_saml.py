"""Issue 18: signing in through a real SAML 2.0 identity provider (samlp, on 127.0.0.1)."""

import re

import pytest
from playwright.sync_api import expect

from common.testing import PASSWORD
from people.models import User
from people.testing import make_person
from sso.models import EmailDomain

pytestmark = [
    pytest.mark.browser,
    pytest.mark.identity_provider,
    pytest.mark.django_db(transaction=True),
]

KWAME = {
    "email": "kwame.mensah@globex.test",
    "name": "Kwame Mensah",
    "department": "Finance",
    "job_title": "Head of financial control",
    "grade": "15",
    "manager_email": "claire.dubois@globex.test",
    "site": "London",
    "country": "GB",
    "languages": ["en", "fr"],
    "locale": "en-GB",
}


def sign_in_with_globex(page, login: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Globex").click()
    page.wait_for_url(re.compile(r"/saml/sso"))
    page.get_by_label("Login").fill(login)
    page.get_by_role("button", name="Sign in").click()


def test_first_sign_in_creates_the_account_and_the_second_updates_it(
    page, saml_provider, idp_people
):
    EmailDomain.objects.create(domain="globex.test", provider_id="globex", create_accounts=True)
    claire = make_person(email="claire.dubois@globex.test", name="Claire Dubois", grade=19)
    idp_people.write({"kwame": KWAME})

    sign_in_with_globex(page, "kwame")

    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#account-menu")).to_contain_text("Kwame Mensah")
    kwame = User.objects.get(email="kwame.mensah@globex.test")
    assert (kwame.department.name, kwame.job_title, kwame.grade) == (
        "Finance",
        "Head of financial control",
        15,
    )
    assert kwame.manager == claire
    assert (kwame.site, kwame.country.code, kwame.languages) == ("London", "GB", ["en", "fr"])
    assert kwame.preferred_language == "en"

    idp_people.write({"kwame": {**KWAME, "grade": "16", "department": "Direction"}})
    page.goto("/accounts/logout/")
    page.locator("main button[type=submit]").click()
    sign_in_with_globex(page, "kwame")

    page.wait_for_url(re.compile(r"/$"))
    kwame.refresh_from_db()
    assert (kwame.grade, kwame.department.name) == (16, "Direction")
    assert User.objects.filter(email="kwame.mensah@globex.test").count() == 1


def test_an_address_outside_the_open_domains_is_refused(page, saml_provider, idp_people):
    EmailDomain.objects.create(domain="globex.test", provider_id="globex", create_accounts=True)
    idp_people.write({"mallory": {"email": "mallory@elsewhere.test", "name": "Mallory"}})

    sign_in_with_globex(page, "mallory")

    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Tandem has no account for mallory@elsewhere.test"
    )
    assert not User.objects.filter(email="mallory@elsewhere.test").exists()


def test_a_domain_that_requires_single_sign_on_refuses_the_password(
    page, saml_provider, idp_people
):
    EmailDomain.objects.create(
        domain="globex.test", provider_id="globex", create_accounts=False, sso_required=True
    )
    make_person(email="ines@globex.test", name="Inès Garnier")
    idp_people.write({"ines": {"email": "ines@globex.test", "name": "Inès Garnier"}})

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("ines@globex.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("main")).to_contain_text("Addresses at globex.test sign in with Globex")

    sign_in_with_globex(page, "ines")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#account-menu")).to_contain_text("Inès Garnier")
