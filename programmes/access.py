"""Who may see and do what with programmes and topics. Views load objects through here.

Reading:
- HR admins see every programme, drafts included.
- Executives see every programme that has left the draft stage, plus the ones
  they sponsor, drafts included (a sponsor may read the draft they back).
- Every other signed-in employee sees the programmes whose enrolment is open
  and the running ones: that is what they can join or hear about; and the ones
  they take part in (an enrolment HR approved), whatever their status, so that a
  participant reads the closing message of a programme that has ended.
- Anyone else: nothing. A programme out of reach is a 404, never a 403, so its
  existence does not leak.

Managing (create, edit, duplicate, change status, the topic catalogue): HR
admins only, any of them; the programme's `managers` say who runs it, they do
not lock others out. For anyone else these pages are a 404 too.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404

from people.access import is_executive, is_hr_admin, require_hr_admin
from people.models import User

from .models import Programme, ProgrammeQuerySet, Topic, TopicQuerySet

Status = Programme.Status
VISIBLE_TO_EMPLOYEES = [Status.ENROLMENT_OPEN, Status.RUNNING]
# An enrolment's status once HR approved it, read through the reverse relations enrolments
# puts on User and Programme, so that this app never imports enrolments.
APPROVED = "approved"


def can_manage(user: User | AnonymousUser) -> bool:
    return is_hr_admin(user)


def programmes_for(user: User | AnonymousUser) -> ProgrammeQuerySet:
    if is_hr_admin(user):
        return Programme.objects.all()
    if is_executive(user):
        return Programme.objects.filter(~Q(status=Status.DRAFT) | Q(sponsor=user))
    if user.is_authenticated and user.is_active:
        taken_part_in = user.enrolments.filter(status=APPROVED).values("programme_id")
        return Programme.objects.filter(
            Q(status__in=VISIBLE_TO_EMPLOYEES) | Q(pk__in=taken_part_in)
        ).exclude(status=Status.DRAFT)
    return Programme.objects.none()


def takes_part(user: User | AnonymousUser, programme: Programme) -> bool:
    """Whether HR approved the person's enrolment in the programme."""
    if not user.is_authenticated:
        return False
    return programme.enrolments.filter(person=user, status=APPROVED).exists()


def programme_for(
    user: User | AnonymousUser, code: UUID | str, *, manage: bool = False
) -> Programme:
    """The programme with this code if the user may see it (or manage it, with manage=True)."""
    if manage:
        require_hr_admin(user)
    try:
        return programmes_for(user).select_related("sponsor").get(code=code)
    except (Programme.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def topics_for(user: User | AnonymousUser) -> TopicQuerySet:
    require_hr_admin(user)
    return Topic.objects.all()


def topic_for(user: User | AnonymousUser, code: UUID | str) -> Topic:
    try:
        return topics_for(user).get(code=code)
    except (Topic.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
