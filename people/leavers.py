"""Someone leaves the company: their account closes, and the apps downstream are told.

`deactivate` is the one way to record a leaver, whoever learns of it first (today the
directory's provisioning: SCIM `active: false` or DELETE). In one transaction:

- the account is inactive: the sessions end at once (people/deactivation.py) and no
  sign-in, by password or single sign-on, lets the person in again;
- `person_left` is sent inside the transaction: the meetings app cancels the person's
  future sessions through its own cancel service, so that the reminders outbox tells
  each partner exactly once, and the pairing app's pairs page flags their active pairs
  (`Pair.objects.with_leaver`) for HR to end and re-pair.

Nothing the person wrote is deleted: the retention rule or an erasure decides that
(privacy app). `reactivate` opens the account again; the pairs stay as they are.
"""

import logging
from datetime import date

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from .access import check_hr_admin
from .models import User

logger = logging.getLogger(__name__)

# Sent with person=User, left_on=date, by=User | None, inside the deactivating transaction.
person_left = Signal()


class Source:
    DIRECTORY = "directory"  # SCIM provisioning
    IMPORT = "import"  # a full directory import
    HR = "hr"  # HR, by hand


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
    updated = User.objects.filter(pk=person.pk, is_active=False).update(is_active=True)
    if updated:
        person.is_active = True
        logger.info(
            "%s reactivated (%s, by %s).", person.email, source, by.email if by else "the system"
        )
    return bool(updated)
