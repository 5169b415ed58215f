"""Who may see and do what with enrolments. Views load objects through here.

- A volunteer sees their own enrolments, and only theirs: anyone else's is a
  404, so that whether someone volunteered does not leak.
- HR admins review: they see every enrolment of every programme and decide on
  them. Any HR admin, not only the programme's `managers`: as in programmes,
  the managers say who runs a programme, they do not lock colleagues out (HR
  teams cover for each other during the busy weeks of a review).
- Executives have no access to individual enrolments (only counts, later on
  dashboards); they volunteer like anyone else.
- Volunteering goes through the programme as `programmes.access` shows it:
  a programme the person cannot see is a 404.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from people.access import is_hr_admin, require_hr_admin
from people.models import User
from programmes import access as programme_access
from programmes.models import Programme

from .models import Enrolment, EnrolmentQuerySet


def can_review(user: User | AnonymousUser) -> bool:
    return is_hr_admin(user)


def enrolments_of(user: User | AnonymousUser) -> EnrolmentQuerySet:
    """The user's own enrolments."""
    if not (user.is_authenticated and user.is_active):
        return Enrolment.objects.none()
    return Enrolment.objects.filter(person=user)


def enrolment_for(user: User | AnonymousUser, code: UUID | str) -> Enrolment:
    """The enrolment if it is the user's own, or any enrolment for an HR admin."""
    queryset = Enrolment.objects.all() if can_review(user) else enrolments_of(user)
    try:
        return queryset.with_answers().get(code=code)
    except (Enrolment.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def programme_to_join(user: User | AnonymousUser, code: UUID | str) -> Programme:
    """A programme the user may see; whether enrolment is open is eligibility's question."""
    return programme_access.programme_for(user, code)


def programme_to_review(user: User | AnonymousUser, code: UUID | str) -> Programme:
    require_hr_admin(user)
    return programme_access.programme_for(user, code)


def enrolments_to_review(user: User | AnonymousUser, programme: Programme) -> EnrolmentQuerySet:
    require_hr_admin(user)
    return Enrolment.objects.filter(programme=programme)
