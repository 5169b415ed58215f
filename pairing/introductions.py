"""Sending one introduction: what the send_introduction task does, after publication."""

from enrolments.models import Enrolment

from . import emails
from .models import Pair


def send_introduction(*, pair_id: int, role: str) -> bool:
    """Introduce one member of a published pair to the other; False when there is nobody to.

    A pair ended, or a member who left, between the publication and the task gets nothing.
    """
    pair = Pair.objects.with_people().filter(pk=pair_id).first()
    if pair is None or pair.status != Pair.Status.ACTIVE:
        return False
    person = pair.mentor_person if role == Enrolment.Role.MENTOR else pair.mentee_person
    if not person.is_active:
        return False
    emails.introduction(pair, person).send()
    return True
