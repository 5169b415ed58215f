"""Every URL of the access matrix and every form field it takes, as the persona that may use it,
with hostile values: NUL and other control characters, very long strings, out-of-range and
boundary numbers and dates, malformed UUIDs and path segments, broken CSV files.

Forms are found as a browser finds them: in the HTML of every page of the matrix that a persona
may open (and of the pages those link to), with what a browser would send for each field; one
field or several at a time get a hostile value. Checked on every request: no server error; an
answer that is not a redirect (the form refused) wrote nothing; nothing echoed or stored renders
as markup; after a write, no control character and no date outside 1900-2100 is stored. Each
request runs in a savepoint that is rolled back, so that one world serves every input.

The default run tries at least CI_INPUTS inputs and says how many in the test summary
(conftest.py); `.venv/bin/pytest -m long mentoring/tests/trust/test_fuzz_every_url.py` tries
LONG_INPUTS, and TRUST_FUZZ_SEED picks another draw.
"""

import os
import random
import re
import traceback
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.db import connection, models, transaction
from django.db.models import Q
from django.test import Client
from django.urls import Resolver404, resolve

from mentoring.tests.test_login_required import endpoints

from .fuzzing import CONTROL as CONTROL_VALUES
from .fuzzing import (
    MARKUP_SEEN,
    QUERY_NAMES,
    SEGMENTS,
    SHORT_TEXT,
    Form,
    forms_of,
    hostile_file,
    hostile_value,
    links_of,
)
from .test_access_matrix import PROJECT_APPS, SIGN_OUT, TABLE, url_for
from .world import PERSONAS, World, build_world

CI_INPUTS = 5_000
LONG_INPUTS = 60_000
# Who opens a page first when several may: the pair and HR see the most forms.
PREFERENCE = ("mentor", "mentee", "hr", "executive", "employee", "superuser", "anonymous")
PERSONAS_PER_PAGE = 2
MAX_LINKED_PAGES = 120
CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)


@dataclass
class Tally:
    inputs: int = 0
    requests: int = 0
    writes: int = 0
    pages: int = 0
    forms: int = 0
    problems: list[str] = field(default_factory=list)

    seen: set[str] = field(default_factory=set)

    def problem(self, kind: str, where: str) -> None:
        """One line per kind of problem and address pattern, with the first input that shows it."""
        if kind not in self.seen:
            self.seen.add(kind)
            self.problems.append(f"{kind}: {where}"[:600])


