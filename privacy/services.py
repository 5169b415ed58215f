"""Erasing a person, and deleting private notes once their retention period is over.

Erasure deletes what only makes sense with a name on it (private notes, free text, the
account's addresses, sessions and second factors) and anonymises the rest, so that
every aggregate (pairs, sessions held, ratings, survey figures, completions) adds up
the same before and after. The field-by-field treatment is in privacy/register.py and
docs/data-register.md; the choices are explained in docs/privacy.md.
"""

import logging
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from allauth.socialaccount.models import SocialAccount
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import Entry
from audit.recording import record
from enrolments import availability
from enrolments.models import Enrolment
from evaluation.models import Answer, Testimonial
from meetings.models import Agreement, CalendarFeed, ExitRequest, Feedback, JournalEntry, Meeting
from pairing import services as pairing_services
from pairing.models import Pair, PairConstraint, PairingRound, ReplacedProposal, UnpairedReason
from people.access import is_hr_admin
from people.deactivation import end_sessions
from people.models import User
from programmes.models import AuditEvent, Programme
from programmes.schedule import add_months, programme_end
from reminders.models import Reminder, ReminderPreferences
from scim.models import ProvisionedPerson

from .models import Erasure

logger = logging.getLogger(__name__)

# Put where the database requires some text (a declined enrolment's reason, a cancelled
# session's reason) and the erased person wrote it.
ERASED_TEXT = "[erased]"
# RFC 2606 keeps .invalid from ever resolving: nothing can be delivered there.
PLACEHOLDER_DOMAIN = "erased.invalid"


class ErasureRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Erasure -------------------------------------------------------------------------------


def check_erasable(*, person: User, by: User | None) -> None:
    """Raise ErasureRefused with a sentence for HR when this erasure cannot go ahead."""
    if by is not None and by.pk == person.pk:
        raise ErasureRefused(_("You cannot erase your own account: ask another HR admin."))
    if Erasure.objects.filter(person=person).exists():
        raise ErasureRefused(_("This person's data has already been erased."))


def erase_person(*, person: User, by: User | None, source: str = Erasure.Source.PAGE) -> Erasure:
    """Delete the person's notes and free text, anonymise the rest, close the account.

    All or nothing. `by` is the HR admin asking (None from the command line).
    """
    if by is not None and not is_hr_admin(by):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=person.pk)
        check_erasable(person=person, by=by)
        erasure = Erasure.objects.create(person=person, erased_by=by, source=source)
        old_names = {person.name, person.email} - {""}
        # First, while the proposals it names still exist.
        summary = {"admin_history_entries_renamed": _scrub_admin_log(person, erasure.label)}
        summary |= _end_participation(person, by, now)
        summary |= _delete_free_text(person)
        summary |= _anonymise_records(person, old_names, erasure.label)
        summary |= _close_account(person, erasure, now)
        erasure.summary = summary
        erasure.save(update_fields=["summary"])
        # The trail points at the anonymised account: it names nobody once erased.
        record(
            Entry.Kind.PERSON_ERASED,
            by=by,
            person=person,
            target=erasure,
            details={key: value for key, value in summary.items() if isinstance(value, int)},
        )
    logger.info(
        "Personal data erased: %s, by %s (%s).",
        erasure.label,
        by.email if by else "a command",
        ", ".join(f"{key} {value}" for key, value in summary.items() if value),
    )
    return erasure


def _end_participation(person: User, by: User | None, now: Any) -> dict[str, int]:
    """The person leaves every programme: active pairs end (the other member can be
    re-paired), proposals and HR's locks on them go, enrolments still waiting for a pair
    are withdrawn. Pairs that were published stay, for the figures."""
    active = list(Pair.objects.ongoing().of_person(person))  # a finished programme's ended
    for pair in active:
        pairing_services.end_pair(pair=pair, by=by, reason=Pair.EndReason.LEFT)
    _total, deleted = Pair.objects.proposed().of_person(person).delete()
    proposals = deleted.get(Pair._meta.label, 0)
    enrolments = Enrolment.objects.filter(person=person)
    constraints, _rows = PairConstraint.objects.filter(
        Q(mentor__in=enrolments) | Q(mentee__in=enrolments)
    ).delete()  # nothing cascades from a constraint
    published = Pair.objects.published().of_person(person)
    withdrawn = (
        enrolments.filter(status__in=Enrolment.ACTIVE_STATUSES)
        .exclude(pk__in=published.values("mentor_id"))
        .exclude(pk__in=published.values("mentee_id"))
        .update(status=Enrolment.Status.WITHDRAWN, withdrawn_at=now)
    )
    reminders = Reminder.objects.filter(
        recipient=person, status__in=Reminder.ACTIVE_STATUSES
    ).update(status=Reminder.Status.CANCELLED)
    return {
        "pairs_ended": len(active),
        "proposals_deleted": proposals,
        "pair_constraints_deleted": constraints,
        "enrolments_withdrawn": withdrawn,
        "reminders_cancelled": reminders,
    }


