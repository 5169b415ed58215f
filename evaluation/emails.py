"""The evaluation's emails, each in its recipient's language (see common/emails.py)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation

from common.emails import make_message

from . import certificates
from .models import Completion, Response


def survey(response: Response, *, reminder: bool) -> EmailMultiAlternatives:
    """An invitation to answer a survey, or a reminder of it."""
    survey = response.survey
    return make_message(
        "evaluation/emails/survey",
        to=response.enrolment.person,
        context={
            "response": response,
            "survey": survey,
            "kind": survey.kind,
            "programme": survey.programme,
            "reminder": reminder,
            "link": settings.SITE_URL + reverse("evaluation:answer", args=[response.code]),
        },
    )


def closing(completion: Completion) -> EmailMultiAlternatives:
    """The thanks at the programme's end, with the certificate attached when it was earned."""
    person = completion.enrolment.person
    link = settings.SITE_URL + reverse("evaluation:mine")
    context = {"completion": completion, "programme": completion.programme, "link": link}
    message = make_message("evaluation/emails/closing", to=person, context=context)
    if completion.earned_certificate:
        with translation.override(person.preferred_language):
            pdf = certificates.render(completion)
            message.attach(certificates.filename(completion), pdf, "application/pdf")
    return message
