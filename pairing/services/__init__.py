"""Every write of the pairing app, and the reads its pages share: rounds, HR's locks and
refusals, pairs set by hand, publication with its introduction emails, ending a pair and
re-pairing who is left alone.

Views, the run_pairing command, the demo seed, tasks and tests call these the same way,
as `services.<name>`. `by` is the person acting: an HR admin, or None for the system (a
command, a task). Refusals that HR can act on are PairingRefused, with reasons in words.

By sub-domain: `cohort` (the solver's input), `rounds`, `decisions` (lock, forbid, by
hand), `publication` (and the introductions), `ending`, `reading`; `common` holds the
refusal, the constants and the checks they share.
"""

from .cohort import Cohort, build_cohort, reporting_lines, rules_for
from .common import (
    DEFAULT_WEIGHTS,
    PAIRABLE_STATUSES,
    ROUND_TIMEOUT,
    PairingRefused,
    as_data,
    describe,
    topic_names,
)
from .decisions import allow_pair, forbid_pair, lock_pair, set_pair_by_hand
from .ending import end_pair, left_alone
from .publication import Exchange, exchange, introduction_email, publish, send_introduction
from .reading import (
    approved_counts,
    latest_reasons,
    latest_round,
    mentors_with_room,
    pair_counts,
    published_pair_count,
    summary,
    unpaired_mentees,
    weights_for,
)
from .rounds import execute_round, repair, start_round

__all__ = [
    "DEFAULT_WEIGHTS",
    "PAIRABLE_STATUSES",
    "ROUND_TIMEOUT",
    "Cohort",
    "Exchange",
    "PairingRefused",
    "allow_pair",
    "approved_counts",
    "as_data",
    "build_cohort",
    "describe",
    "end_pair",
    "exchange",
    "execute_round",
    "forbid_pair",
    "introduction_email",
    "latest_reasons",
    "latest_round",
    "left_alone",
    "lock_pair",
    "mentors_with_room",
    "pair_counts",
    "publish",
    "published_pair_count",
    "reporting_lines",
    "repair",
    "rules_for",
    "send_introduction",
    "set_pair_by_hand",
    "start_round",
    "summary",
    "topic_names",
    "unpaired_mentees",
    "weights_for",
]