class Harness:
    def __init__(self, world: World, seed: int) -> None:
        self.world = world
        self.rng = random.Random(seed)
        self.tally = Tally()
        self.clients: dict[str, Client] = {}
        self.forms: dict[tuple, tuple[str, Form]] = {}
        self.pages: list[tuple[str, str]] = []
        self.snapshot_sql = _snapshot_sql()

    def client(self, persona: str) -> Client:
        if persona not in self.clients:
            # A server error is counted, not raised, so that one run lists every one.
            client = Client(raise_request_exception=False)
            if persona != "anonymous":
                client.force_login(self.world.people[persona])
            self.clients[persona] = client
        return self.clients[persona]

    # --- Finding the pages and their forms ---------------------------------------------------

    def discover(self) -> None:
        seen: set[tuple[str, str]] = set()
        for endpoint in endpoints():
            if endpoint.key in SIGN_OUT or TABLE.get(endpoint.key, ("", ""))[0] != "GET":
                continue
            codes = dict(zip(PERSONAS, TABLE[endpoint.key][1].split(), strict=False))
            allowed = [persona for persona in PREFERENCE if codes.get(persona) == "200"]
            url = url_for(self.world, endpoint)
            for persona in allowed[:PERSONAS_PER_PAGE]:
                self.open_page(persona, url, seen, follow_links=True)

    def open_page(self, persona: str, url: str, seen: set, *, follow_links: bool) -> None:
        route = _route(url)
        if route is None or (persona, route) in seen:
            return
        seen.add((persona, route))
        response = self.client(persona).get(url)
        self.tally.requests += 1
        self.check_answer(response, f"{persona} GET {url}")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            return
        self.pages.append((persona, url))
        html = response.content.decode(errors="replace")
        for form in forms_of(url, html):
            target = _route(form.action)
            if target is None or target[0] in SIGN_OUT or not form.fields:
                continue
            self.forms.setdefault(form.key(), (persona, form))
        if follow_links:
            for link in links_of(url, html):
                if len(seen) < len(self.pages) + MAX_LINKED_PAGES:
                    self.open_page(persona, link, seen, follow_links=False)

    # --- Sending hostile input -----------------------------------------------------------------

    def fuzz_form(self, persona: str, form: Form) -> None:
        data: dict[str, object] = dict(form.defaults())
        names = list(form.fields)
        chosen = self.rng.sample(names, self.rng.randint(1, len(names)))
        for name in chosen:
            item = form.fields[name]
            if item.kind == "file":
                data[name] = hostile_file(self.rng)
            elif item.multiple or (item.kind == "checkbox" and len(item.options) > 1):
                data[name] = [hostile_value(item.kind, self.rng, item.options) for _ in range(3)]
            else:
                data[name] = hostile_value(item.kind, self.rng, item.options)
        if form.method == "get":  # an address is at most 4 KB behind gunicorn
            data = {
                key: value[:3_000] if isinstance(value, str) else value
                for key, value in data.items()
            }
        self.tally.inputs += len(chosen)
        self.send(persona, form.method, form.action, data)

    def fuzz_address(self, persona: str, url: str) -> None:
        """The page with one path segment replaced, then with every query parameter hostile."""
        parts = urlsplit(url).path.split("/")
        replaceable = [i for i, part in enumerate(parts) if part] or [len(parts) - 1]
        parts[self.rng.choice(replaceable)] = self.rng.choice(SEGMENTS)
        self.tally.inputs += 1
        self.send(persona, "get", "/".join(parts), {})
        query = {name: self.rng.choice(SHORT_TEXT + CONTROL_VALUES) for name in QUERY_NAMES}
        self.tally.inputs += len(query)
        self.send(persona, "get", url, query)

    def send(self, persona: str, method: str, url: str, data: dict) -> None:
        client = self.client(persona)
        where = f"{persona} {method.upper()} {url} {_short(data)}"
        with transaction.atomic():
            before = self.snapshot()
            response = (client.post if method == "post" else client.get)(url, data)
            self.tally.requests += 1
            self.check_answer(response, where)
            if method == "post" and response.status_code in (301, 302, 303):
                self.tally.writes += 1
                self.check_stored(client, response["Location"], url, where)
            elif method == "post" and self.snapshot() != before:
                kind = f"partial write, answered {response.status_code}, {_route(url)}"
                self.tally.problem(kind, where)
            transaction.set_rollback(True)
        if persona != "anonymous" and not client.session.get("_auth_user_id"):
            self.clients.pop(persona)  # signed out by what was sent: sign in again

    # --- Checks ---------------------------------------------------------------------------------

    def check_answer(self, response, where: str) -> None:
        route = _route(response.wsgi_request.path)
        if response.status_code >= 500:
            error = getattr(response, "exc_info", None)
            kind = f"{response.status_code} {error[0].__name__ if error else ''} on {route}"
            self.tally.problem(kind, f"{_origin(error)} {where}")
        body = b"".join(response) if response.streaming else response.content
        for markup in MARKUP_SEEN:
            if markup in body:
                self.tally.problem(f"markup {markup[:20]!r} rendered on {route}", where)

    def check_stored(self, client: Client, location: str, form_url: str, where: str) -> None:
        for url in (location, form_url):
            if _route(url) is not None:
                self.check_answer(client.get(url), f"after {where}, GET {url}")
        if hit := stored_oddity():
            self.tally.problem(f"{hit} stored through {_route(form_url)}", where)

    def snapshot(self) -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(self.snapshot_sql)
            return tuple(cursor.fetchone())

    def run(self, target: int) -> Tally:
        self.discover()
        self.tally.pages, self.tally.forms = len(self.pages), len(self.forms)
        assert self.forms, "the harness found no form"
        only = os.environ.get("TRUST_FUZZ_ONLY", "")
        forms = [(persona, form) for persona, form in self.forms.values() if only in form.action]
        while self.tally.inputs < target:
            for persona, form in forms:
                self.fuzz_form(persona, form)
            for persona, url in self.rng.sample(self.pages, min(len(self.pages), 25)):
                self.fuzz_address(persona, url)
        return self.tally


