"""Testimonials: the words a participant leaves in the final review, with the consents
that come with them, and HR's decision to publish them, with a translation into the other
language when, and only when, the author agreed to one."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.bilingual import LANGUAGES
from people.access import check_hr_admin
from people.models import User

from ..models import TESTIMONIAL_MAX_LENGTH, TRANSLATION_MAX_LENGTH, Response, Testimonial


def no_translation_consent() -> str:
    return _(
        "The author did not agree to a translation: their words are published as written, "
        "with a mark that says in which language."
    )


def check_testimonial(text: str, *, consent: bool, language: str) -> None:
    """What the survey form refuses too: words without consent, too many, no language."""
    errors = {}
    if text and not consent:
        errors["consent"] = _("Tick the box to let us publish your words, or leave them out.")
    if len(text) > TESTIMONIAL_MAX_LENGTH:
        errors["testimonial"] = _("At most %(limit)d characters, please.") % {
            "limit": TESTIMONIAL_MAX_LENGTH
        }
    if text and language not in LANGUAGES:
        errors["testimonial_language"] = _("Say whether you wrote in English or in French.")
    if errors:
        raise ValidationError(errors)


def record_testimonial(
    response: Response, *, text: str, language: str, translation_consent: bool, now: datetime
) -> Testimonial:
    """The testimonial of an answered final review, with the time of each consent given."""
    return Testimonial.objects.create(
        response=response,
        text=text,
        language=language,
        consented_at=now,
        translation_consented_at=now if translation_consent else None,
    )


@transaction.atomic
def decide_testimonial(
    *, testimonial: Testimonial, approve: bool, by: User | None, translation: str | None = None
) -> Testimonial:
    """HR publishes a consented quote on the testimonials page, or keeps it off.

    Publishing, HR may give the translation into the other language (an empty one removes
    it), and only if the author consented to one: otherwise a ValidationError, and nothing
    changes."""
    check_hr_admin(by)
    current = Testimonial.objects.select_for_update().get(pk=testimonial.pk)
    fields = ["status", "decided_by", "decided_at"]
    if approve and translation is not None:
        translation = translation.strip()
        if translation and not current.may_be_translated:
            raise ValidationError({"translation": no_translation_consent()})
        if len(translation) > TRANSLATION_MAX_LENGTH:
            raise ValidationError(
                {
                    "translation": _("At most %(limit)d characters, please.")
                    % {"limit": TRANSLATION_MAX_LENGTH}
                }
            )
        current.translation = translation
        fields.append("translation")
    current.status = Testimonial.Status.APPROVED if approve else Testimonial.Status.REJECTED
    current.decided_by, current.decided_at = by, timezone.now()
    current.save(update_fields=fields)
    return current
