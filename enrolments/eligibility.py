"""Who may volunteer for a programme, and when: the reverse rule seen from one person.

The programme's reverse rule is pairwise (a mentor at least `min_grade_gap`
grades below their mentee), plus two optional bounds: the lowest grade for
mentees and the most years of tenure for mentors. Before anyone pairs, one
person can already be told they cannot qualify:

- anyone whose grade is not in the directory (the rule cannot be applied);
- a mentee below the programme's lowest grade for mentees, or so junior that
  nobody can be `min_grade_gap` grades below them (grade < GRADE_MIN + gap);
- a mentor so senior that nobody can be `min_grade_gap` grades above them
  (grade > GRADE_MAX - gap);
- a mentor with more years in the company than the programme allows, or whose
  hire date is unknown while the programme sets such a bound.

Whether a given mentor and mentee may be paired is the pairing app's question.
No query here: everything is read from the programme and the person.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import formatting
from people.models import GRADE_MAX, GRADE_MIN, User
from programmes.models import Programme

MENTOR, MENTEE = "mentor", "mentee"


@dataclass(frozen=True)
class Refusal:
    """Why someone cannot volunteer, said to them (`to_volunteer`) and to HR (`to_hr`)."""

    code: str
    to_volunteer: str
    to_hr: str


# A rule of eligibility: why this person cannot volunteer, or None when the rule lets them.
Check = Callable[[Programme, User, date | None], Refusal | None]


def enrolment_closed(programme: Programme, today: date | None = None) -> str | None:
    """Why nobody can volunteer for this programme today, or None when enrolment is open.

    The window's closing day is included: enrolment closes at the end of that day.
    """
    today = today or timezone.localdate()
    opens, closes = programme.enrolment_opens_on, programme.enrolment_closes_on
    if programme.status == Programme.Status.DRAFT:
        return _("Enrolment for this programme has not opened yet.")
    if programme.status != Programme.Status.ENROLMENT_OPEN:
        return _("Enrolment for this programme is closed.")
    if opens and today < opens:
        return _("Enrolment for this programme opens on %(date)s.") % {
            "date": formatting.day(opens)
        }
    if not closes or today > closes:
        return _("Enrolment for this programme is closed.")
    return None


def refusals(
    programme: Programme, person: User, role: str, today: date | None = None
) -> list[Refusal]:
    """Every reason this person cannot volunteer in this role; empty when they may."""
    checks: list[Check] = [_grade_unknown]
    if role == MENTEE:
        checks.append(_mentee_grade)
    if role == MENTOR:
        checks += [_mentor_grade, _mentor_tenure]
    found = (check(programme, person, today) for check in checks)
    return [refusal for refusal in found if refusal is not None]


def _grade_unknown(programme: Programme, person: User, today: date | None) -> Refusal | None:
    if person.grade is not None:
        return None
    return Refusal(
        "grade_unknown",
        _(
            "Your grade is not in the directory, so Tandem cannot check the programme's "
            "reverse rule. Ask HR to add it, then come back."
        ),
        _("%(name)s has no grade in the directory: the reverse rule cannot be checked.")
        % {"name": person.name},
    )


def _mentee_grade(programme: Programme, person: User, today: date | None) -> Refusal | None:
    """A mentee below the lowest grade, or with nobody far enough below them to mentor them."""
    grade, gap, lowest = person.grade, programme.min_grade_gap, programme.mentee_min_grade
    if grade is None:
        return None
    if lowest is not None and grade < lowest:
        return Refusal(
            "below_min_grade",
            _("This programme is for mentees from grade %(lowest)d; your grade is %(grade)d.")
            % {"lowest": lowest, "grade": grade},
            _("%(name)s is at grade %(grade)d; mentees must be from grade %(lowest)d.")
            % {"name": person.name, "grade": grade, "lowest": lowest},
        )
    if grade - gap >= GRADE_MIN:
        return None
    return Refusal(
        "too_junior_to_be_mentored",
        ngettext(
            "Mentors must be at least %(gap)d grade below their mentee, and nobody "
            "is below your grade (%(grade)d). You could volunteer as a mentor.",
            "Mentors must be at least %(gap)d grades below their mentee, and nobody "
            "can be that far below your grade (%(grade)d). You could volunteer as a "
            "mentor.",
            gap,
        )
        % {"gap": gap, "grade": grade},
        _("%(name)s is at grade %(grade)d: no mentor can be %(gap)d grade(s) below.")
        % {"name": person.name, "grade": grade, "gap": gap},
    )


def _mentor_grade(programme: Programme, person: User, today: date | None) -> Refusal | None:
    """A mentor with nobody far enough above them to mentor."""
    grade, gap = person.grade, programme.min_grade_gap
    if grade is None or grade + gap <= GRADE_MAX:
        return None
    return Refusal(
        "too_senior_to_mentor",
        ngettext(
            "Mentors must be at least %(gap)d grade below their mentee, and nobody "
            "is above your grade (%(grade)d). You could volunteer as a mentee.",
            "Mentors must be at least %(gap)d grades below their mentee, and nobody "
            "can be that far above your grade (%(grade)d). You could volunteer as a "
            "mentee.",
            gap,
        )
        % {"gap": gap, "grade": grade},
        _("%(name)s is at grade %(grade)d: no mentee can be %(gap)d grade(s) above.")
        % {"name": person.name, "grade": grade, "gap": gap},
    )


def _mentor_tenure(programme: Programme, person: User, today: date | None) -> Refusal | None:
    """A mentor who joined longer ago than the programme allows, or when is unknown."""
    most = programme.mentor_max_tenure_years
    if most is None:
        return None
    tenure = _tenure_years(person, today)
    if tenure is None:
        return Refusal(
            "tenure_unknown",
            _(
                "Mentors of this programme joined the company at most %(years)d "
                "year(s) ago, and your hire date is not in the directory. Ask HR to "
                "add it, then come back."
            )
            % {"years": most},
            _("%(name)s has no hire date in the directory: tenure cannot be checked.")
            % {"name": person.name},
        )
    if tenure <= most:
        return None
    return Refusal(
        "tenure_too_long",
        ngettext(
            "Mentors of this programme joined the company at most %(years)d "
            "year ago, and you joined earlier than that. You could volunteer "
            "as a mentee.",
            "Mentors of this programme joined the company at most %(years)d "
            "years ago, and you joined earlier than that. You could volunteer "
            "as a mentee.",
            most,
        )
        % {"years": most},
        ngettext(
            "%(name)s joined the company more than %(years)d year ago, the most "
            "this programme allows for mentors.",
            "%(name)s joined the company more than %(years)d years ago, the most "
            "this programme allows for mentors.",
            most,
        )
        % {"name": person.name, "years": most},
    )


def _tenure_years(person: User, today: date | None) -> float | None:
    if not person.hired_on:
        return None
    today = today or timezone.localdate()
    return (today - person.hired_on).days / 365.25
