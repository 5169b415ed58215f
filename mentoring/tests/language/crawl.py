"""A reader who follows every link: from a few pages, each same-site link once, reading
every page, CSV file and calendar file on the way with `reading.Reader`.

A URL pattern is read on a few of its pages, not on all of them (a directory of 300
people has 300 person pages that say the same words): `per_route` pages without a query
string, and one page for each set of query parameters.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

from .reading import Hit, Reader, html_lines, text_lines

HREF = re.compile(r"""href=["']([^"'#]+)""")
# Links that end the session or change the language: the crawl reads, it does not act.
NOT_FOLLOWED = {"account_logout", "set_language"}
# The example files of the imports: their column names and values ("mentee") are the file
# format's, the same in every language, as the importer reads them.
FILE_FORMATS = {"people:import-example", "enrolments:import_example"}
SKIPPED_PREFIXES = ("/static/", "/admin/", "/media/")
READ_AS_TEXT = ("text/csv", "text/plain", "text/calendar")


@dataclass
class Crawl:
    client: Client
    language: str
    reader: Reader
    per_route: int = 2
    pages: int = 0
    seen: set[str] = field(default_factory=set)
    routes: Counter = field(default_factory=Counter)
    hits: list[Hit] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def run(self, start: Iterable[str]) -> "Crawl":
        queue = list(start)
        while queue:
            url = queue.pop(0)
            if url in self.seen:
                continue
            self.seen.add(url)
            route = self._route(url)
            if route is None:
                continue
            self.routes[route] += 1
            if self.routes[route] > (1 if route[1] else self.per_route):
                continue
            queue.extend(self.read(url))
        return self

    def _route(self, url: str) -> tuple[str, tuple[str, ...]] | None:
        parts = urlsplit(url)
        if parts.path.startswith(SKIPPED_PREFIXES):
            return None
        try:
            match = resolve(unquote(parts.path))
        except Resolver404:
            self.errors.append(f"{url}: a link to nowhere")
            return None
        if match.view_name in NOT_FOLLOWED | FILE_FORMATS:
            return None
        keys = tuple(sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair}))
        return match.view_name, keys

    def read(self, url: str) -> list[str]:
        """Read the page at `url`; returns its same-site links."""
        response = self.client.get(url)
        self.pages += 1
        if response.status_code in (301, 302):
            return [response["Location"]]
        if response.status_code >= 500:
            self.errors.append(f"{url}: {response.status_code}")
        if response.status_code != 200:
            return []
        body = b"".join(response) if response.streaming else response.content
        kind = response.get("Content-Type", "").split(";")[0]
        if kind == "text/html":
            html = body.decode()
            self.hits += self.reader.foreign(url, html_lines(html, self.language), self.language)
            return [link for link in self._links(html)]
        if kind in READ_AS_TEXT:
            text = body.decode("utf-8-sig", errors="replace")
            lines = text_lines(text.replace(",", "\n").replace(";", "\n"))
            self.hits += self.reader.foreign(url, lines, self.language)
        return []

    @staticmethod
    def _links(html: str) -> list[str]:
        links = []
        for raw in HREF.findall(html):
            link = raw.replace("&amp;", "&")
            if link.startswith("http://testserver/"):
                link = link.removeprefix("http://testserver")
            if link.startswith("/") and not link.startswith("//"):
                links.append(link)
        return links
