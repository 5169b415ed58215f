"""`{% bilingual obj "field" %}`: a text HR wrote in both languages, as the reader reads it.

In the reader's language when it was written in it; otherwise in the other language,
marked with its `lang` (screen readers pronounce it right, and the language crawler of
mentoring/tests/language knows it is meant) and with a small “available in French
only”. `block=True` renders paragraphs (a description, a charter).
"""

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from common import formatting
from common.bilingual import Text, text_of

register = template.Library()


def only_in(language: str) -> str:
    if language == "fr":
        return _("available in French only")
    return _("available in English only")


def render(text: Text, *, block: bool = False) -> SafeString:
    if not text.fallback:
        return (
            linebreaks_filter(text.text, autoescape=True) if block else format_html("{}", text.text)
        )
    mark = format_html(
        '<small class="badge rounded-pill text-bg-light border fw-normal ms-1">{}</small>',
        only_in(text.language),
    )
    if block:
        return format_html(
            '<div lang="{}">{}</div><p class="small text-body-secondary">{}</p>',
            text.language,
            linebreaks_filter(text.text, autoescape=True),
            mark,
        )
    return format_html('<span lang="{}">{}</span>{}', text.language, text.text, mark)


@register.simple_tag
def bilingual(obj: object, field: str, block: bool = False) -> SafeString:
    return render(text_of(obj, field), block=block)


@register.filter
def percent(value: float | int | None, digits: int = 0) -> str:
    """`{{ 80|percent }}`: “80%” in English, “80 %” in French."""
    return formatting.percent(value, digits)
