"""Small helpers shared by every app that sends email."""

import re

_LINE_BREAKS_AND_RUNS = re.compile(r"[ \t\r\n]+")


def subject_line(text: str) -> str:
    """A rendered subject template on one line.

    Only ASCII whitespace is folded: French subjects keep their non-breaking
    spaces before « : ; ? ! ».
    """
    return _LINE_BREAKS_AND_RUNS.sub(" ", text).strip()
