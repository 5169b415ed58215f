"""When each survey of a programme can be answered: the one rule, read by the sweep, the
sends and the survey page alike. Apart from `services` so that `sending`, which the tasks
import, needs nothing of the package that enqueues them.
"""

from datetime import date

from django.utils import timezone

from programmes.models import Programme

from .models import Response, Survey, final_review_opens_on, midpoint_of

Kind = Survey.Kind
Status = Programme.Status


def open_kinds(programme: Programme, today: date) -> set[str]:
    """The surveys of the programme that can be answered today.

    The baseline from enrolment until the mid-point; the pulse from the mid-point until
    the final review opens, two weeks before the end; the final review until HR marks the
    programme completed.
    """
    kinds: set[str] = set()
    midpoint, final = midpoint_of(programme), final_review_opens_on(programme)
    if programme.status in (Status.ENROLMENT_OPEN, Status.PAIRING) or (
        programme.status == Status.RUNNING and today < midpoint
    ):
        kinds.add(Kind.BASELINE)
    if programme.status == Status.RUNNING and midpoint <= today < final:
        kinds.add(Kind.MIDPOINT)
    if programme.status == Status.RUNNING and today >= final:
        kinds.add(Kind.FINAL)
    return kinds


def is_open(response: Response, today: date | None = None) -> bool:
    today = today or timezone.localdate()
    return response.survey.kind in open_kinds(response.survey.programme, today)
