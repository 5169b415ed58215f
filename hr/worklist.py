"""HR's work list and the executives' headline figures, for the home page.

Each line of the work list is a count and a link to where the work is done, counted
with the rule its own page uses (pairs at risk: `Pair.objects.at_risk`; open exit
requests: `ExitRequest.objects.open`; failed reminders: `Reminder.objects.failed`).
One query per line, whatever the size of the data (mentoring/tests/test_home.py and
hr/tests/test_worklist.py assert it).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from common import formatting
from common.bilingual import in_language, sort_key
from enrolments.models import Enrolment
from evaluation.access import is_measured
from evaluation.models import Survey, survey_closes_on
from meetings.models import ExitRequest, Meeting
from pairing.models import Pair, pair_state_q
from people.models import User
from programmes.models import Programme
from reminders.models import Reminder

SURVEY_WARNING_DAYS = 7
SURVEY_LOW_RESPONSE = 0.5
CLOSING_SOON_DAYS = 7
LIVE = (Programme.Status.ENROLMENT_OPEN, Programme.Status.PAIRING, Programme.Status.RUNNING)


@dataclass(frozen=True)
class Line:
    key: str
    count: int
    text: str
    link: str
    detail: str = ""


def _line(key: str, count: int, text: str, link: str, detail: str = "") -> Line:
    return Line(key, count, text, link, detail)


def volunteers_to_review() -> Line:
    count = Enrolment.objects.filter(
        status=Enrolment.Status.SUBMITTED, programme__status__in=LIVE
    ).count()
    text = ngettext(
        "%(count)d volunteer waiting for review",
        "%(count)d volunteers waiting for review",
        count,
    ) % {"count": count}
    return _line("review", count, text, reverse("enrolments:review_index"))


def rounds_to_publish() -> Line:
    totals = Pair.objects.proposed().aggregate(
        pairs=Count("pk"), programmes=Count("programme", distinct=True)
    )
    pairs, programmes = totals["pairs"], totals["programmes"]
    text = ngettext(
        "%(count)d pair proposed and not published",
        "%(count)d pairs proposed and not published",
        pairs,
    ) % {"count": pairs}
    detail = (
        ngettext("in %(count)d programme", "in %(count)d programmes", programmes)
        % {"count": programmes}
        if programmes
        else ""
    )
    return _line("publish", pairs, text, reverse("pairing:index"), detail)


def pairs_at_risk(now: datetime) -> Line:
    count = Pair.objects.at_risk(now).count()
    text = ngettext(
        "%(count)d pair at risk (no session held in %(days)d days)",
        "%(count)d pairs at risk (no session held in %(days)d days)",
        count,
    ) % {"count": count, "days": settings.PAIRS_AT_RISK_AFTER_DAYS}
    return _line("at_risk", count, text, reverse("hr:attention") + "#at-risk")


def exit_requests() -> Line:
    """Pairs whose member asked HR to end them (the reason is for HR only)."""
    count = ExitRequest.objects.open().order_by().values("pair").distinct().count()
    text = ngettext(
        "%(count)d pair asks HR to end it",
        "%(count)d pairs ask HR to end them",
        count,
    ) % {"count": count}
    return _line("exits", count, text, reverse("hr:attention") + "#exits")


def pairs_with_leaver() -> Line:
    """Active pairs one of whose members has left: HR ends them and re-pairs the other."""
    count = Pair.objects.with_leaver().count()
    text = ngettext(
        "%(count)d pair with a member who has left",
        "%(count)d pairs with a member who has left",
        count,
    ) % {"count": count}
    return _line("leavers", count, text, reverse("hr:attention") + "#leavers")


def failed_reminders() -> Line:
    count = Reminder.objects.failed().count()
    text = ngettext(
        "%(count)d reminder could not be sent",
        "%(count)d reminders could not be sent",
        count,
    ) % {"count": count}
    return _line("reminders", count, text, reverse("reminders:hr"))


def survey_link(surveys: list[Survey]) -> str:
    """The surveys' set-up page, each with its answers and closing day, the counted ones
    highlighted; when they belong to several programmes, HR's list of them (`/hr/surveys/`)."""
    programmes = {survey.programme.code for survey in surveys}
    if len(programmes) != 1:
        return reverse("hr:surveys")
    query = urlencode([("survey", survey.kind) for survey in surveys])
    setup = reverse("evaluation:setup", args=[surveys[0].programme.code])
    return f"{setup}?{query}#survey-{surveys[0].kind}"


