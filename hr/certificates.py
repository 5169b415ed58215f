"""The certificates register of a programme: who earned one, who not yet and what is missing.

While the programme runs, the register reads progress with the rule the programme's
closing will apply (`evaluation.services.closing`): sessions held in published pairs,
and the final review when the rule asks for it. Once it is completed, it reads the
completions written at closing. A certificate is drawn when it is downloaded, with the
person's name as the directory holds it today: after a name change, the next download is
the certificate issued again under the new name.
"""

import zipfile
from dataclasses import dataclass
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from enrolments.models import Enrolment
from evaluation import certificates
from evaluation.models import Completion, Response, Survey
from evaluation.services.closing import earns_certificate, sessions_held_by_enrolment
from evaluation.services.surveys import pair_members, settings_for
from programmes.models import Programme

PUBLISHED = ["active", "ended"]


@dataclass(frozen=True)
class RegisterLine:
    enrolment: Enrolment
    sessions_held: int
    final_review_answered: bool
    earned: bool
    missing: list[str]
    completion: Completion | None


def _missing(rule, held: int, answered: bool) -> list[str]:
    missing = []
    if held < rule.certificate_min_sessions:
        short = rule.certificate_min_sessions - held
        missing.append(
            ngettext("%(count)d more session held", "%(count)d more sessions held", short)
            % {"count": short}
        )
    if rule.certificate_needs_final_review and not answered:
        missing.append(_("the final review answered"))
    return missing


def register(programme: Programme) -> list[RegisterLine]:
    """One line per participant of a published pair, by name. Four queries."""
    rule = settings_for(programme)
    completions = {
        completion.enrolment_id: completion
        for completion in Completion.objects.filter(programme=programme)
    }
    if completions:
        held = {pk: completion.sessions_held for pk, completion in completions.items()}
        answered = {pk for pk, c in completions.items() if c.final_review_answered}
        ids = set(completions)
    else:
        held = sessions_held_by_enrolment(programme)
        answered = set(
            Response.objects.answered()
            .filter(survey__programme=programme, survey__kind=Survey.Kind.FINAL)
            .values_list("enrolment_id", flat=True)
        )
        ids = pair_members(programme, PUBLISHED)
    enrolments = Enrolment.objects.filter(pk__in=ids).select_related("person", "programme")
    lines = []
    for enrolment in enrolments.order_by("person__name", "pk"):
        completion = completions.get(enrolment.pk)
        count, done = held.get(enrolment.pk, 0), enrolment.pk in answered
        earned = (
            completion.earned_certificate
            if completion
            else earns_certificate(rule, sessions_held=count, final_review_answered=done)
        )
        lines.append(
            RegisterLine(
                enrolment=enrolment,
                sessions_held=count,
                final_review_answered=done,
                earned=earned,
                missing=[] if earned else _missing(rule, count, done),
                completion=completion,
            )
        )
    return lines


def earned_completions(programme: Programme):
    return Completion.objects.filter(programme=programme, earned_certificate=True).select_related(
        "programme__sponsor", "enrolment__person"
    )


def pdf_for(completion: Completion) -> tuple[str, bytes]:
    """The certificate as its owner reads it: in their language, under today's name."""
    with translation.override(completion.enrolment.person.preferred_language):
        return certificates.filename(completion), certificates.render(completion)


def zip_of(completions) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        used: set[str] = set()
        for completion in completions:
            name, pdf = pdf_for(completion)
            if name in used:  # two people of the same name
                name = name.removesuffix(".pdf") + f"-{str(completion.code)[:8]}.pdf"
            used.add(name)
            archive.writestr(name, pdf)
    return buffer.getvalue()
