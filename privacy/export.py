"""Everything Tandem holds about one person, as a JSON document written piece by piece.

Built section by section, each from a fixed number of queries whatever the person's
history; the long lists (reminders received, audit events) are read with an iterator and
written as they come: the response starts at once, memory stays flat (docs/privacy.md).

What is left out, on purpose:
- Other people's data. A pair's other member appears by name only; their private notes
  are not copied (notes belong to the pair and stay in Tandem, where the retention sweep
  and the other member's own erasure can still reach them); their feedback only once the
  person has given theirs on the same session (the rule of the pair's page).
- Proposals: until HR publishes a pair it is HR's draft, never shown to the people in it.
- Secrets: the password hash, authenticator secrets, the calendar feed's token.
"""

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bilingual import in_language, sort_key
from enrolments.models import Enrolment, EnrolmentTopic
from evaluation.models import Answer, Completion, Response
from meetings.models import CalendarFeed, ExitRequest, Feedback, JournalEntry, Meeting
from pairing.models import Pair
from people.models import User
from programmes.models import AuditEvent, Programme
from reminders.models import Reminder, ReminderPreferences

from .models import Erasure

FORMAT_VERSION = 1
CHUNK_SIZE = 500
TESTIMONIAL_FIELDS = ("text", "language", "consented_at", "status")
TESTIMONIAL_FIELDS += ("translation_consented_at", "translation")

Section = Callable[[User], Any]


def stream(person: User) -> Iterator[str]:
    """The document, in pieces of text whose concatenation is one JSON object."""
    person = User.objects.select_related("department", "manager").get(pk=person.pk)
    yield "{"
    for number, (key, section) in enumerate(SECTIONS):
        yield ("," if number else "") + f"\n{_dump(key)}: "
        value = section(person)
        if isinstance(value, Iterator):
            yield from _list(value)
        else:
            yield _dump(value)
    yield "\n}\n"


def as_dict(person: User) -> dict[str, Any]:
    """The same document as a dictionary (for the command line and the tests)."""
    return json.loads("".join(stream(person)))


def _dump(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _list(items: Iterable[Any]) -> Iterator[str]:
    yield "["
    for number, item in enumerate(items):
        yield ("," if number else "") + "\n  " + _dump(item)
    yield "]"


# --- Sections ---------------------------------------------------------------------------


def about(person: User) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now(),
        "what_this_is": _("Everything Tandem holds about you, as of the date above."),
        "left_out": [
            _(
                "Private notes written by the other member of a pair: notes belong to the "
                "pair and stay in Tandem, where you can read them as long as they are kept."
            ),
            _(
                "Feedback from the other member of a pair on a session you have not given "
                "feedback on yet."
            ),
            _("Pairs HR has proposed but not published."),
            _("Secrets: your password, your authenticator app's keys, your calendar link."),
        ],
    }


def account(person: User) -> dict[str, Any]:
    addresses = EmailAddress.objects.filter(user=person).order_by("-primary", "email")
    return {
        "code": person.code,
        "email": person.email,
        "name": person.name,
        "preferred_language": person.preferred_language,
        "time_zone": person.time_zone,
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "is_active": person.is_active,
        "roles": {
            "hr_admin": person.is_hr_admin,
            "executive": person.is_executive,
            "django_admin": person.is_staff,
        },
        "email_addresses": [
            {"email": row.email, "verified": row.verified, "primary": row.primary}
            for row in addresses
        ],
        "two_factor_methods": _authenticators(person),
    }


def _authenticators(person: User) -> list[dict[str, Any]]:
    if not apps.is_installed("allauth.mfa"):
        return []
    from allauth.mfa.models import Authenticator

    rows = Authenticator.objects.filter(user=person).order_by("created_at", "pk")
    return [
        {"type": row.type, "created_at": row.created_at, "last_used_at": row.last_used_at}
        for row in rows
    ]


def directory(person: User) -> dict[str, Any]:
    return {
        "department": person.department.name if person.department else None,
        "job_title": person.job_title,
        "grade": person.grade,
        "manager": person.manager.name if person.manager else None,
        "hired_on": person.hired_on,
        "generation": person.generation,
        "site": person.site,
        "country": person.country.code or None,
        "languages": person.languages,
    }


def enrolments(person: User) -> list[dict[str, Any]]:
    rows = (
        Enrolment.objects.filter(person=person)
        .select_related("programme")
        .prefetch_related(
            Prefetch("topic_rows", queryset=EnrolmentTopic.objects.select_related("topic")),
            "return_topics",
            Prefetch("rather_not", queryset=User.objects.only("name")),
        )
        .order_by("submitted_at", "pk")
    )
    return [_enrolment(row) for row in rows]


