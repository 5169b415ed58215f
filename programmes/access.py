"""Who may see and do what with programmes and topics. Views load objects through here.

Reading:
- HR admins see every programme, drafts included.
- Executives see every programme that has left the draft stage, plus the ones
  they sponsor, drafts included (a sponsor may read the draft they back).
- Every other signed-in employee sees the programmes whose enrolment is open
  and the running ones: that is what they can join or hear about. The enrolment
  app may widen this to the programmes a person takes part in.
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


def can_manage(user: User | AnonymousUser) -> bool:
    return is_hr_admin(user)


def programmes_for(user: User | AnonymousUser) -> ProgrammeQuerySet:
    if is_hr_admin(user):
        return Programme.objects.all()
    if is_executive(user):
        return Programme.objects.filter(~Q(status=Status.DRAFT) | Q(sponsor=user))
    if user.is_authenticated and user.is_active:
        return Programme.objects.filter(status__in=VISIBLE_TO_EMPLOYEES)
    return Programme.objects.none()


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
