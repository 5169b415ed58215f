"""Granting and revoking the two account roles, HR admin and executive.

Every change is confirmed on its page first and written to the audit trail. The last
active HR admin keeps the role: without one, nobody could give it back but a superuser.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.models import Entry
from audit.recording import record
from people.access import check_hr_admin
from people.models import User

ROLES = {
    "hr_admin": ("is_hr_admin", gettext_lazy("HR admin")),
    "executive": ("is_executive", gettext_lazy("executive")),
}


def role_label(role: str) -> str:
    return str(ROLES[role][1])


def has_role(person: User, role: str) -> bool:
    return bool(getattr(person, ROLES[role][0]))


@transaction.atomic
def set_role(*, person: User, role: str, granted: bool, by: User | None) -> User:
    """Give or take a role; refused with a sentence for HR when it would leave no HR admin."""
    check_hr_admin(by)
    if role not in ROLES:
        raise ValidationError(_("Unknown role."))
    field = ROLES[role][0]
    # Locking every HR admin's row queues two HR admins revoking each other at once.
    admins = list(User.objects.hr_admins().select_for_update().order_by("pk"))
    person = User.objects.select_for_update().get(pk=person.pk)
    before = getattr(person, field)
    if before == granted:
        return person
    if role == "hr_admin" and not granted and [a.pk for a in admins] == [person.pk]:
        raise ValidationError(
            _(
                "%(name)s is the last HR admin: give the role to someone else first, "
                "so that somebody can still run the programmes."
            )
            % {"name": person.name}
        )
    setattr(person, field, granted)
    person.save(update_fields=[field])
    record(
        Entry.Kind.ROLE_GRANTED if granted else Entry.Kind.ROLE_REVOKED,
        by=by,
        person=person,
        target=person,
        changes={field: [before, granted]},
        details={"role": role},
    )
    return person
