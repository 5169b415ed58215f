"""Someone leaves the company: their account closes, and the apps downstream are told.

`deactivate` is the one way to record a leaver, whoever learns of it first (today the
directory's provisioning: SCIM `active: false` or DELETE). In one transaction:

- the account is inactive: the sessions end at once (people/deactivation.py) and no
  sign-in, by password or single sign-on, lets the person in again;
- the leaving is a dated `DirectoryEvent` (people/events.py), the one record the
  outcome indicators read;
- `person_left` is sent inside the transaction: the meetings app cancels the person's
  future sessions through its own cancel service, so that the reminders outbox tells
  each partner exactly once, and the pairing app's pairs page flags their active pairs
  (`Pair.objects.with_leaver`) for HR to end and re-pair.

Nothing the person wrote is deleted: the retention rule or an erasure decides that
(privacy app). `reactivate` opens the account again (a "returned" event); the pairs stay
as they are. A full directory import finds its leavers itself (people/events.py) and calls
`announce` for them, so that they are handled the same way.
"""

import logging
from datetime import date
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .access import check_hr_admin
from .deactivation import DATABASE_SESSION_ENGINES
from .events import record_event
from .models import DirectoryEvent, User

logger = logging.getLogger(__name__)

# Sent with person=User, left_on=date, by=User | None, inside the deactivating transaction.
person_left = Signal()


class Source:
    DIRECTORY = DirectoryEvent.Source.FEED  # SCIM provisioning
    IMPORT = DirectoryEvent.Source.IMPORT  # a full directory import
    HR = DirectoryEvent.Source.ADMIN  # HR, by hand


def deactivate(*, person: User, by: User | None, source: str, left_on: date | None = None) -> bool:
    """Close the account of someone who left; False when it was already closed."""
    check_hr_admin(by)
    with transaction.atomic():
        current = User.objects.select_for_update().get(pk=person.pk)
        if not current.is_active:
            return False
        current.is_active = False
        current.save(update_fields=["is_active"])  # the signal ends their sessions
        person.is_active = False
        left_on = left_on or timezone.localdate()
        record_event(person=current, kind=DirectoryEvent.Kind.LEFT, on=left_on, source=source)
        person_left.send(sender=User, person=current, left_on=left_on, by=by)
    logger.info(
        "%s left on %s (%s, by %s).",
        person.email,
        left_on,
        source,
        by.email if by else "the system",
    )
    return True


def reactivate(*, person: User, by: User | None, source: str) -> bool:
    """Open the account again (someone came back, or a mistake); their pairs stay as they are."""
    check_hr_admin(by)
    with transaction.atomic():
        updated = User.objects.filter(pk=person.pk, is_active=False).update(is_active=True)
        if updated:
            record_event(
                person=person,
                kind=DirectoryEvent.Kind.RETURNED,
                on=timezone.localdate(),
                source=source,
            )
    if updated:
        person.is_active = True
        logger.info(
            "%s reactivated (%s, by %s).", person.email, source, by.email if by else "the system"
        )
    return bool(updated)


def announce(*, pks: list[int], on: date, by: User | None) -> None:
    """People a full import found gone, already inactive with their leaving recorded: end
    their sessions (one scan of the open ones) and tell the apps downstream."""
    if not pks:
        return
    _end_sessions(set(pks))
    for person in User.objects.filter(pk__in=pks).order_by("pk"):
        person_left.send(sender=User, person=person, left_on=on, by=by)


def _end_sessions(pks: set[int]) -> None:
    if settings.SESSION_ENGINE not in DATABASE_SESSION_ENGINES:
        return
    wanted = {str(pk) for pk in pks}
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) in wanted:
            store(session_key=session.session_key).delete()
