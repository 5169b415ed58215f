"""Supply chain: every requirement pinned to one version, with everything it depends
on pinned too (the application's in requirements.txt, the tests' in requirements-dev.txt);
what is installed is what is pinned; CI audits the pins (pip-audit) and lints with
ruff's security rules."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(settings.BASE_DIR)
RUNTIME = ROOT / "requirements.txt"
DEVELOPMENT = ROOT / "requirements-dev.txt"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?:\[(?P<extras>[a-z0-9,_-]+)\])?==\S+$")
# pip, setuptools and wheel belong to the virtual environment, not to the project.
TOOLING = {"pip", "setuptools", "wheel"}


def pins(path: Path) -> dict[str, Requirement]:
    """The requirements a file pins, by canonical name, following `-r` includes."""
    found = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("-r "):
            found.update(pins(path.parent / line[3:].strip()))
            continue
        assert PIN.match(line), f"{path.name}: {line!r} is not pinned as name==version"
        requirement = Requirement(line)
        found[canonicalize_name(requirement.name)] = requirement
    return found


def dependencies(requirement: Requirement) -> set[str]:
    """What the installed distribution needs on this interpreter, with the pinned extras."""
    needed = set()
    for line in metadata.requires(requirement.name) or []:
        dependency = Requirement(line)
        environments = [{"extra": extra} for extra in requirement.extras] or [{"extra": ""}]
        if dependency.marker is None or any(dependency.marker.evaluate(e) for e in environments):
            needed.add(canonicalize_name(dependency.name))
    return needed


@pytest.mark.parametrize("path", [RUNTIME, DEVELOPMENT], ids=lambda path: path.name)
def test_every_requirement_is_pinned_and_installed_at_its_pin(path: Path) -> None:
    wrong = {
        name: (str(requirement.specifier), metadata.version(requirement.name))
        for name, requirement in pins(path).items()
        if f"=={metadata.version(requirement.name)}" != str(requirement.specifier)
    }
    assert not wrong, f"installed versions differ from the pins: {wrong}"


@pytest.mark.parametrize("path", [RUNTIME, DEVELOPMENT], ids=lambda path: path.name)
def test_what_the_requirements_depend_on_is_pinned_in_the_same_file(path: Path) -> None:
    pinned = pins(path)
    missing = {
        f"{dependency} (for {name})"
        for name, requirement in pinned.items()
        for dependency in dependencies(requirement)
        if dependency not in pinned and dependency not in TOOLING
    }
    assert not missing, f"add these to {path.name}, pinned: {sorted(missing)}"


def test_the_application_does_not_need_the_test_requirements() -> None:
    runtime = pins(RUNTIME)
    development_only = set(pins(DEVELOPMENT)) - set(runtime)
    needed = {
        dependency for requirement in runtime.values() for dependency in dependencies(requirement)
    }
    assert not needed & development_only


def test_ci_audits_the_pins_and_lints_with_the_security_rules() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    ruff = tomllib.loads((ROOT / "ruff.toml").read_text())

    assert "pip-audit" in ci
    assert "ruff check" in ci
    assert "pip-audit" in pins(DEVELOPMENT)
    assert "S" in ruff["lint"]["select"]
    assert not [code for code in ruff["lint"].get("ignore", []) if re.fullmatch(r"S\d*", code)]
