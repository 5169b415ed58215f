"""Every write of the pairing app, and the reads its pages share: rounds, HR's locks and
refusals, pairs set by hand, publication, ending a pair and re-pairing who is left alone.

Views, the run_pairing command, the demo seed and tests call these the same way, as
`services.<name>`. `by` is the person acting: an HR admin, or None for the system (a
command, a task). Refusals that HR can act on are PairingRefused, with reasons in words.

By sub-domain: `rounds`, `decisions` (lock, forbid, by hand), `publication`, `ending`,
`reading`. What the Celery tasks run lives beside this package, so that the tasks never
import the services that enqueue them: `pairing.running` (a round) and
`pairing.introductions` (an introduction email); so do the pieces both sides share:
`pairing.guards` (the refusal, when HR may pair), `pairing.cohort` (the solver's input)
and `pairing.reasons` (reasons as data and words). The names callers use are here.
"""

from ..cohort import DEFAULT_WEIGHTS
from ..guards import PAIRABLE_STATUSES, ROUND_TIMEOUT, PairingRefused
from ..introductions import send_introduction
from ..reasons import describe, topic_names
from ..running import execute_round
from .comparison import Comparison, comparison, go_back
from .decisions import allow_pair, forbid_pair, lock_pair, set_pair_by_hand
from .ending import end_pair, left_alone
from .publication import publish
from .reading import (
    approved_counts,
    goal_for,
    latest_reasons,
    latest_round,
    mentors_with_room,
    pair_counts,
    published_pair_count,
    round_defaults,
    summary,
    unpaired_mentees,
    weights_for,
)
from .rounds import repair, start_round

__all__ = [
    "DEFAULT_WEIGHTS",
    "PAIRABLE_STATUSES",
    "ROUND_TIMEOUT",
    "Comparison",
    "PairingRefused",
    "allow_pair",
    "approved_counts",
    "comparison",
    "describe",
    "end_pair",
    "execute_round",
    "forbid_pair",
    "go_back",
    "goal_for",
    "latest_reasons",
    "latest_round",
    "left_alone",
    "lock_pair",
    "mentors_with_room",
    "pair_counts",
    "publish",
    "published_pair_count",
    "repair",
    "round_defaults",
    "send_introduction",
    "set_pair_by_hand",
    "start_round",
    "summary",
    "topic_names",
    "unpaired_mentees",
    "weights_for",
]
