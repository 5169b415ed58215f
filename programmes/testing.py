"""Factories for tests in any app that needs a programme (no test in here)."""

import importlib
from collections.abc import Sequence
from typing import Any

from django.apps import apps

from people.models import User
from people.testing import make_person

from . import services, templates_catalogue
from .models import Programme, Topic

# The factory's programme reads in both languages, as HR's do.
FRENCH_NAMES = {"Digital acculturation": "Acculturation numérique"}


def make_programme(
    *,
    status: str = Programme.Status.DRAFT,
    sponsor: User | None = None,
    managers: Sequence[User] = (),
    topics: Sequence[str] = ("generative-ai", "social-networks", "strategy"),
    objectives: Sequence[str] = ("Mentees use a generative-AI assistant weekly.",),
    **fields: Any,
) -> Programme:
    """A valid programme in any status; the status is set directly, without the lifecycle guards."""
    if sponsor is None:
        sponsor = make_person(is_executive=True, grade=18)
    name = fields.pop("name", "Digital acculturation")
    fields = {
        "name_en": name,
        "name_fr": FRENCH_NAMES.get(name, ""),
        "sponsor": sponsor,
        **templates_catalogue.default_dates(),
        **fields,
    }
    programme = services.create_programme(
        by=None,
        fields=fields,
        managers=managers,
        topics=Topic.objects.filter(slug__in=topics),
        objectives=[services.ObjectiveData(sentence_en=sentence) for sentence in objectives],
    )
    if status != Programme.Status.DRAFT:
        Programme.objects.filter(pk=programme.pk).update(status=status)
        programme.status = status
    return programme


def ensure_seeded_topics() -> None:
    """Put back the topics the data migration seeds.

    A transactional test (browser tests) flushes every table when it ends, so
    the next transactional test starts without the seeded catalogue.
    """
    importlib.import_module("programmes.migrations.0002_seed_topics").seed_topics(apps, None)
