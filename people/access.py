"""Who may see and do what in the people app. Views load objects through here."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import User


def is_hr_admin(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_hr_admin)


def is_executive(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_executive)


def require_hr_admin(user: User | AnonymousUser) -> None:
    """Directory pages are HR's: anyone else gets a 404, as if the page did not exist."""
    if not is_hr_admin(user):
        raise Http404


def check_hr_admin(by: User | None) -> None:
    """Services refuse a workflow asked by anyone but an active HR admin.

    `None` is the system itself (a command, a task, the demo), which may do anything.
    """
    if by is not None and not (by.is_active and by.is_hr_admin):
        raise PermissionDenied


def directory_for(user: User | AnonymousUser):
    require_hr_admin(user)
    return User.objects.select_related("department", "manager")


def person_for(user: User | AnonymousUser, code) -> User:
    if is_hr_admin(user):
        queryset = directory_for(user)
    elif user.is_authenticated and str(user.code) == str(code):
        queryset = User.objects.select_related("department", "manager")
    else:
        raise Http404
    try:
        return queryset.get(code=code)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
