"""Who may see and do what in pairing. Views load objects through here.

- Pairing is HR's work: rounds, proposals, HR's constraints, publication and ending
  pairs are for HR admins (any of them, as for programmes: a programme's managers say
  who runs it, they do not lock colleagues out). For anyone else these pages are a 404.
- A published pair (active or ended) is visible to its two members. HR sees its status
  and counts only, never what the pair writes. Proposals are never shown to the people
  in them: until publication they are HR's draft.
- Executives see no pair: only aggregates, on the dashboards.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from people.access import is_hr_admin, require_hr_admin
from people.models import User
from programmes import access as programme_access
from programmes.models import Programme

from .models import Pair, PairConstraint, PairQuerySet

__all__ = ["is_hr_admin", "require_hr_admin"]


def programme_to_pair(user: User | AnonymousUser, code: UUID | str) -> Programme:
    return programme_access.programme_for(user, code, manage=True)


def pairs_of(user: User | AnonymousUser) -> PairQuerySet:
    """The published pairs the user is a member of."""
    if not (user.is_authenticated and user.is_active):
        return Pair.objects.none()
    return Pair.objects.published().of_person(user)


def pair_for(
    user: User | AnonymousUser,
    code: UUID | str,
    *,
    manage: bool = False,
    related: tuple[str, ...] = (),
) -> Pair:
    """A pair its member may see, or any pair for HR (with manage=True: HR only). Read with
    `related` (select_related's names), or with its people (`with_people`) by default."""
    if manage:
        require_hr_admin(user)
        queryset = Pair.objects.all()
    elif is_hr_admin(user):
        queryset = Pair.objects.all()
    else:
        queryset = pairs_of(user)
    queryset = queryset.select_related(*related) if related else queryset.with_people()
    try:
        return queryset.get(code=code)
    except (Pair.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def constraint_for(user: User | AnonymousUser, code: UUID | str) -> PairConstraint:
    require_hr_admin(user)
    try:
        return PairConstraint.objects.select_related("programme").get(code=code)
    except (PairConstraint.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