def _delete_free_text(person: User) -> dict[str, int]:
    """Journals and every text the person wrote go; numbers, dates and choices stay."""
    notes, _rows = JournalEntry.objects.filter(author=person).delete()
    exits, _rows = ExitRequest.objects.filter(by=person).delete()
    testimonials, _rows = Testimonial.objects.filter(response__enrolment__person=person).delete()
    feedback = (
        Feedback.objects.filter(author=person)
        .filter(~Q(learned="") | ~Q(taught=""))
        .update(learned="", taught="")
    )
    answers = (
        Answer.objects.filter(response__enrolment__person=person).exclude(text="").update(text="")
    )
    own_meetings = Meeting.objects.filter(pair__in=Pair.objects.of_person(person))
    # The shared log is the pair's: the text goes where the person last wrote it.
    logs = (
        own_meetings.filter(logged_by=person)
        .filter(~Q(takeaways="") | ~Q(next_steps=""))
        .update(takeaways="", next_steps="")
    )
    cancel_reasons = own_meetings.filter(cancelled_by=person).update(cancel_reason=ERASED_TEXT)
    places = own_meetings.filter(created_by=person).exclude(place="").update(place="")
    own_meetings.filter(created_by=person).exclude(video_link="").update(video_link="")
    agreements = Agreement.objects.filter(pair__mentor_person=person).update(
        mentor_learns="", mentor_teaches="", channel_details=""
    ) + Agreement.objects.filter(pair__mentee_person=person).update(
        mentee_learns="", mentee_teaches="", channel_details=""
    )
    end_notes = Pair.objects.of_person(person).exclude(end_note="").update(end_note="")
    return {
        "private_notes_deleted": notes,
        "exit_requests_deleted": exits,
        "testimonials_deleted": testimonials,
        "feedback_texts_cleared": feedback,
        "survey_texts_cleared": answers,
        "session_logs_cleared": logs,
        "cancel_reasons_cleared": cancel_reasons,
        "session_places_cleared": places,
        "agreements_cleared": agreements,
        "pair_end_notes_cleared": end_notes,
    }


def _anonymise_records(person: User, old_names: set[str], label: str) -> dict[str, int]:
    """What stays is detached from the person: self-declared answers and derived reasons
    cleared, names replaced by the label where records copied them."""
    enrolments = Enrolment.objects.filter(person=person)
    rather_not, _rows = Enrolment.rather_not.through.objects.filter(
        enrolment__in=enrolments
    ).delete()
    enrolment_count = enrolments.update(
        motivation="",
        withdrawal_reason="",
        decision_reason=Case(
            When(status=Enrolment.Status.DECLINED, then=Value(ERASED_TEXT)), default=Value("")
        ),
        languages=[],
        availability=availability.flexible(),
        preferred_mode="",
        gender="",
        gender_consent=False,
    )
    # Reasons are worded from both members' profiles (a shared site, different genders).
    pair_reasons = Pair.objects.of_person(person).exclude(reasons=[]).update(reasons=[])
    unpaired = UnpairedReason.objects.filter(enrolment__in=enrolments).update(reasons=[])
    pair_reasons += (
        ReplacedProposal.objects.filter(Q(mentor__in=enrolments) | Q(mentee__in=enrolments))
        .exclude(reasons=[])
        .update(reasons=[])
    )
    copies = _replace_names(
        AuditEvent.objects.filter(changes__has_any_keys=["sponsor", "managers"]),
        "changes",
        old_names,
        label,
    ) + _replace_names(
        PairingRound.objects.filter(error__has_key="params"), "error", old_names, label
    )
    return {
        "enrolments_anonymised": enrolment_count,
        "rather_not_choices_deleted": rather_not,
        "pair_reasons_cleared": pair_reasons,
        "unpaired_reasons_cleared": unpaired,
        "names_replaced_in_histories": copies,
    }


def _replace_names(rows: Any, field: str, old_names: set[str], label: str) -> int:
    """Replace the person's name (or address) wherever a JSON value equals it exactly."""
    changed = []
    for row in rows.only("pk", field).iterator(chunk_size=500):
        value = getattr(row, field)
        replaced = _replace_in(value, old_names, label)
        if replaced != value:
            setattr(row, field, replaced)
            changed.append(row)
    if changed:
        type(changed[0]).objects.bulk_update(changed, [field], batch_size=500)
    return len(changed)


def _replace_in(value: Any, old_names: set[str], label: str) -> Any:
    if isinstance(value, str):
        return label if value in old_names else value
    if isinstance(value, list):
        return [_replace_in(item, old_names, label) for item in value]
    if isinstance(value, dict):
        return {key: _replace_in(item, old_names, label) for key, item in value.items()}
    return value


