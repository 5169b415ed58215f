"""Who may see and do what with a pair's sessions. Views load objects through here.

- A pair's page: its two members see everything the pair shares (agreement, timeline,
  the log of each session, feedback by the rule below) and their own journal. HR admins see
  the pair's status and counts only (`services.counts`), never what the pair wrote.
  Executives, and everyone else, get a 404.
- A session's pages (log, notes, feedback, invitation) are the members' only: a 404 for
  anyone else, HR included.
- A personal journal: its author, nobody else, ever: not the partner (`journal_for`).
- Feedback: each member's own; the other's once both have given theirs
  (`Feedback.objects.visible_to`, a query, not a template condition; `feedback_on`, for
  the session's page, reads who gave first and the texts only once the user has).
- Changing a session needs an active pair; an ended pair's page is read-only.
"""

from dataclasses import dataclass
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from pairing import access as pairing_access
from pairing.models import Pair, pair_state_q
from people.access import is_hr_admin, require_hr_admin
from people.models import User
from programmes import access as programme_access
from programmes.models import Programme

from .models import CalendarFeed, ClosurePeriod, Feedback, JournalEntry, Meeting

PUBLISHED = (Pair.Status.ACTIVE, Pair.Status.ENDED)  # what its members see (pairs_of)


def _signed_in(user: User | AnonymousUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def pair_page_for(user: User | AnonymousUser, code: UUID | str) -> tuple[Pair, bool]:
    """(pair, is_member) for the pair's page: a member, or HR (counts only); else 404."""
    # What the pair's page shows of them: the programme and the two members.
    pair = pairing_access.pair_for(
        user, code, related=("programme", "mentor_person", "mentee_person")
    )
    is_member = pair.is_member(user) and pair.status != Pair.Status.PROPOSED
    if not (is_member or is_hr_admin(user)):
        raise Http404
    return pair, is_member


def pair_for_member(user: User | AnonymousUser, code: UUID | str) -> Pair:
    """A published pair of which the user is a member; a 404 for anyone else, HR included."""
    try:
        return pairing_access.pairs_of(user).with_people().get(code=code)
    except (Pair.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def can_change(pair: Pair) -> bool:
    """An active pair of a programme that has not ended; otherwise its pages are read-only.

    The one rule of what a member is still asked: only such a pair is asked to log a session,
    give feedback, write its agreement or take its first steps. The home page's to-do list
    (`asked_q`), "My sessions", the pair's page, a session's page and the pairing page of a
    pair all read it, so that none asks what another says is over."""
    return pair.state == "active"  # pairing's one definition (`pair_state_q`)


def asked_q(prefix: str = "") -> Q:
    """`can_change` for a queryset of pairs (`prefix` reads the pair through a relation)."""
    return pair_state_q("active", prefix)


def meetings_for(user: User | AnonymousUser, pair: Pair) -> QuerySet[Meeting]:
    """The pair's sessions for one of its members, each marked with whose feedback exists
    (`mine_given`, `other_given`), never with what it says."""
    if not (_signed_in(user) and pair.is_member(user) and pair.status != Pair.Status.PROPOSED):
        return Meeting.objects.none()
    feedback = Feedback.objects.filter(meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(pair=pair)
        .annotate(
            mine_given=Exists(feedback.filter(author=user)),
            other_given=Exists(feedback.exclude(author=user)),
        )
        .order_by("starts_at", "pk")
    )


def meeting_for(user: User | AnonymousUser, code: UUID | str) -> Meeting:
    """A session of one of the user's published pairs; a 404 for anyone else, HR included."""
    if not _signed_in(user):
        raise Http404
    try:
        return (
            Meeting.objects.filter(pair__in=pairing_access.pairs_of(user))
            .select_related("pair__programme", "pair__mentor_person", "pair__mentee_person")
            .get(code=code)
        )
    except (Meeting.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


# What writing one's journal on a session reads of it: its status, its pair's members and
# status, its programme's status (`services.save_journal`), not the programme's texts or the
# members' whole records.
JOURNAL_FIELDS = (
    "code",
    "status",
    "pair__status",
    "pair__mentor_person_id",
    "pair__mentee_person_id",
    "pair__programme__status",
)


def meeting_for_journal(user: User | AnonymousUser, code: UUID | str) -> Meeting:
    """`meeting_for`, for writing one's journal: the same rule, the columns it reads."""
    if not _signed_in(user):
        raise Http404
    try:
        meeting = (
            Meeting.objects.select_related("pair__programme").only(*JOURNAL_FIELDS).get(code=code)
        )
    except (Meeting.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return _of_a_published_pair_of(user, meeting)


def _of_a_published_pair_of(user: User, meeting: Meeting) -> Meeting:
    """The session, when it is one of the user's published pairs' (`pairs_of`, checked on the
    pair read with it rather than by a subquery); a 404 otherwise."""
    if not (meeting.pair.is_member(user) and meeting.pair.status in PUBLISHED):
        raise Http404
    return meeting


# What a session's page reads of its pair: the breadcrumb (the programme's name), the
# partner's name, and whether the session may still change. The page the pairs open most
# reads these columns only, not the programme's texts or the members' whole records.
SESSION_PAGE_FIELDS = (
    *(field.name for field in Meeting._meta.concrete_fields),
    "pair__code",
    "pair__status",
    "pair__programme__name_en",
    "pair__programme__name_fr",
    "pair__programme__status",
    "pair__programme__place_en",
    "pair__programme__place_fr",
    "pair__mentor_person__name",
    "pair__mentee_person__name",
)


def meeting_page_for(user: User | AnonymousUser, code: UUID | str) -> Meeting:
    """`meeting_for`, for the session's page: the same rule, the columns it shows, and whose
    feedback exists (`mine_given`, `other_given`, as `meetings_for` marks them), never what
    it says."""
    if not _signed_in(user):
        raise Http404
    feedback = Feedback.objects.filter(meeting=OuterRef("pk"))
    try:
        meeting = (
            Meeting.objects.select_related(
                "pair__programme", "pair__mentor_person", "pair__mentee_person"
            )
            .only(*SESSION_PAGE_FIELDS)
            .annotate(
                mine_given=Exists(feedback.filter(author=user)),
                other_given=Exists(feedback.exclude(author=user)),
            )
            .get(code=code)
        )
    except (Meeting.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    return _of_a_published_pair_of(user, meeting)


def journal_for(user: User | AnonymousUser, meeting: Meeting) -> JournalEntry | None:
    """The user's own journal entry on a session, or None. Nobody reads another's entry:
    not the partner, not HR; there is no function here that would."""
    if not (_signed_in(user) and meeting.pair.is_member(user)):
        return None
    if meeting.pair.status == Pair.Status.PROPOSED:
        return None
    return JournalEntry.objects.of_author(user).filter(meeting=meeting).first()


@dataclass(frozen=True)
class SessionFeedback:
    own: Feedback | None  # the user's own feedback
    other: Feedback | None  # the other member's: None until the user has given theirs
    other_has_given: bool  # whether the other member gave theirs (never what it says)


def feedback_on(user: User | AnonymousUser, meeting: Meeting) -> SessionFeedback:
    """The feedback on a session of the user's published pair as `Feedback.objects.visible_to`
    lets them read it, for a session marked by `meeting_page_for`: no query until the user
    has given theirs, then one for both rows, since the user's own unlocks the other's."""
    pair = meeting.pair
    if not (_signed_in(user) and pair.is_member(user) and pair.status in PUBLISHED):
        return SessionFeedback(None, None, False)
    if not meeting.mine_given:
        return SessionFeedback(None, None, meeting.other_given)
    rows = list(Feedback.objects.filter(meeting=meeting))
    own = next(row for row in rows if row.author_id == user.pk)
    other = next((row for row in rows if row.author_id != user.pk), None)
    return SessionFeedback(own, other, other is not None)


def feedback_for(
    user: User | AnonymousUser, meeting: Meeting
) -> tuple[Feedback | None, Feedback | None]:
    """(the user's own feedback, the other member's) on a session; the other's is None until
    the user has given theirs."""
    if not _signed_in(user):
        return None, None
    rows = list(Feedback.objects.visible_to(user).filter(meeting=meeting).select_related("author"))
    own = next((row for row in rows if row.author_id == user.pk), None)
    other = next((row for row in rows if row.author_id != user.pk), None)
    return own, other


def feed_for_token(token: str) -> CalendarFeed:
    """The calendar feed of this secret token, if its owner can still sign in; else 404."""
    try:
        return CalendarFeed.objects.select_related("person").get(
            token=token, person__is_active=True
        )
    except CalendarFeed.DoesNotExist as exc:
        raise Http404 from exc


def programme_schedule_for(user: User | AnonymousUser, code: UUID | str) -> Programme:
    """A programme whose schedule HR manages (closures, re-planning); 404 for anyone else."""
    return programme_access.programme_for(user, code, manage=True)


def closure_for(user: User | AnonymousUser, code: UUID | str) -> ClosurePeriod:
    require_hr_admin(user)
    try:
        return ClosurePeriod.objects.select_related("programme").get(code=code)
    except (ClosurePeriod.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
