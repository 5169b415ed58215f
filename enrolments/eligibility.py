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

from dataclasses import dataclass
from datetime import date

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from people.models import GRADE_MAX, GRADE_MIN, User
from programmes.models import Programme

MENTOR, MENTEE = "mentor", "mentee"


@dataclass(frozen=True)
class Refusal:
    """Why someone cannot volunteer, said to them (`to_volunteer`) and to HR (`to_hr`)."""

    code: str
    to_volunteer: str
    to_hr: str


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
            "date": formats.date_format(opens)
        }
    if not closes or today > closes:
        return _("Enrolment for this programme is closed.")
    return None


def refusals(
    programme: Programme, person: User, role: str, today: date | None = None
) -> list[Refusal]:
    """Every reason this person cannot volunteer in this role; empty when they may."""
    gap = programme.min_grade_gap
    grade = person.grade
    found: list[Refusal] = []
    if grade is None:
        found.append(
            Refusal(
                "grade_unknown",
                _(
                    "Your grade is not in the directory, so Tandem cannot check the programme's "
                    "reverse rule. Ask HR to add it, then come back."
                ),
                _("%(name)s has no grade in the directory: the reverse rule cannot be checked.")
                % {"name": person.name},
            )
        )
    if role == MENTEE and grade is not None:
        lowest = programme.mentee_min_grade
        if lowest is not None and grade < lowest:
            found.append(
                Refusal(
                    "below_min_grade",
                    _(
                        "This programme is for mentees from grade %(lowest)d; your grade is "
                        "%(grade)d."
                    )
                    % {"lowest": lowest, "grade": grade},
                    _("%(name)s is at grade %(grade)d; mentees must be from grade %(lowest)d.")
                    % {"name": person.name, "grade": grade, "lowest": lowest},
                )
            )
        elif grade - gap < GRADE_MIN:
            found.append(
                Refusal(
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
            )
    if role == MENTOR:
        if grade is not None and grade + gap > GRADE_MAX:
            found.append(
                Refusal(
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
            )
        most = programme.mentor_max_tenure_years
        if most is not None:
            tenure = _tenure_years(person, today)
            if tenure is None:
                found.append(
                    Refusal(
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
                )
            elif tenure > most:
                found.append(
                    Refusal(
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
                )
    return found


def _tenure_years(person: User, today: date | None) -> float | None:
    if not person.hired_on:
        return None
    today = today or timezone.localdate()
    return (today - person.hired_on).days / 365.25