def _scrub_admin_log(person: User, label: str) -> int:
    """The Django admin's history names the objects it touched: the person's account, and
    the enrolments and pairs whose names carry theirs."""
    targets: list[tuple[type, Iterable[Any]]] = [
        (User, [person.pk]),
        (Enrolment, Enrolment.objects.filter(person=person).values_list("pk", flat=True)),
        (Pair, Pair.objects.of_person(person).values_list("pk", flat=True)),
        (
            ReminderPreferences,
            ReminderPreferences.objects.filter(person=person).values_list("pk", flat=True),
        ),
    ]
    scrubbed = 0
    for model, ids in targets:
        scrubbed += LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=[str(pk) for pk in ids],
        ).update(object_repr=f"{model._meta.verbose_name} · {label}", change_message="")
    return scrubbed


def _close_account(person: User, erasure: Erasure, now: Any) -> dict[str, int]:
    """The account keeps its row (everything above points at it) but nothing of the person:
    a placeholder name and address, no directory data, no way in."""
    addresses, _rows = person.emailaddress_set.all().delete()
    authenticators = 0
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        authenticators, _rows = Authenticator.objects.filter(user=person).delete()
    # Single sign-on and provisioning: no identity provider may sign in to the erased
    # account again, and the directory's record of the person goes.
    linked, _rows = SocialAccount.objects.filter(user=person).delete()
    provisioned, _rows = ProvisionedPerson.objects.filter(person=person).delete()
    person.scim_groups.clear()
    preferences, _rows = ReminderPreferences.objects.filter(person=person).delete()
    feeds, _rows = CalendarFeed.objects.filter(person=person).delete()
    cleared = Reminder.objects.filter(recipient=person).exclude(last_error="").update(last_error="")
    notes = _forget_nudge_notes(person)
    person.managed_programmes.clear()
    person.groups.clear()
    person.user_permissions.clear()
    # An update, not save(): the deactivation signal would scan the sessions a second time.
    User.objects.filter(pk=person.pk).update(
        code=uuid.uuid4(),
        name=erasure.label,
        email=f"former-employee-{erasure.number}.{uuid.uuid4().hex[:8]}@{PLACEHOLDER_DOMAIN}",
        password=make_password(None),
        last_login=None,
        is_active=False,
        is_staff=False,
        is_superuser=False,
        is_hr_admin=False,
        is_executive=False,
        preferred_language=User.Language.ENGLISH,
        time_zone=User._meta.get_field("time_zone").default,
        department=None,
        job_title="",
        grade=None,
        manager=None,
        hired_on=None,
        generation="",
        site="",
        country="",
        languages=[],
    )
    sessions = end_sessions(person)
    return {
        "email_addresses_deleted": addresses,
        "authenticators_deleted": authenticators,
        "identity_provider_links_deleted": linked,
        "provisioning_records_deleted": provisioned,
        "reminder_preferences_deleted": preferences,
        "calendar_feeds_deleted": feeds,
        "reminder_errors_cleared": cleared,
        "nudge_notes_cleared": notes,
        "sessions_ended": sessions,
    }


def _forget_nudge_notes(person: User) -> int:
    """HR's line in its messages to the person's pairs may name them: it goes from both
    members' copies (the audit trail never held it: docs/hr.md)."""
    rows = [
        row
        for row in Reminder.objects.filter(
            kind=Reminder.Kind.PAIR_NUDGE, pair__in=Pair.objects.of_person(person)
        ).only("pk", "context")
        if row.context.get("note")
    ]
    for row in rows:
        row.context["note"] = ""
    Reminder.objects.bulk_update(rows, ["context"], batch_size=500)
    return len(rows)


# --- Retention of private notes ----------------------------------------------------------


def expired_programmes(today: date, months: int) -> list[int]:
    """Programmes that ended more than `months` months before `today`."""
    # A programme ends after it starts: only those that started long enough ago can qualify.
    candidates = Programme.objects.filter(start_on__lt=add_months(today, -months)).values_list(
        "pk", "start_on", "duration_months"
    )
    return [
        pk
        for pk, start_on, duration in candidates
        if add_months(programme_end(start_on, duration), months) < today
    ]


def purge_private_notes(*, today: date | None = None) -> int:
    """Delete the personal journals (and the reasons given to end a pair) of programmes
    that ended more than PRIVATE_NOTES_RETENTION_MONTHS months ago; how many journal
    entries went."""
    today = today or timezone.localdate()
    months = settings.PRIVATE_NOTES_RETENTION_MONTHS
    programme_ids = expired_programmes(today, months)
    if not programme_ids:
        return 0
    deleted, _rows = JournalEntry.objects.filter(
        meeting__pair__programme_id__in=programme_ids
    ).delete()
    ExitRequest.objects.filter(pair__programme_id__in=programme_ids).delete()
    if deleted:
        logger.info(
            "Deleted %d journal entries of programmes ended more than %d months ago.",
            deleted,
            months,
        )
    return deleted