def project_models() -> list[type[models.Model]]:
    return [model for name in PROJECT_APPS for model in apps.get_app_config(name).get_models()]


def _snapshot_sql() -> str:
    tables = [connection.ops.quote_name(model._meta.db_table) for model in project_models()]
    # Table names from the models, not from input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {table})" for table in tables)  # noqa: S608
    return f"SELECT {counts}"


def stored_oddity() -> str | None:
    """A control character or a date no one means, stored in any row of the project."""
    for model in project_models():
        condition = Q()
        for model_field in model._meta.concrete_fields:
            name = model_field.name
            if isinstance(model_field, models.CharField | models.TextField):
                condition |= Q(**{f"{name}__regex": CONTROL})
            elif isinstance(model_field, models.DateTimeField):
                condition |= Q(**{f"{name}__date__lt": EARLIEST}) | Q(
                    **{f"{name}__date__gt": LATEST}
                )
            elif isinstance(model_field, models.DateField):
                condition |= Q(**{f"{name}__lt": EARLIEST}) | Q(**{f"{name}__gt": LATEST})
        if condition and model._default_manager.filter(condition).exists():
            return f"a control character or a date outside {EARLIEST}-{LATEST} in {model.__name__}"
    return None


def _route(url: str) -> tuple[str, ...] | None:
    """The URL pattern an address of the site reaches (None: not one of the site's)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver"):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return (match.view_name, *sorted(match.kwargs))


def _origin(error: tuple | None) -> str:
    """Where a server error was raised: its message and the last frames of our code or Django's."""
    if not error:
        return ""
    frames = [
        f"{frame.filename.split('site-packages/')[-1]}:{frame.lineno}"
        for frame in traceback.extract_tb(error[2])
        if "/db/backends/" not in frame.filename and "/utils/functional" not in frame.filename
    ]
    return f"[{str(error[1])[:100]} at {' < '.join(reversed(frames[-3:]))}]"


def _short(data: dict) -> str:
    text = repr({key: value for key, value in data.items() if key != "csrfmiddlewaretoken"})
    return re.sub(r"(.)\1{40,}", lambda m: f"{m.group(1)}×{len(m.group(0))}", text)[:300]


@pytest.fixture
def world(hr_admin, executive, mentor, mentee, outsider) -> World:
    return build_world(
        hr_admin=hr_admin, executive=executive, mentor=mentor, mentee=mentee, outsider=outsider
    )


def fuzz(world: World, target: int, record_property) -> None:
    seed = int(os.environ.get("TRUST_FUZZ_SEED", "17"))
    started = datetime.now()  # noqa: DTZ005 (a duration only)
    tally = Harness(world, seed).run(target)
    seconds = (datetime.now() - started).total_seconds()  # noqa: DTZ005
    summary = (
        f"fuzz harness: {tally.inputs:,} hostile inputs in {tally.requests:,} requests "
        f"({tally.writes:,} accepted writes) over {tally.forms} forms on {tally.pages} pages, "
        f"seed {seed}, {seconds:.0f} s"
    )
    print(summary)
    record_property("fuzz_summary", summary)
    assert tally.inputs >= target
    assert not tally.problems, "\n".join(tally.problems)


def test_no_input_on_any_url_reaches_a_server_error_or_stores_markup(world, record_property):
    fuzz(world, CI_INPUTS, record_property)


@pytest.mark.long
def test_the_long_run_finds_nothing_either(world, record_property, request):
    if "long" not in (request.config.getoption("markexpr") or ""):
        pytest.skip("many more inputs: run with -m long")
    fuzz(world, LONG_INPUTS, record_property)
