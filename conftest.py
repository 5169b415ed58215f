"""Personas and the browser, shared by every app's tests."""

import os
from collections.abc import Iterator

import pytest

from common.testing import CHROMIUM, CHROMIUM_ARGS
from people.models import User
from people.testing import make_person


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres`, `redis` or `celery_worker` run only when the suite is set up on
    that service."""
    from django.conf import settings
    from django.db import connection

    reasons = {}
    if connection.vendor != "postgresql":
        reasons["postgres"] = "DATABASE_URL does not point at PostgreSQL"
    if not settings.REDIS_URL:
        reasons["redis"] = "REDIS_URL is not set"
        reasons["celery_worker"] = "REDIS_URL is not set"
    for item in items:
        for marker, reason in reasons.items():
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _source_language() -> Iterator[None]:
    """Every test starts in English: a request in French leaves its language active on the
    thread (Django's middleware activates, nothing deactivates), and the next test on the
    same worker would read French messages."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _topic_catalogue(request) -> None:
    """Every test that uses the database finds the topic catalogue its data migration seeds.

    Transactional tests (browser tests, PostgreSQL races) flush every table when
    they end, data migrations included, and pytest-django runs them between others.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if names & {"transactional_db", "live_server"} or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif marker or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from programmes.models import Topic
    from programmes.testing import ensure_seeded_topics

    if not Topic.objects.exists():
        ensure_seeded_topics()


@pytest.fixture
def hr_admin(db) -> User:
    return make_person(email="hr@example.com", name="Hélène Ressources", is_hr_admin=True, grade=12)


@pytest.fixture
def executive(db) -> User:
    return make_person(
        email="exec@example.com", name="Édouard Direction", is_executive=True, grade=18
    )


@pytest.fixture
def mentor(db) -> User:
    return make_person(email="mentor@example.com", name="Zoé Junior", grade=3)


@pytest.fixture
def mentee(db) -> User:
    return make_person(email="mentee@example.com", name="Marc Senior", grade=15)


@pytest.fixture
def outsider(db) -> User:
    return make_person(email="outsider@example.com", name="Olivier Ailleurs", grade=7)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """Chromium driven by Playwright; without it a skip, or a failure if REQUIRE_BROWSER=1."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests still
    # use the ORM beside it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
