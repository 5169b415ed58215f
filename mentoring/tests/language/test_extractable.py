"""Every translated string is one makemessages can find: a literal in the call.

`ngettext_lazy(singular, plural, "count")` with variables compiles and runs, but
makemessages (xgettext) only extracts literal strings, so the sentence never reaches
locale/fr and is shown in English on French pages, which no catalogue-based check can
see. This walks every module of the project and fails on such a call.
"""

import ast
from pathlib import Path

from django.conf import settings

FUNCTIONS = {
    "_": 1,
    "gettext": 1,
    "gettext_lazy": 1,
    "gettext_noop": 1,
    "ngettext": 2,
    "ngettext_lazy": 2,
    "pgettext": 2,
    "pgettext_lazy": 2,
    "npgettext": 3,
    "npgettext_lazy": 3,
}
SKIPPED = {".venv", "node_modules", "migrations", "staticfiles", ".git"}


def project_modules() -> list[Path]:
    root = Path(settings.BASE_DIR)
    return [path for path in root.rglob("*.py") if not SKIPPED & set(path.relative_to(root).parts)]


def calls_with_variables(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    problems = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        literals = FUNCTIONS.get(name or "")
        if literals is None or (name == "_" and not isinstance(node.func, ast.Name)):
            continue
        for argument in node.args[:literals]:
            if not (isinstance(argument, ast.Constant) and isinstance(argument.value, str)):
                problems.append(f"{path}:{node.lineno}: {name}(…) with a variable")
                break
    return problems


def test_every_translated_string_is_a_literal_that_makemessages_extracts() -> None:
    problems = [problem for path in project_modules() for problem in calls_with_variables(path)]
    assert not problems, "\n".join(problems)
