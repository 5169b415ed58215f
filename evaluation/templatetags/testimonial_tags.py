"""`{% testimonial_text testimonial %}`: a testimonial as its reader reads it.

In the reader's language when it was written in it, or when its author consented to a
translation that HR wrote (then marked “translated from French”); otherwise as written,
marked with its `lang` and “written in French” (programmes/templatetags/bilingual.py's
mark). `{% written_in language %}` is that mark's text alone.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from evaluation.models import Testimonial
from programmes.templatetags.bilingual import render, written_in

register = template.Library()


def translated_from(language: str) -> str:
    if language == "fr":
        return _("translated from French")
    return _("translated from English")


@register.simple_tag
def testimonial_text(testimonial: Testimonial) -> SafeString:
    text = testimonial.read_in()
    html = render(text, block=True, mark_text=written_in(text.language))
    if text.fallback or text.language == testimonial.language:
        return html
    return format_html(
        '{}<p class="small text-body-secondary mb-0">{}</p>',
        html,
        translated_from(testimonial.language),
    )


@register.simple_tag(name="written_in")
def written_in_tag(language: str) -> str:
    return written_in(language)
