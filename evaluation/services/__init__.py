"""Every write of the evaluation app, by sub-domain: `surveys` (the surveys, HR's questions
and settings, answers and testimonials), `sweep` (the scheduled work, which queues the
sends), `sending` (each send, claimed once) and `closing` (a completed programme's
completions and certificates).

Callers import from the module they need; the names below are the ones the tests reach
as `services.<name>`.
"""

from ..sending import send_invitation
from .closing import close_programme, earns_certificate
from .surveys import add_question, answer_survey, ensure_surveys, questions_for
from .sweep import SweepReport, run_sweep

__all__ = [
    "SweepReport",
    "add_question",
    "answer_survey",
    "close_programme",
    "earns_certificate",
    "ensure_surveys",
    "questions_for",
    "run_sweep",
    "send_invitation",
]
