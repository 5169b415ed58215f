"""Who may do what with personal data. Views load objects through here.

- Everyone signed in downloads their own data, nobody else's (the view never takes a
  person: it exports request.user).
- Erasure is HR's: any HR admin may erase anyone but themselves. For anyone else the
  pages are a 404. A person already erased is a 404 too: there is nobody left to erase.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from people.access import require_hr_admin
from people.models import User

from .models import Erasure


def person_to_erase(user: User | AnonymousUser, code: UUID | str) -> User:
    require_hr_admin(user)
    try:
        return User.objects.select_related("department", "manager").get(
            code=code, erasure__isnull=True
        )
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def erasures_for(user: User | AnonymousUser) -> QuerySet[Erasure]:
    require_hr_admin(user)
    return Erasure.objects.select_related("erased_by")
