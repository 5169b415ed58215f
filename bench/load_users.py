"""The locust users of `bench/load.py`: each role signs in and goes through its pages.

locust loads this file (`locust -f bench/load_users.py`); `bench/load.py` prepares the
accounts, writes them to the JSON file named by TANDEM_BENCH_ACCOUNTS and starts it.
"""

import base64
import datetime
import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
from pathlib import Path

import gevent
from load import PASSWORD, PLAN  # locust puts this file's folder on the path
from locust import HttpUser, between, events, task

ACCOUNTS = json.loads(Path(os.environ["TANDEM_BENCH_ACCOUNTS"]).read_text())
_next_account = {role: itertools.count() for role in PLAN}
# Sign-ins happen while the users arrive, before the statistics are reset for the
# steady state: they are kept here and reported on their own.
SIGN_INS: dict[str, list] = {}


@events.request.add_listener
def _keep_sign_ins(name: str, response_time: float, exception, **kwargs) -> None:
    if name.startswith("sign-in"):
        error = str(exception) if exception else ""
        SIGN_INS.setdefault(name, []).append([response_time, error])


@events.quitting.add_listener
def _write_sign_ins(environment, **kwargs) -> None:
    Path(os.environ["TANDEM_BENCH_SIGN_INS"]).write_text(json.dumps(SIGN_INS))
    environment.process_exit_code = 0  # the orchestrator below judges the figures


def alerts(html: str) -> str:
    found = re.findall(r'class="(?:alert|invalid-feedback)[^"]*"[^>]*>\s*([^<]+)', html)
    return "; ".join(text.strip() for text in found) or "no message"


def totp_code(secret: str) -> str:
    counter = int(time.time()) // 30
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


_addresses = itertools.count(1)
_in = itertools.count(1)


def _signed_in(environment) -> None:
    """Once the last person has signed in, the statistics start again from zero: the steady
    state is measured, not the queue of sign-ins hashing their passwords."""
    if next(_in) == sum(PLAN.values()):
        environment.runner.stats.reset_all()
        Path(os.environ["TANDEM_BENCH_STEADY"]).write_text(str(time.time()))
        gevent.spawn_later(float(os.environ["TANDEM_BENCH_DURATION"]), environment.runner.quit)


class Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        number = next(_next_account[self.role])
        self.account = ACCOUNTS["people"][self.role][number % len(ACCOUNTS["people"][self.role])]
        # Each person comes from an address of their own, as the company's proxy says.
        serial = next(_addresses)
        self.client.headers["X-Forwarded-For"] = (
            f"10.{serial // 65536}.{serial // 256 % 256}.{serial % 256}"
        )
        self.sign_in()
        _signed_in(self.environment)

    def csrf_token(self, html: str) -> str:
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1) if match else ""

    def sign_in(self) -> None:
        page = self.client.get("/accounts/login/", name="sign-in page")
        with self.client.post(
            "/accounts/login/",
            {
                "login": self.account["email"],
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.csrf_token(page.text),
            },
            name="sign-in: password",
            catch_response=True,
        ) as response:
            if "/accounts/login/" in response.url:
                response.failure(f"still on the sign-in page: {alerts(response.text)}")
                return
        # A code that waited in the server's queue past its 30 seconds is refused: the
        # person types the next one, as anyone would (the refusal still counts as an error).
        for _attempt in range(3):
            if "/accounts/2fa/authenticate/" not in response.url:
                return
            with self.client.post(
                "/accounts/2fa/authenticate/",
                {
                    "code": totp_code(self.account["totp"]),
                    "csrfmiddlewaretoken": self.csrf_token(response.text),
                },
                name="sign-in: authenticator code",
                catch_response=True,
            ) as response:
                if "/accounts/2fa/" in response.url or "/accounts/login/" in response.url:
                    response.failure(f"the code was refused: {alerts(response.text)}")

    def page(self, url: str, name: str) -> str:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code == 200 and "/accounts/" in response.url:
                response.failure(f"sent to {response.url}")
            return response.text or ""

    def submit(self, form_url: str, url: str, data: dict, name: str, *, lands_on: str) -> None:
        """Open the page holding the form, then post it; it must land on `lands_on`."""
        token = self.csrf_token(self.page(form_url, f"{name} (form)"))
        with self.client.post(
            url, {**data, "csrfmiddlewaretoken": token}, name=name, catch_response=True
        ) as response:
            if response.status_code != 200 or lands_on not in response.url:
                response.failure(f"landed on {response.url}: {alerts(response.text)}")


