"""The home page, one section per audience, each built by one function.

A section is a template under templates/home/ and the context its function returns
(None: the section is not shown). Mentors and mentees get their to-do list: the next
session and what is due, each a link. HR's work list and the executives' figures are
sections of their own (issue 15 builds them; until then, `hr` and `executive` keep the
links they had). Each function runs a fixed number of queries, whatever the number of
pairs and sessions: the page's count is constant (mentoring/tests/test_home.py).
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluation.services.surveys import pending_surveys
from hr.home import executive_section, hr_section
from meetings.access import asked_q
from meetings.models import Agreement, Feedback, Meeting
from pairing.models import Pair
from people.models import User

# What the to-do list reads of each pair: its address, the partner's name and the
# programme's place (a session's place when the pair kept the programme's).
PAIR_FIELDS = (
    "code",
    "programme__place_en",
    "programme__place_fr",
    "mentor_person__name",
    "mentee_person__name",
)


@dataclass(frozen=True)
class Section:
    template: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Due:
    """One thing to do: what, for which pair, and where to do it."""

    kind: str  # log, feedback, survey, agreement
    label: str
    link: str
    when: datetime | None = None


def _live_pairs(user: User):
    """The user's pairs that are still asked things (`meetings.access.can_change`: active,
    their programme not over), the same rule as "My sessions" and the pair's page."""
    return Pair.objects.filter(asked_q()).of_person(user)


def pair_todo(user: User, now: datetime) -> dict[str, Any] | None:
    """For a mentor or a mentee: the next session and what is due. Four queries."""
    pairs = list(
        _live_pairs(user)
        .select_related("programme", "mentor_person", "mentee_person")
        .only(*PAIR_FIELDS)
        .annotate(has_agreement=Exists(Agreement.objects.filter(pair=OuterRef("pk"))))
    )
    if not pairs and not Pair.objects.published().of_person(user).exists():
        return None
    by_pk = {pair.pk: pair for pair in pairs}
    # The sessions planned and those held, in one query: each held one marked with whether
    # the user gave their feedback.
    sessions = list(
        Meeting.objects.filter(
            pair__in=list(by_pk), status__in=[Meeting.Status.PLANNED, Meeting.Status.HELD]
        )
        .annotate(
            feedback_given=Exists(Feedback.objects.filter(meeting=OuterRef("pk"), author=user))
        )
        .order_by("starts_at", "pk")
        .only(
            "code",
            "pair_id",
            "status",
            "starts_at",
            "duration_minutes",
            "mode",
            "place",
            "video_link",
        )
    )
    for meeting in sessions:
        meeting.pair = by_pk[meeting.pair_id]
    planned = [meeting for meeting in sessions if meeting.status == Meeting.Status.PLANNED]
    next_session = next((m for m in planned if m.starts_at >= now), None)
    due: list[Due] = []
    for meeting in planned:
        if meeting.starts_at < now:
            due.append(
                Due(
                    "log",
                    _("Log your session with %(name)s")
                    % {"name": meeting.pair.other_member(user).name},
                    reverse("meetings:log", args=[meeting.code]),
                    meeting.starts_at,
                )
            )
    for meeting in sessions:
        if meeting.status == Meeting.Status.HELD and not meeting.feedback_given:
            due.append(
                Due(
                    "feedback",
                    _("Give your feedback on the session with %(name)s")
                    % {"name": meeting.pair.other_member(user).name},
                    reverse("meetings:feedback", args=[meeting.code]),
                    meeting.starts_at,
                )
            )
    for pair in pairs:
        if not pair.has_agreement:
            due.append(
                Due(
                    "agreement",
                    _("Agree your goals with %(name)s") % {"name": pair.other_member(user).name},
                    reverse("meetings:agreement", args=[pair.code]),
                )
            )
    for response in pending_surveys(user):
        due.append(
            Due(
                "survey",
                _("Answer the survey: %(survey)s, %(programme)s")
                % {
                    "survey": response.survey.get_kind_display(),
                    "programme": response.survey.programme.name,
                },
                reverse("evaluation:answer", args=[response.code]),
            )
        )
    return {
        "next_session": next_session,
        "other": next_session.pair.other_member(user) if next_session else None,
        "due": due,
        "pair_count": len(pairs),
    }


def hr(user: User, now: datetime) -> dict[str, Any] | None:
    """HR's work list (hr/home.py): a count and a link per line, one query each."""
    return hr_section(user, now)


def executive(user: User, now: datetime) -> dict[str, Any] | None:
    """The headline figures of the programmes the executive sponsors (hr/home.py)."""
    return executive_section(user, now)


def volunteer(user: User, now: datetime) -> dict[str, Any] | None:
    """Everyone: how to take part."""
    return {}


# In page order: (template, builder).
SECTIONS = (
    ("home/pair_todo.html", pair_todo),
    ("hr/home_work.html", hr),
    ("hr/home_figures.html", executive),
    ("home/volunteer.html", volunteer),
)


def sections(user: User, now: datetime | None = None) -> list[Section]:
    now = now or timezone.now()
    built = []
    for template, build in SECTIONS:
        context = build(user, now)
        if context is not None:
            built.append(Section(template, context))
    return built
