"""The indicators of one programme, or pooled over several, read in a fixed number of
queries whatever the number of programmes, pairs, sessions or answers.

By purpose: `figures` (what a report holds, and the labels), `gathering` (one grouped
query per kind of figure for all the programmes asked for), `building` (one programme's
report, with the disclosure rule of evaluation/indicators.py applied), `pooled` (the
all-programmes report, adding up only the figures the programmes' reports show) and
`cache` (the dashboards' reports, participation and outcomes, read together from numbers
a couple of minutes old at most).
Callers import from the module they need; the two entry points are also here.
"""

from .cache import reports
from .pooled import pooled_report

__all__ = ["pooled_report", "reports"]
