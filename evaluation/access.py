"""Who may see what of the evaluation. Views load objects through here; anything out of
reach is a 404, as if it did not exist.

- Dashboards, the printable report and the indicators export: HR admins and executives,
  for the programmes that programmes.access lets them see (drafts excluded: nothing to
  measure). Both read aggregates only.
- The drill-down to pairs (state and counts, never notes nor feedback), its export, the
  surveys' questions, the certificate rule, HR's reading of free-text answers and the
  approval of testimonials: HR admins only.
- The monthly report's setting (receive it or not): dashboard readers and sponsors, for
  themselves only.
- A survey response and a certificate: their owner only. Not HR, not executives.
- The published testimonials: every signed-in employee.
"""

from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from people.access import is_executive, is_hr_admin, require_hr_admin
from people.models import User
from programmes.access import programmes_for
from programmes.models import Programme, ProgrammeQuerySet

from .models import Completion, Question, Response, Testimonial


def can_read_dashboards(user: User | AnonymousUser) -> bool:
    return is_hr_admin(user) or is_executive(user)


def require_dashboard_reader(user: User | AnonymousUser) -> None:
    if not can_read_dashboards(user):
        raise Http404


def sponsored_programmes(user: User | AnonymousUser) -> ProgrammeQuerySet:
    """The programmes whose monthly report the user receives as their sponsor."""
    if not user.is_authenticated:
        return Programme.objects.none()
    return Programme.objects.filter(sponsor=user).exclude(status=Programme.Status.DRAFT)


def require_dashboard_reader_or_sponsor(user: User | AnonymousUser) -> None:
    """The monthly report's setting: readers of dashboards and sponsors of a programme."""
    if not (can_read_dashboards(user) or sponsored_programmes(user).exists()):
        raise Http404


UNMEASURED = Programme.Status.DRAFT  # nothing to measure yet: no dashboard


def is_measured(programme: Programme) -> bool:
    """Whether the programme has a dashboard (a link to it answers), whoever reads it."""
    return programme.status != UNMEASURED


def measured_programmes_for(user: User | AnonymousUser) -> ProgrammeQuerySet:
    """The programmes whose dashboards the user reads: visible to them, past the draft."""
    require_dashboard_reader(user)
    return programmes_for(user).exclude(status=UNMEASURED)


def measured_programme_for(
    user: User | AnonymousUser, code: UUID | str, *, manage: bool = False
) -> Programme:
    """One programme's dashboard; manage=True for HR's pages (drill-down, surveys, rule)."""
    if manage:
        require_hr_admin(user)
    try:
        return measured_programmes_for(user).select_related("sponsor").get(code=code)
    except (Programme.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def managed_programme_for(user: User | AnonymousUser, code: UUID | str) -> Programme:
    """A programme whose surveys and certificate rule HR sets up, drafts included."""
    require_hr_admin(user)
    try:
        return programmes_for(user).get(code=code)
    except (Programme.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def question_for(user: User | AnonymousUser, code: UUID | str) -> Question:
    require_hr_admin(user)
    try:
        return Question.objects.select_related("survey__programme").get(code=code)
    except (Question.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def response_for(user: User | AnonymousUser, code: UUID | str) -> Response:
    """The person's own invitation to a survey; anybody else's is a 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return Response.objects.select_related("survey__programme", "enrolment__person").get(
            code=code, enrolment__person=user
        )
    except (Response.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def certificate_for(user: User | AnonymousUser, code: UUID | str) -> Completion:
    """The person's own certificate, once earned; anybody else's is a 404."""
    if not user.is_authenticated:
        raise Http404
    try:
        return (
            Completion.objects.certificates_of(user)
            .select_related("programme__sponsor", "enrolment__person")
            .get(code=code)
        )
    except (Completion.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def testimonial_for_review(user: User | AnonymousUser, code: UUID | str) -> Testimonial:
    require_hr_admin(user)
    try:
        return Testimonial.objects.get(code=code)
    except (Testimonial.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