def _enrolment(row: Enrolment) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": row.code,
        "programme": row.programme.name,
        "role": row.role,
        "status": row.status,
        "source": row.source,
        "submitted_at": row.submitted_at,
        "charter_accepted_at": row.charter_accepted_at,
        "motivation": row.motivation,
        "languages": row.languages,
        "availability": row.availability,
        "preferred_meeting_mode": row.preferred_mode,
        "mentees_i_can_take": row.capacity,
        "topics": [
            {
                "topic": topic.topic.name,
                "level": topic.level,
                "priority": topic.priority,
                "confidence": topic.confidence,
            }
            for topic in row.topic_rows.all()
        ],
        "topics_in_return": sorted(topic.name for topic in row.return_topics.all()),
        "rather_not_be_paired_with": sorted(other.name for other in row.rather_not.all()),
        "decision": {"reason": row.decision_reason, "decided_at": row.decided_at},
        "withdrawal": {"reason": row.withdrawal_reason, "withdrawn_at": row.withdrawn_at},
    }
    # Self-declared and optional: present in the file only when the person declared it.
    if row.gender:
        data["gender"] = row.gender
        data["gender_consent"] = row.gender_consent
    return data


def pairs(person: User) -> list[dict[str, Any]]:
    """Published pairs, each with its agreement and its sessions, as the person sees them."""
    pair_rows = list(
        Pair.objects.published()
        .of_person(person)
        .select_related("programme", "mentor_person", "mentee_person", "agreement")
        .order_by("published_at", "pk")
    )
    if not pair_rows:
        return []
    # The partner's journal is theirs alone: not its text, not even whether it exists.
    meetings = (
        Meeting.objects.filter(pair__in=pair_rows)
        .prefetch_related("topics")
        .order_by("starts_at", "pk")
    )
    by_pair: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in meetings:
        by_pair[meeting.pair_id].append(meeting)
    notes = {
        entry.meeting_id: entry
        for entry in JournalEntry.objects.of_author(person).filter(meeting__pair__in=pair_rows)
    }
    exits = {
        request.pair_id: request
        for request in ExitRequest.objects.filter(by=person, pair__in=pair_rows)
    }
    given: dict[int, Feedback] = {}
    received: dict[int, Feedback] = {}
    for feedback in Feedback.objects.visible_to(person).filter(meeting__pair__in=pair_rows):
        (given if feedback.author_id == person.pk else received)[feedback.meeting_id] = feedback
    return [
        _pair(pair, person, by_pair[pair.pk], notes, given, received, exits.get(pair.pk))
        for pair in pair_rows
    ]


def _pair(
    pair: Pair,
    person: User,
    meetings: list[Meeting],
    notes: dict[int, JournalEntry],
    given: dict[int, Feedback],
    received: dict[int, Feedback],
    exit_request: ExitRequest | None,
) -> dict[str, Any]:
    is_mentor = pair.mentor_person_id == person.pk
    other = pair.mentee_person if is_mentor else pair.mentor_person
    agreement = getattr(pair, "agreement", None)
    return {
        "code": pair.code,
        "programme": pair.programme.name,
        "my_role": Enrolment.Role.MENTOR if is_mentor else Enrolment.Role.MENTEE,
        "other_member": other.name,
        "status": pair.status,
        "published_at": pair.published_at,
        "ended_at": pair.ended_at,
        "end_reason": pair.end_reason,
        "agreement": None
        if agreement is None
        else {
            "mentor_learns": agreement.mentor_learns,
            "mentor_teaches": agreement.mentor_teaches,
            "mentee_learns": agreement.mentee_learns,
            "mentee_teaches": agreement.mentee_teaches,
            "cadence": agreement.cadence,
            "channel": agreement.channel,
            "channel_details": agreement.channel_details,
            "agreed_at": agreement.created_at,
        },
        "my_request_to_end_the_pair": None
        if exit_request is None
        else {"reason": exit_request.reason, "asked_at": exit_request.created_at},
        "sessions": [_meeting(meeting, person, notes, given, received) for meeting in meetings],
    }


def _meeting(
    meeting: Meeting,
    person: User,
    notes: dict[int, JournalEntry],
    given: dict[int, Feedback],
    received: dict[int, Feedback],
) -> dict[str, Any]:
    note = notes.get(meeting.pk)
    return {
        "code": meeting.code,
        "status": meeting.status,
        "origin": meeting.origin,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode,
        "place": meeting.place,
        "video_link": meeting.video_link,
        "topics_covered": sorted(topic.name for topic in meeting.topics.all()),
        "shared_takeaways": meeting.takeaways,
        "next_steps": meeting.next_steps,
        "logged_at": meeting.logged_at,
        "logged_by_me": meeting.logged_by_id == person.pk,
        "cancelled_at": meeting.cancelled_at,
        "cancel_reason": meeting.cancel_reason,
        "my_journal": None
        if note is None
        else {"text": note.text, "written_at": note.created_at, "updated_at": note.updated_at},
        "my_feedback": _feedback(given.get(meeting.pk)),
        "feedback_received": _feedback(received.get(meeting.pk)),
    }


