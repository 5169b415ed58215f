"""What the whole-site fuzz harness (test_fuzz_every_url.py) sends and how it reads a page:
the forms of a page as a browser would submit them, and hostile values by kind of field.

No test in here.
"""

import random
import uuid
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.core.files.uploadedfile import SimpleUploadedFile

MARKUP = "<script>alert('fuzz')</script>"
# Raw in a page, these mean that something stored or echoed was rendered as markup.
MARKUP_SEEN = (MARKUP.encode(), b"<img src=x onerror=alert(1)>", b"<b data-fuzz>")
CONTROL = ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]
TEXT = [
    MARKUP,
    "<img src=x onerror=alert(1)>",
    "<b data-fuzz>bold</b>",
    "'; DROP TABLE people_user; --",
    "{{ 7*7 }}{% now 'Y' %}",
    "%s %(name)s %d %",
    '=HYPERLINK("http://example.com")',
    "\u202egnp.exe",
    "\ufeffBOM",
    "𝕏" * 300,
    "é" * 5_000,
    "x" * 100_000,
    " ",
    "",
]
NUMBERS = [
    "-1", "0", "1", "-0", "100", "101", "32767", "32768", "2147483648", "9223372036854775808",
    "99999999999999999999", "1e309", "-1e309", "NaN", "Infinity", "3.5", "1,5", "0x10", "٣",
    "",
]  # fmt: skip
DATES = [
    "0001-01-01", "1899-12-31", "1900-01-01", "2100-12-31", "2101-01-01", "9999-12-31",
    "10000-01-01", "2026-02-30", "2026-13-01", "31/12/2026", "0000-00-00", "NaN", "",
]  # fmt: skip
TIMES = ["25:00", "23:59", "24:00", "-1:00", "00:00", "12:60", "noon", ""]
EMAILS = [
    "a@b", "@example.com", "a" * 300 + "@example.com", "x@example.com\x00", "é@exämple.com",
    "mentor@example.com, exec@example.com", "",
]  # fmt: skip
SEGMENTS = [
    "not-a-uuid", str(uuid.UUID(int=0)), "00000000-0000-0000-0000-00000000000", "%00", "%01",
    "..", "%2e%2e%2f", "x" * 3_000, "%ff", "😀", "1", "-1", " ",
]  # fmt: skip
# An address is at most 4 KB behind gunicorn (limit_request_line): longer ones never arrive.
SHORT_TEXT = [value for value in TEXT if len(value) < 1_000]
QUERY_NAMES = ["q", "page", "sort", "state", "status", "department", "next", "first", "second"]


def hostile_file(rng: random.Random) -> SimpleUploadedFile:
    """A CSV upload no spreadsheet would write."""
    header = "email,name,department,job_title,grade,manager_email,hired_on,birth_year,site"
    bodies = [
        b"\x00" * 1_000,
        (header + "\r\na@example.com,A\x00B,,,,,,,\r\n").encode(),
        (header + "\r\n" + "x" * 140_000 + "\r\n").encode(),
        (header + "\r\n" + "," * 300_000 + "\r\n").encode(),
        ("," * 500_000 + "\r\n").encode(),
        "\ufeffemail;name\r\né@x;y\r\n".encode("utf-16"),
        b"\xff\xfe\x00\x00garbage",
        (header + '\r\n"unclosed,' + "y" * 1_000).encode(),
        bytes(rng.randrange(256) for _ in range(2_000)),
        b"",
    ]
    return SimpleUploadedFile("fuzz.csv", rng.choice(bodies), content_type="text/csv")


def hostile_value(kind: str, rng: random.Random, options: list[str]) -> str:
    """A value for a field of this kind that a clumsy user or an attacker might send."""
    pools = {"number": NUMBERS, "date": DATES, "time": TIMES, "email": EMAILS}
    pool = pools.get(kind, TEXT)
    roll = rng.random()
    if roll < 0.25:
        return rng.choice(CONTROL) + rng.choice(pool + TEXT[:3]) + rng.choice(CONTROL)
    if roll < 0.35:
        return rng.choice(SEGMENTS)
    if roll < 0.45 and options:
        return rng.choice(options) + rng.choice(CONTROL)
    return rng.choice(pool)


@dataclass
class Field:
    name: str
    kind: str  # text, number, date, time, email, select, checkbox, file, hidden
    value: str | None  # what a browser sends untouched (None: nothing)
    options: list[str] = field(default_factory=list)
    multiple: bool = False


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, Field] = field(default_factory=dict)

    def key(self) -> tuple:
        return (self.method, urlsplit(self.action).path, tuple(sorted(self.fields)))

    def defaults(self) -> dict[str, list[str]]:
        data: dict[str, list[str]] = {}
        for item in self.fields.values():
            if item.value is not None and item.kind != "file":
                data.setdefault(item.name, []).append(item.value)
        return data


INPUT_KINDS = {"number": "number", "range": "number", "date": "date", "time": "time",
               "email": "email", "checkbox": "checkbox", "radio": "radio", "file": "file",
               "hidden": "hidden", "datetime-local": "date"}  # fmt: skip
SKIPPED_INPUTS = {"submit", "button", "image", "reset"}


class FormParser(HTMLParser):
    """The forms of a page, each with its fields and what a browser would send for them."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.current: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        at = {name: value or "" for name, value in attrs}
        if tag == "form":
            action = urljoin(self.page_url, at.get("action") or self.page_url)
            self.current = Form(action=action, method=(at.get("method") or "get").lower())
            self.forms.append(self.current)
            return
        form, name = self.current, at.get("name")
        if form is None or not name:
            return
        if tag == "input":
            kind = INPUT_KINDS.get(at.get("type", "text").lower(), "text")
            if at.get("type", "").lower() in SKIPPED_INPUTS:
                return
            checked = "checked" in at
            value = at.get("value", "on" if kind in ("checkbox", "radio") else "")
            existing = form.fields.get(name)
            if kind in ("checkbox", "radio") and existing is not None:
                existing.options.append(value)
                if checked:
                    existing.value = value
                return
            form.fields[name] = Field(
                name=name,
                kind="select" if kind == "radio" else kind,
                value=value if (checked or kind not in ("checkbox", "radio")) else None,
                options=[value] if kind in ("checkbox", "radio") else [],
            )
        elif tag == "select":
            self.select = Field(name, "select", None, multiple="multiple" in at)
            form.fields[name] = self.select
        elif tag == "textarea":
            self.textarea = Field(name, "text", "")
            form.fields[name] = self.textarea
        elif tag == "option" and self.select is not None:
            value = at.get("value", "")
            self.select.options.append(value)
            if "selected" in at or (self.select.value is None and not self.select.multiple):
                self.select.value = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.value = (self.textarea.value or "") + data


def forms_of(page_url: str, html: str) -> list[Form]:
    parser = FormParser(page_url)
    parser.feed(html)
    return parser.forms


def links_of(page_url: str, html: str) -> list[str]:
    """The site's own addresses a page links to."""

    class Links(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            href = dict(attrs).get("href") if tag == "a" else None
            if href and not href.startswith(("#", "mailto:", "http:", "https:", "javascript:")):
                self.found.append(urljoin(page_url, href))

    parser = Links()
    parser.found = []
    parser.feed(html)
    return parser.found


def plausible(value: date) -> bool:
    return date(1900, 1, 1) <= value <= date(2100, 12, 31)
