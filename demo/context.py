"""What the steps of `manage.py seed_demo` share."""

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from people.models import Department, User


@dataclass
class Demo:
    """What the steps share: the seed, today's date, and what earlier steps made."""

    seed: int
    today: date
    departments: dict[str, Department] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)  # by email
    accounts: dict[str, User] = field(default_factory=dict)  # "hr", "exec", "mentor", "mentee"

    def rng(self, step: str) -> random.Random:
        return random.Random(f"{self.seed}:{step}")


Step = Callable[[Demo], str]
