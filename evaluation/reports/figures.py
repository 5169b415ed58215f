"""What a report holds: its figures, row by row, and the labels of the pair states.

A report is built from the numbers of `gathering` by `building` (one programme) or
`pooled` (several); templates, charts and exports read only these classes.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from enrolments.models import Enrolment
from programmes.models import Objective, Programme, Topic

from ..indicators import Estimate, Figure, Moments

ROLES = Enrolment.Role.values
STATUSES = Enrolment.Status.values
PAIR_STATES = ["on_track", "at_risk", "ended"]
PAIR_STATE_LABELS = {
    "on_track": _("On track"),
    "at_risk": _("At risk: no session for 45 days"),
    "ended": _("Ended"),
    "total": _("Published pairs"),
}


@dataclass
class TopicRow:
    topic: Topic
    moments: Moments

    @property
    def estimate(self) -> Estimate:
        return self.moments.estimate()


@dataclass
class PerceptionRow:
    key: str
    label: str
    audience: str
    before: Moments
    after: Moments
    change: Moments

    @property
    def estimate(self) -> Estimate:
        return self.change.estimate()


@dataclass
class AdoptionRow:
    topic: Topic
    moments: Moments  # of 0 (no) and 1 (yes)

    @property
    def share(self) -> Figure:
        return self.moments.mean(scale=100)


@dataclass
class ObjectiveRow:
    objective: Objective
    adoption: Figure | None  # None: the objective has no measurable target
    topics: list[Topic]

    @property
    def reached(self) -> bool:
        target = self.objective.target_percent
        return bool(
            target is not None
            and self.adoption is not None
            and self.adoption.shown
            and self.adoption.value >= target
        )


@dataclass
class SurveyRow:
    kind: str
    label: str
    invited: Figure
    answered: int
    rate: Figure


@dataclass
class MonthRow:
    month: date
    held: Figure
    rating: Figure
    moments: Moments = field(default_factory=Moments)


@dataclass
class QuestionRow:
    label: str
    survey: str
    kind: str
    result: Figure  # a mean for a scale, a percentage of yes for a yes/no question


@dataclass
class Report:
    programme: Programme | None
    programmes: list[Programme]
    volunteers: dict[tuple[str, str], Figure]
    coverage: Figure | None
    target_population: int | None
    pairs: dict[str, Figure]
    proposed_pairs: int
    sessions_held: Figure
    sessions_due: Figure
    sessions_planned: Figure
    held_rate: Figure
    rating: Moments
    satisfaction: Moments
    pair_working: Moments
    nps_counts: tuple[int, int, int]  # promoters, passives, detractors
    nps: Figure
    rhythm: list[Figure]
    progress: list[TopicRow]
    perception: list[PerceptionRow]
    adoption: list[AdoptionRow]
    objectives: list[ObjectiveRow]
    surveys: list[SurveyRow]
    trend: list[MonthRow]
    custom: list[QuestionRow]
    comments: list[tuple[str, list[str]]] = field(default_factory=list)
    read_at: datetime | None = None

    @property
    def volunteer_rows(self) -> list[dict[str, Any]]:
        """The volunteers table for templates and exports: a row per role and a total row."""
        labels = dict(Enrolment.Role.choices) | {"total": _("All volunteers")}
        return [
            {
                "key": role,
                "label": labels[role],
                "cells": [self.volunteers[(role, status)] for status in STATUSES],
                "total": self.volunteers[(role, "total")],
            }
            for role in [*ROLES, "total"]
        ]

    @property
    def approved_volunteers(self) -> Figure:
        return self.volunteers[("total", Enrolment.Status.APPROVED)]

    @property
    def status_labels(self) -> list[str]:
        return [label for _value, label in Enrolment.Status.choices]

    @property
    def pair_rows(self) -> list[tuple[str, str, Figure]]:
        return [(key, PAIR_STATE_LABELS[key], self.pairs[key]) for key in [*PAIR_STATES, "total"]]
