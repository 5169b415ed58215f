"""Every word in the reader's language, on every page each persona reaches.

On the demo company (`seed_demo`), plus the access matrix's world (every URL pattern on
real objects), each persona signs in through the sign-in page (from a browser that asks
for the other language, so that the very request that signs them in must switch), then
reads every page reachable from the home page and every page the access matrix opens to
them: in French, then in English. Any catalogue text of the other language read on the
way fails the test, with the page and the text (see catalogue.py and reading.py).
"""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from mentoring.tests.test_login_required import endpoints
from mentoring.tests.trust.test_access_matrix import TABLE, url_for
from mentoring.tests.trust.world import PERSONAS, build_world
from people.models import User

from .catalogue import load
from .crawl import Crawl
from .reading import Reader

PASSWORD = "tandem-demo"  # noqa: S105 (the demo's published password)
DEMO_ACCOUNTS = {
    "hr": "hr@example.com",
    "executive": "exec@example.com",
    "mentor": "mentor@example.com",
    "mentee": "mentee@example.com",
}
OTHER = {"fr": "en", "en": "fr"}


@pytest.fixture(scope="module")
def reader() -> Reader:
    return Reader(load())


def demo_people() -> dict[str, User]:
    call_command("seed_demo", allow_without_debug=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    people = {persona: User.objects.get(email=email) for persona, email in DEMO_ACCOUNTS.items()}
    busy = {person.pk for person in people.values()}
    employee = (
        User.objects.filter(is_active=True, is_hr_admin=False, is_executive=False, grade__gt=0)
        .exclude(pk__in=busy)
        .exclude(enrolments__isnull=False)
        .order_by("email")
        .first()
    )
    employee.set_password(PASSWORD)
    employee.save()
    EmailAddress.objects.update_or_create(
        user=employee, email=employee.email, defaults={"verified": True, "primary": True}
    )
    people["employee"] = employee
    return people


def matrix_pages(world, persona: str) -> list[str]:
    """The pages the access matrix opens to `persona` (a GET answered 200)."""
    column = PERSONAS.index(persona)
    urls = []
    for endpoint in endpoints():
        method, codes = TABLE.get(endpoint.key, ("", ""))
        if method == "GET" and codes.split(" ")[column : column + 1] == ["200"]:
            # A calendar feed is its owner's (the world's mentor), in their language.
            if endpoint.key == "meetings:feed" and persona != "mentor":
                continue
            if not endpoint.key.startswith("admin:"):
                urls.append(url_for(world, endpoint))
    return urls


def sign_in(person: User, language: str, reader: Reader) -> tuple[Client, list]:
    """Sign in through the form, from a browser asking for the other language; the page
    the person lands on (with its “signed in” message) must be in theirs."""
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    client = Client(HTTP_ACCEPT_LANGUAGE=OTHER[language])
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True
    )
    assert response.wsgi_request.user == person, f"{person.email} could not sign in"
    crawl = Crawl(client, language, reader)
    crawl.hits += reader.foreign("sign-in", crawl_lines(response), language)
    return client, crawl.hits


def crawl_lines(response) -> list[str]:
    from .reading import html_lines

    return html_lines(response.content.decode(), response.wsgi_request.LANGUAGE_CODE)


@pytest.mark.django_db
def test_every_page_speaks_the_readers_language_to_every_persona(reader) -> None:
    people = demo_people()
    from programmes.models import Programme

    Programme.objects.filter(slug="digital-acculturation").update(slug="digital-acculturation-x")
    world = build_world(
        hr_admin=people["hr"],
        executive=people["executive"],
        mentor=people["mentor"],
        mentee=people["mentee"],
        outsider=people["employee"],
    )
    report, pages = [], 0
    for persona in ("hr", "executive", "mentor", "mentee", "employee"):
        start = ["/", *matrix_pages(world, persona)]
        for language in ("fr", "en"):
            client, hits = sign_in(people[persona], language, reader)
            crawl = Crawl(client, language, reader)
            crawl.hits += hits
            crawl.run(start)
            pages += crawl.pages
            report += [f"{persona} ({language}) {hit}" for hit in crawl.hits]
            report += [f"{persona} ({language}) {error}" for error in crawl.errors]
    print(f"{pages} pages read")
    assert pages > 300
    assert not report, f"{len(report)} words in the wrong language:\n" + "\n".join(
        sorted(set(report))
    )
