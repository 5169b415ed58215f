"""A deactivated person's sessions end.

Django already refuses an inactive person at their next request (ModelBackend), but it
keeps the session: reactivated, the person would find it open again. Saving a person as
inactive (the Django admin, a service) deletes their sessions outright. Bulk updates skip
signals; the next-request refusal still holds for them.
"""

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from .models import User

DATABASE_SESSION_ENGINES = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


def end_sessions(user: User) -> int:
    """Delete every open session of the person; returns how many there were."""
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return 0
    user_id = str(user.pk)
    # Sessions are signed blobs: reading them is the only way to find whose they are.
    # Deactivation is rare and done by hand, so a scan of the open sessions is acceptable.
    keys = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == user_id
    ]
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in keys:
        store(session_key=key).delete()  # through the store, so that a cached copy goes too
    return len(keys)


def end_sessions_when_deactivated(
    sender: type[User], instance: User, update_fields: frozenset | None = None, **kwargs: Any
) -> None:
    if instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return
    end_sessions(instance)
