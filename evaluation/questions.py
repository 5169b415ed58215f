"""The built-in questions of each survey, and what each measures.

Their texts live here, translated like any other string, rather than in the database,
so that a better wording or a French correction reaches every programme. Keys are the
contract with the indicators: the perception items are asked at baseline and again in
the final review, and their paired change is what "perception change" reports.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Question, Survey

Kind, Audience = Question.Kind, Question.Audience

CONFIDENCE = "confidence"
ADOPTION = "adoption"
SATISFACTION = "satisfaction"
RECOMMEND = "recommend"
PAIR_WORKING = "pair-working"
RHYTHM = "rhythm"
FREE_LINE = "free-line"
# Seniors (mentees).
OPENNESS = "openness"
UNDERSTANDING_YOUNGER = "understanding-younger"
# Juniors (mentors).
UNDERSTANDING_STRATEGY = "understanding-strategy"
HEARD = "heard"
USEFUL = "useful"


@dataclass(frozen=True)
class BuiltIn:
    key: str
    kind: str
    text: Promise
    audience: str = Audience.EVERYONE
    per_topic: bool = False
    required: bool = True
    low: Promise | None = None  # what 1 (or 0) means, for the scales
    high: Promise | None = None
    short: Promise | None = None  # a label for charts


AGREE = {"low": _("1: strongly disagree"), "high": _("5: strongly agree")}

PERCEPTION = [
    BuiltIn(
        OPENNESS,
        Kind.SCALE,
        _("I am open to new ways of working and new practices."),
        Audience.MENTEES,
        short=_("Openness to new practices"),
        **AGREE,
    ),
    BuiltIn(
        UNDERSTANDING_YOUNGER,
        Kind.SCALE,
        _("I understand how my younger colleagues work and what they expect."),
        Audience.MENTEES,
        short=_("Understanding younger colleagues"),
        **AGREE,
    ),
    BuiltIn(
        UNDERSTANDING_STRATEGY,
        Kind.SCALE,
        _("I understand the company's strategy and how decisions are made."),
        Audience.MENTORS,
        short=_("Understanding the strategy"),
        **AGREE,
    ),
    BuiltIn(
        HEARD,
        Kind.SCALE,
        _("I feel that senior colleagues hear what I have to say."),
        Audience.MENTORS,
        short=_("Feeling heard"),
        **AGREE,
    ),
    BuiltIn(
        USEFUL,
        Kind.SCALE,
        _("I feel useful to the company beyond my own job."),
        Audience.MENTORS,
        short=_("Feeling useful"),
        **AGREE,
    ),
]
PERCEPTION_KEYS = [item.key for item in PERCEPTION]

CATALOGUE: dict[str, list[BuiltIn]] = {
    # The mentee's confidence per topic is asked on the enrolment form: the baseline
    # adds the perception items only.
    Survey.Kind.BASELINE: PERCEPTION,
    Survey.Kind.MIDPOINT: [
        BuiltIn(PAIR_WORKING, Kind.SCALE, _("Our pair is working well."), **AGREE),
        BuiltIn(RHYTHM, Kind.RHYTHM, _("The rhythm of our sessions is…")),
        BuiltIn(
            FREE_LINE,
            Kind.TEXT,
            _("One line for the HR team, if you wish (read without your name)."),
            required=False,
        ),
    ],
    Survey.Kind.FINAL: [
        BuiltIn(
            CONFIDENCE,
            Kind.SCALE,
            _("How confident do you feel today with this topic?"),
            Audience.MENTEES,
            per_topic=True,
            low=_("1: not confident at all"),
            high=_("5: fully confident"),
        ),
        BuiltIn(
            ADOPTION,
            Kind.YES_NO,
            _("I now use this at least once a week."),
            Audience.MENTEES,
            per_topic=True,
        ),
        *PERCEPTION,
        BuiltIn(
            SATISFACTION,
            Kind.SCALE,
            _("Overall, how satisfied are you with the programme?"),
            low=_("1: not at all"),
            high=_("5: fully satisfied"),
        ),
        BuiltIn(
            RECOMMEND,
            Kind.RECOMMEND,
            _("How likely are you to recommend the programme to a colleague?"),
            low=_("0: not at all likely"),
            high=_("10: extremely likely"),
        ),
    ],
}

BY_KEY: dict[str, BuiltIn] = {item.key: item for items in CATALOGUE.values() for item in items}
