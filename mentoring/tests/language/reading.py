"""What a reader reads on a page, an email or a CSV file, and the catalogue's words in it
that belong to the other language.

The text of a page is what a person sees or hears: the text of the body and of the
attributes a screen reader or a tooltip speaks (title, aria-label, placeholder, alt, a
button's value), without scripts and styles. Block elements end a line, inline ones do
not, so that a sentence cut by a <strong> stays one sentence. An element marked with a
`lang` attribute of another language (the language switch says “English” on a French
page; content HR wrote in one language only is marked so) is in that language on purpose.
"""

from collections import defaultdict
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from .catalogue import SPACES, WORD, Catalogue, Pattern

INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "em", "i", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "label",
}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
SPOKEN = ("title", "aria-label", "placeholder", "alt", "aria-description")
SILENT = {"script", "style", "template", "svg"}
# Names a file or a program must be given as they are, in every language: column names.
CODE = {"code", "kbd", "samp"}


class _Text(HTMLParser):
    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.language = language
        self.lines: list[str] = []
        self.current: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, this element's text is not read)

    @property
    def muted(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _break(self) -> None:
        line = SPACES.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = (values.get("lang") or "")[:2]
        muted = self.muted or tag in SILENT or tag in CODE or bool(lang and lang != self.language)
        if values.get("hidden") is not None and tag != "input":
            muted = True
        if not muted:
            spoken = [values.get(name) for name in SPOKEN]
            if tag == "input" and (values.get("type") or "") in ("submit", "button"):
                spoken.append(values.get("value"))
            for text in spoken:
                if text:
                    self.lines.append(SPACES.sub(" ", unescape(text)).strip())
        if tag not in INLINE:
            self._break()
        if tag not in VOID:
            self.stack.append((tag, muted))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            open_tag, _muted = self.stack.pop()
            if open_tag == tag:
                break
        if tag not in INLINE:
            self._break()

    def handle_data(self, data: str) -> None:
        if not self.muted:
            self.current.append(data)

    def close(self) -> None:
        super().close()
        self._break()


def html_lines(html: str, language: str) -> list[str]:
    parser = _Text(language)
    parser.feed(html)
    parser.close()
    return parser.lines


def text_lines(text: str) -> list[str]:
    return [line for line in (SPACES.sub(" ", raw).strip() for raw in text.splitlines()) if line]


@dataclass(frozen=True)
class Hit:
    where: str
    pattern: Pattern
    line: str

    def __str__(self) -> str:
        what = {
            "english": "English on a French page",
            "french": "French on an English page",
            "untranslated": f"untranslated {self.pattern.source} string",
        }[self.pattern.kind]
        return f"{self.where}: {what}: {self.pattern.text!r} in {self.line!r}"


class Reader:
    """Finds the catalogue texts of the other language in what a page says."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.index: dict[str, dict[tuple[str, ...], list[Pattern]]] = {}
        for language in ("fr", "en"):
            by_key: dict[tuple[str, ...], list[Pattern]] = defaultdict(list)
            for pattern in catalogue.patterns(language):
                by_key[pattern.key].append(pattern)
            self.index[language] = dict(by_key)

    def foreign(self, where: str, lines: list[str], language: str) -> list[Hit]:
        """The hits of the other language's catalogue texts in `lines`."""
        keys: set[tuple[str, ...]] = set()
        for line in lines:
            words = WORD.findall(line)
            keys.update((word,) for word in words)
            keys.update(zip(words, words[1:], strict=False))
        index = self.index[language]
        text = "\n".join(lines)
        hits = []
        for key in keys & index.keys():
            for pattern in index[key]:
                match = pattern.regex.search(text)
                if match:
                    start = text.rfind("\n", 0, match.start()) + 1
                    end = text.find("\n", match.end())
                    hits.append(Hit(where, pattern, text[start : end if end >= 0 else None]))
        return hits