def _feedback(feedback: Feedback | None) -> dict[str, Any] | None:
    if feedback is None:
        return None
    return {
        "rating": feedback.rating,
        "what_i_learned": feedback.learned,
        "what_i_taught": feedback.taught,
        "given_at": feedback.created_at,
    }


def surveys(person: User) -> list[dict[str, Any]]:
    responses = (
        Response.objects.of_person(person)
        .select_related("survey__programme", "testimonial")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question", "topic").order_by(
                    "question__position", "question_id", "pk"
                ),
            )
        )
        .order_by("created_at", "pk")
    )
    return [_response(response) for response in responses]


def _response(response: Response) -> dict[str, Any]:
    testimonial = getattr(response, "testimonial", None)
    return {
        "programme": response.survey.programme.name,
        "survey": response.survey.kind,
        "invited_at": response.invited_at,
        "reminders_sent": response.reminders_sent,
        "answered_at": response.answered_at,
        "answers": [
            {
                "question": answer.question.text,
                "topic": answer.topic.name if answer.topic else None,
                "value": answer.value,
                "text": answer.text,
            }
            for answer in response.answers.all()
        ],
        "testimonial": None
        if testimonial is None
        else {field: getattr(testimonial, field) for field in TESTIMONIAL_FIELDS},
    }


def completions(person: User) -> list[dict[str, Any]]:
    rows = (
        Completion.objects.filter(enrolment__person=person)
        .select_related("programme")
        .order_by("created_at", "pk")
    )
    return [
        {
            "programme": row.programme.name,
            "sessions_held": row.sessions_held,
            "final_review_answered": row.final_review_answered,
            "earned_the_certificate": row.earned_certificate,
            "recorded_at": row.created_at,
        }
        for row in rows
    ]


def reminder_preferences(person: User) -> dict[str, Any]:
    preferences = ReminderPreferences.objects.filter(person=person).first()
    if preferences is None:
        # Never changed: everything on, which is what the model's defaults say.
        preferences = ReminderPreferences(person=person)
    return {
        "upcoming_session": preferences.upcoming_session,
        "log_nudge": preferences.log_nudge,
        "feedback_request": preferences.feedback_request,
        "updated_at": preferences.updated_at,
    }


def reminders_received(person: User) -> Iterator[dict[str, Any]]:
    rows = (
        Reminder.objects.filter(recipient=person)
        .order_by("due_at", "pk")
        .values("kind", "status", "due_at", "sent_at")
    )
    yield from rows.iterator(chunk_size=CHUNK_SIZE)


def calendar_feed(person: User) -> dict[str, Any] | None:
    feed = CalendarFeed.objects.filter(person=person).values("created_at").first()
    return None if feed is None else {"created_at": feed["created_at"]}


def programmes(person: User) -> dict[str, list[str]]:
    def names(programmes: Any) -> list[str]:
        rows = programmes.order_by(sort_key("name")).values_list("name_en", "name_fr")
        return [in_language(english, french) for english, french in rows]

    return {
        "sponsored": names(Programme.objects.filter(sponsor=person)),
        "managed": names(person.managed_programmes.all()),
    }


def audit_events(person: User) -> Iterator[dict[str, Any]]:
    """What the person changed in programmes (HR's history), as it was recorded."""
    rows = (
        AuditEvent.objects.filter(actor=person)
        .order_by("at", "pk")
        .values("programme__name_en", "programme__name_fr", "action", "at", "changes")
    )
    for row in rows.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "programme": in_language(row["programme__name_en"], row["programme__name_fr"]),
            "action": row["action"],
            "at": row["at"],
            "changes": row["changes"],
        }


def erasures_performed(person: User) -> list[dict[str, Any]]:
    rows = Erasure.objects.filter(erased_by=person).order_by("erased_at", "pk")
    return [{"erased": row.label, "at": row.erased_at, "from": row.source} for row in rows]


SECTIONS: list[tuple[str, Section]] = [
    ("about_this_file", about),
    ("account", account),
    ("directory", directory),
    ("enrolments", enrolments),
    ("pairs", pairs),
    ("surveys", surveys),
    ("completions", completions),
    ("reminder_preferences", reminder_preferences),
    ("reminders_received", reminders_received),
    ("calendar_feed", calendar_feed),
    ("programmes", programmes),
    ("audit_events", audit_events),
    ("erasures_performed", erasures_performed),
]