class PairMember(Person):
    """A mentor or a mentee of the large programme: their pair, their sessions, and writing."""

    abstract = True

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def my_sessions(self) -> None:
        self.page("/sessions/", "my sessions")

    @task(3)
    def pair(self) -> None:
        self.page(f"/sessions/pair/{self.account['pair']}/", "pair page")

    @task(3)
    def session(self) -> None:
        code = random.choice(self.account["sessions"])
        self.page(f"/sessions/{code}/", "session page")

    @task(1)
    def calendar(self) -> None:
        self.page("/sessions/calendar/", "calendar")

    @task(1)
    def reminders(self) -> None:
        self.page("/reminders/", "my reminders")

    @task(1)
    def surveys(self) -> None:
        self.page("/evaluation/mine/", "my surveys")

    @task(1)
    def programmes(self) -> None:
        self.page("/enrolments/mine/", "my programmes")

    @task(1)
    def write_a_journal_entry(self) -> None:
        code = random.choice(self.account["sessions"])
        self.submit(
            f"/sessions/{code}/",
            f"/sessions/{code}/journal/",
            {"text": f"Journal written under load at {time.time():.0f}."},
            "journal (post)",
            lands_on=f"/sessions/{code}/",
        )

    @task(1)
    def plan_a_session(self) -> None:
        """A session at a time of the next weeks; one that clashes with a session of either
        member is refused with a message, and the person picks another time, as anyone
        would (the refusal is the page working, not an error)."""
        pair = self.account["pair"]
        url = f"/sessions/pair/{pair}/add/"
        token = self.csrf_token(self.page(url, "plan a session (post) (form)"))
        for _attempt in range(3):
            day = datetime.datetime.now(tz=datetime.UTC).date() + datetime.timedelta(
                days=random.randint(2, 40)
            )
            data = {
                "day": day.isoformat(),
                "at": f"{random.randint(8, 17):02d}:{random.choice(['00', '15', '30', '45'])}",
                "duration_minutes": 60,
                "mode": "video",
                "place": "",
                "video_link": "",
                "csrfmiddlewaretoken": token,
            }
            with self.client.post(
                url, data, name="plan a session (post)", catch_response=True
            ) as response:
                if response.status_code == 200 and f"/sessions/pair/{pair}/" in response.url:
                    if not response.url.endswith("/add/"):
                        return
                    if "already has a session" in response.text:
                        response.success()
                        token = self.csrf_token(response.text) or token
                        continue
                response.failure(f"landed on {response.url}: {alerts(response.text)}")
                return


class Mentor(PairMember):
    role = "mentor"
    fixed_count = PLAN["mentor"]


class Mentee(PairMember):
    role = "mentee"
    fixed_count = PLAN["mentee"]


class Volunteer(Person):
    role = "volunteer"
    fixed_count = PLAN["volunteer"]

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def open_programmes(self) -> None:
        self.page("/enrolments/", "open programmes")

    @task(2)
    def programme(self) -> None:
        code = random.choice(ACCOUNTS["programmes"][self.role])
        self.page(f"/programmes/{code}/", "programme detail")

    @task(3)
    def my_programmes(self) -> None:
        self.page("/enrolments/mine/", "my programmes")


class HRAdmin(Person):
    role = "hr"
    fixed_count = PLAN["hr"]

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def programmes(self) -> None:
        self.page("/programmes/", "programmes list")

    @task(2)
    def programme(self) -> None:
        code = random.choice(ACCOUNTS["programmes"][self.role])
        self.page(f"/programmes/{code}/", "programme detail")

    @task(2)
    def large_programme(self) -> None:
        self.page(
            f"/programmes/{ACCOUNTS['programmes']['large']}/", "programme detail (1,500 pairs)"
        )

    @task(2)
    def directory(self) -> None:
        self.page("/people/", "directory")

    @task(1)
    def directory_search(self) -> None:
        self.page(f"/people/?q={random.choice(['mar', 'fin', 'lyon', 'dupont'])}", "directory")

    @task(1)
    def review(self) -> None:
        code = random.choice(ACCOUNTS["programmes"]["open"])
        self.page(f"/enrolments/review/{code}/", "enrolment review")

    @task(1)
    def pairing_round(self) -> None:
        if ACCOUNTS["programmes"]["pairing"]:
            self.page(f"/pairing/programme/{ACCOUNTS['programmes']['pairing']}/", "pairing round")

    @task(1)
    def published_pairs(self) -> None:
        large = ACCOUNTS["programmes"]["large"]
        self.page(f"/pairing/programme/{large}/pairs/", "published pairs (1,500)")

    @task(2)
    def programme_dashboard(self) -> None:
        large = ACCOUNTS["programmes"]["large"]
        self.page(f"/evaluation/programmes/{large}/", "programme dashboard (1,500 pairs)")

    @task(1)
    def pairs_to_watch(self) -> None:
        large = ACCOUNTS["programmes"]["large"]
        self.page(f"/evaluation/programmes/{large}/pairs/", "pairs of a programme (HR)")

    @task(1)
    def reminders(self) -> None:
        self.page("/reminders/hr/", "reminders (HR)")


class Executive(Person):
    role = "exec"
    fixed_count = PLAN["exec"]

    @task(2)
    def home(self) -> None:
        self.page("/", "home")

    @task(2)
    def programmes(self) -> None:
        self.page("/programmes/", "programmes list")

    @task(2)
    def programme(self) -> None:
        code = random.choice(ACCOUNTS["programmes"][self.role])
        self.page(f"/programmes/{code}/", "programme detail")

    @task(3)
    def dashboard(self) -> None:
        self.page(ACCOUNTS["dashboard"], "dashboard")

    @task(3)
    def programme_dashboard(self) -> None:
        large = ACCOUNTS["programmes"]["large"]
        self.page(f"/evaluation/programmes/{large}/", "programme dashboard (1,500 pairs)")
