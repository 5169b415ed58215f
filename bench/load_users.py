"""The locust users of `bench/load.py`: each role signs in and goes through its pages.

locust loads this file (`locust -f bench/load_users.py`); `bench/load.py` prepares the
accounts, writes them to the JSON file named by TANDEM_BENCH_ACCOUNTS and starts it.
"""

import base64
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


class Person(HttpUser):
    abstract = True
    role = ""
    wait_time = between(1, 3)

    def on_start(self) -> None:
        number = next(_next_account[self.role])
        self.account = ACCOUNTS["people"][self.role][number]
        self.sign_in()

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
        if "/accounts/2fa/authenticate/" in response.url:
            with self.client.post(
                "/accounts/2fa/authenticate/",
                {
                    "code": totp_code(self.account["totp"]),
                    "csrfmiddlewaretoken": self.csrf_token(response.text),
                },
                name="sign-in: authenticator code",
                catch_response=True,
            ) as second:
                if "/accounts/2fa/" in second.url or "/accounts/login/" in second.url:
                    second.failure(f"the code was refused: {alerts(second.text)}")

    def page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code == 200 and "/accounts/" in response.url:
                response.failure(f"sent to {response.url}")


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

    @task(3)
    def programme(self) -> None:
        code = random.choice(ACCOUNTS["programmes"][self.role])
        self.page(f"/programmes/{code}/", "programme detail")

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
        if ACCOUNTS["dashboard"]:
            self.page(ACCOUNTS["dashboard"], "dashboard")
        else:
            self.page("/", "home")
