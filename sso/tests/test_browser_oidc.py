"""Issue 18: signing in through a real OpenID Connect provider (oidc-provider, on 127.0.0.1)."""

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

ZOE = {
    "email": "zoe.martin@acme.test",
    "email_verified": True,
    "name": "Zoé Martin",
    "department": "Marketing",
    "job_title": "Growth analyst",
    "grade": 3,
    "manager_email": "claire.dubois@acme.test",
    "site": "Lyon",
    "country": "FR",
    "languages": "fr;en",
    "locale": "fr-FR",
}


def sign_in_with_acme(page, login: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Acme").click()
    provider_login(page, login)


def provider_login(page, login: str) -> None:
    """oidc-provider's own pages: any login, any password, then its consent."""
    page.wait_for_url(re.compile(r"/interaction/"))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("whatever")
    page.locator("button[type=submit]").click()
    consent = page.get_by_role("button", name="Continue")
    if consent.count():
        consent.click()


def test_first_sign_in_creates_the_account_and_the_second_updates_it(
    page, oidc_provider, idp_people
):
    EmailDomain.objects.create(domain="acme.test", provider_id="acme", create_accounts=True)
    claire = make_person(email="claire.dubois@acme.test", name="Claire Dubois", grade=18)
    idp_people.write({"zoe": ZOE})

    sign_in_with_acme(page, "zoe")

    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    zoe = User.objects.get(email="zoe.martin@acme.test")
    assert zoe.name == "Zoé Martin"
    assert (zoe.department.name, zoe.job_title, zoe.grade) == ("Marketing", "Growth analyst", 3)
    assert zoe.manager == claire
    assert (zoe.site, zoe.country.code, zoe.languages) == ("Lyon", "FR", ["fr", "en"])
    assert zoe.preferred_language == "fr"
    assert not zoe.has_usable_password()

    # Promoted, moved to Paris: the next sign-in brings the change.
    idp_people.write({"zoe": {**ZOE, "grade": 5, "job_title": "Growth lead", "site": "Paris"}})
    page.goto("/accounts/logout/")
    page.locator("main button[type=submit]").click()
    sign_in_with_acme_again(page)

    page.wait_for_url(re.compile(r"/$"))
    zoe.refresh_from_db()
    assert (zoe.grade, zoe.job_title, zoe.site) == (5, "Growth lead", "Paris")
    assert User.objects.filter(email="zoe.martin@acme.test").count() == 1


def sign_in_with_acme_again(page) -> None:
    """The provider remembers the person: it sends them straight back. Zoé's language may
    follow her out (the sign-in page in French after her sign-out)."""
    page.goto("/accounts/login/")
    page.get_by_role("button", name=re.compile("^(Sign in with|Se connecter avec) Acme$")).click()


def test_an_address_outside_the_open_domains_is_refused(page, oidc_provider, idp_people):
    EmailDomain.objects.create(domain="acme.test", provider_id="acme", create_accounts=True)
    idp_people.write(
        {"eve": {"email": "eve@elsewhere.test", "email_verified": True, "name": "Eve Ailleurs"}}
    )

    sign_in_with_acme(page, "eve")

    page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("alert")).to_contain_text(
        "Tandem has no account for eve@elsewhere.test"
    )
    assert not User.objects.filter(email="eve@elsewhere.test").exists()


def test_a_domain_that_requires_single_sign_on_refuses_the_password(
    page, oidc_provider, idp_people
):
    EmailDomain.objects.create(
        domain="acme.test", provider_id="acme", create_accounts=True, sso_required=True
    )
    make_person(email="paul@acme.test", name="Paul Durand")
    idp_people.write(
        {"paul": {"email": "paul@acme.test", "email_verified": True, "name": "Paul Durand"}}
    )

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("paul@acme.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In", exact=True).click()
    expect(page.locator("main")).to_contain_text("Addresses at acme.test sign in with Acme")
    assert "/accounts/login/" in page.url

    page.goto("/accounts/password/reset/")
    page.get_by_label("Email").fill("paul@acme.test")
    page.get_by_role("button", name="Reset My Password").click()
    expect(page.locator("main")).to_contain_text("Addresses at acme.test sign in with Acme")

    page.goto("/accounts/signup/")
    form = page.locator("main form.mb-3, main form").first
    form.locator("input[name=email]").fill("newcomer@acme.test")
    form.locator("input[name=name]").fill("Nina Nouvelle")
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator("main")).to_contain_text("Addresses at acme.test sign in with Acme")
    assert not User.objects.filter(email="newcomer@acme.test").exists()

    # The button still lets Paul in, with the second factor left to the provider.
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Acme").click()
    provider_login(page, "paul")
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#account-menu")).to_contain_text("Paul Durand")
