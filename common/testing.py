"""Helpers for the tests of every app (no test in here): the browser tests' sign-in, and
the dates a reader expects, written without Django."""

from pathlib import Path

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


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


# --- What a reader expects, written without Django's formats (so a test can catch them) ---

NBSP = "\u00a0"
MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre "
    "décembre".split(),
}
WEEKDAYS = {
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
    "fr": "lundi mardi mercredi jeudi vendredi samedi dimanche".split(),
}


def in_words(day, language: str, *, weekday: bool = False, year: bool = True) -> str:
    """A date as its reader writes it: “1er mars 2027”, “Monday 1 March 2027”."""
    number = "1er" if language == "fr" and day.day == 1 else str(day.day)
    text = f"{number} {MONTHS[language][day.month - 1]}" + (f" {day.year}" if year else "")
    return f"{WEEKDAYS[language][day.weekday()]} {text}" if weekday else text
