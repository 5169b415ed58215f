"""Every write to enrolments, by sub-domain: `volunteering` (and an imported volunteer's
charter), `withdrawal`, `decisions` (HR's review, each decision emailed after commit),
`imports` (HR's CSV file); `answers` checks what a volunteer says, `reading` holds the
counts and topics the pages share, `errors` the refusal they all raise.

Views, the import command, the demo seed and tests call these the same way.
Refusals a person can act on are EnrolmentRefused (with reasons in words) or
ValidationError (by field); PermissionDenied means the caller should never
have offered the action.

Callers import from the module they need; the names below are the ones the tests and
the import command reach as `services.<name>`.
"""

from django.core.exceptions import PermissionDenied

from .answers import Answers, TopicAnswer
from .decisions import decide
from .errors import EnrolmentRefused
from .imports import import_enrolments
from .reading import enrolment_counts
from .volunteering import volunteer
from .withdrawal import withdraw

__all__ = [
    "Answers",
    "EnrolmentRefused",
    "PermissionDenied",
    "TopicAnswer",
    "decide",
    "enrolment_counts",
    "import_enrolments",
    "volunteer",
    "withdraw",
]
