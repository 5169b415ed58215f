"""A Celery worker imports each app's `tasks` module before anything else of that app: each
must import on its own, in a fresh interpreter, with no circle between tasks and services."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TASK_MODULES = sorted(
    f"{path.parent.name}.tasks" for path in ROOT.glob("*/tasks.py") if path.parent.name != ".venv"
) + ["evaluation.beat"]


@pytest.mark.parametrize("module", TASK_MODULES)
def test_tasks_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    code = f"import django; django.setup(); import {module}"
    result = subprocess.run(  # noqa: S603 (our own interpreter, our own module names)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"DJANGO_SETTINGS_MODULE": "mentoring.test_settings", "PATH": ""},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
