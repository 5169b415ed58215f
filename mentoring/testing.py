"""Small factories and helpers for the tests (no test in here)."""

import itertools
from pathlib import Path

from allauth.account.models import EmailAddress

from people.models import Department, User

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "correct-horse-battery"  # noqa: S105
_sequence = itertools.count(1)


def make_person(*, password: str | None = PASSWORD, verified: bool = True, **fields) -> User:
    """A person in the directory, with a verified email so that they can sign in."""
    number = next(_sequence)
    fields.setdefault("email", f"person{number}@example.com")
    fields.setdefault("name", f"Person {number}")
    if "department" not in fields:
        fields["department"], _ = Department.objects.get_or_create(name="Operations")
    user = User.objects.create_user(password=password, **fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