def short_surveys(today: date) -> list[Survey]:
    """Surveys of running programmes that close within a week with under half answered,
    each with `answered`, `invited`, `rate` (a percentage) and `closes_on`. One query."""
    surveys = (
        Survey.objects.filter(programme__status=Programme.Status.RUNNING)
        .select_related("programme")
        .annotate(
            invited=Count("responses"),
            answered=Count("responses", filter=Q(responses__answered_at__isnull=False)),
        )
        .filter(invited__gt=0)
        .order_by(sort_key("programme__name"), "pk")
    )
    short = [
        survey
        for survey in surveys
        if today
        <= survey_closes_on(survey.kind, survey.programme)
        <= today + timedelta(days=SURVEY_WARNING_DAYS)
        and survey.answered < SURVEY_LOW_RESPONSE * survey.invited
    ]
    for survey in short:
        survey.rate = 100 * survey.answered / survey.invited
        survey.closes_on = survey_closes_on(survey.kind, survey.programme)
    return short


def surveys_short_of_answers(today: date) -> Line:
    """Surveys of running programmes that close within a week with under half answered."""
    short = short_surveys(today)
    count = len(short)
    text = ngettext(
        "%(count)d survey under 50%% answered, closing within a week",
        "%(count)d surveys under 50%% answered, closing within a week",
        count,
    ) % {"count": count}
    link = survey_link(short)
    detail = ", ".join(
        f"{survey.programme.name}{formatting.colon()}{survey.get_kind_display()} "
        f"({survey.answered}/{survey.invited})"
        for survey in short
    )
    return _line("surveys", count, text, link, detail)


def enrolment_closing_soon(today: date) -> Line:
    rows = list(
        Programme.objects.enrolment_closing_within(today, CLOSING_SOON_DAYS)
        .order_by("enrolment_closes_on", sort_key("name"))
        .values_list("name_en", "name_fr")
    )
    names = [in_language(english, french) for english, french in rows]
    count = len(names)
    text = ngettext(
        "%(count)d programme whose enrolment closes this week",
        "%(count)d programmes whose enrolment closes this week",
        count,
    ) % {"count": count}
    link = reverse("programmes:list") + "?closing=soon"
    return _line("closing", count, text, link, ", ".join(names))


def hr_work(now: datetime | None = None) -> list[Line]:
    """The work list, in the order HR works through a programme. Eight queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return [
        volunteers_to_review(),
        enrolment_closing_soon(today),
        rounds_to_publish(),
        pairs_at_risk(now),
        exit_requests(),
        pairs_with_leaver(),
        failed_reminders(),
        surveys_short_of_answers(today),
    ]


# --- Executives -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    programme: Programme
    volunteers: int
    active_pairs: int  # pairing's `pair_state_q("active")`, the at-risk ones included
    at_risk: int  # of the active pairs
    sessions_held: int

    @property
    def has_dashboard(self) -> bool:
        """Linked to its dashboard only when it has one (evaluation's rule: past the draft)."""
        return is_measured(self.programme)


def sponsored_figures(user: User, now: datetime | None = None) -> list[Headline]:
    """The headline figures of the programmes this executive sponsors. Four queries.

    Operational counts, not answers: shown whatever their size (docs/architecture.md).
    """
    now = now or timezone.now()
    programmes = list(
        Programme.objects.filter(sponsor=user)
        .exclude(status=Programme.Status.ARCHIVED)
        .order_by("-start_on", sort_key("name"))
    )
    if not programmes:
        return []
    volunteers = dict(
        Enrolment.objects.filter(programme__in=programmes, status=Enrolment.Status.APPROVED)
        .order_by()
        .values_list("programme")
        .annotate(total=Count("pk"))
    )
    pairs: dict[int, dict[str, int]] = defaultdict(dict)
    for programme_id, active, at_risk in (
        Pair.objects.filter(programme__in=programmes)
        .order_by()
        .values_list("programme")
        .annotate(
            active=Count("pk", filter=pair_state_q("active")),
            at_risk=Count("pk", filter=Q(pk__in=Pair.objects.at_risk(now).values("pk"))),
        )
    ):
        pairs[programme_id] = {"active": active, "at_risk": at_risk}
    held = dict(
        Meeting.objects.filter(
            pair__programme__in=programmes,
            pair__status__in=[Pair.Status.ACTIVE, Pair.Status.ENDED],
            status=Meeting.Status.HELD,
        )
        .order_by()
        .values_list("pair__programme")
        .annotate(total=Count("pk"))
    )
    return [
        Headline(
            programme=programme,
            volunteers=volunteers.get(programme.pk, 0),
            active_pairs=pairs[programme.pk].get("active", 0),
            at_risk=pairs[programme.pk].get("at_risk", 0),
            sessions_held=held.get(programme.pk, 0),
        )
        for programme in programmes
    ]
