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


def written_in(language: str) -> str:
    """The mark of a text shown as its author wrote it (a testimonial)."""
    if language == "fr":
        return _("written in French")
    return _("written in English")


def render(text: Text, *, block: bool = False, mark_text: str = "") -> SafeString:
    """The text; when it is in the other language, marked with its `lang` and `mark_text`
    (by default “available in French only”)."""
    if not text.fallback:
        return (
            linebreaks_filter(text.text, autoescape=True) if block else format_html("{}", text.text)
        )
    mark = format_html(
        '<small class="badge rounded-pill text-bg-light border fw-normal ms-1">{}</small>',
        mark_text or only_in(text.language),
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


@register.simple_tag
def bilingual_plain(obj: object, field: str) -> str:
    """The same text for a plain-text email: the mark in brackets on the line after it."""
    text = text_of(obj, field)
    return f"{text.text}\n({only_in(text.language)})" if text.fallback else text.text


@register.filter
def percent(value: float | int | None, digits: int = 0) -> str:
    """`{{ 80|percent }}`: “80%” in English, “80 %” in French."""
    return formatting.percent(value, digits)
