"""The one way to write to the audit trail, called by each service inside its transaction."""

from collections.abc import Mapping
from typing import Any

from django.db import models

from .models import Entry


def target_of(instance: models.Model) -> str:
    """`pair:<code>`: what a row was about, by its public code (never a sequential id)."""
    code = getattr(instance, "code", None) or instance.pk
    return f"{instance._meta.model_name}:{code}"


def record(
    kind: str,
    *,
    by: models.Model | None,
    programme: models.Model | None = None,
    person: models.Model | None = None,
    target: models.Model | str = "",
    changes: Mapping[str, tuple[Any, Any] | list[Any]] | None = None,
    details: Mapping[str, Any] | None = None,
) -> Entry:
    """Append one decision. `by` None is the system (a command, a task, the demo)."""
    if kind not in Entry.Kind.values:
        raise ValueError(f"Unknown audit kind {kind!r}.")
    return Entry.objects.create(
        kind=kind,
        actor=by if by is not None and by.pk else None,
        programme=programme,
        person=person,
        target=target if isinstance(target, str) else target_of(target),
        changes={name: list(pair) for name, pair in (changes or {}).items()},
        details=dict(details or {}),
    )


def record_many(entries: list[Entry]) -> list[Entry]:
    """Append several decisions at once (a bulk decision, a publication)."""
    return Entry.objects.bulk_create(entries, batch_size=500)
