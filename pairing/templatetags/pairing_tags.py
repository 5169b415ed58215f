"""Pairing's pieces on other apps' pages: the programme page (HR) and "My programmes"."""

from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common import formatting
from people.access import is_hr_admin
from people.models import User
from programmes.models import Programme

from .. import access, services
from ..models import Pair
from ..quality import quality, scale_text
from ..reasons import topic_names

register = template.Library()

# What "My pairs" shows of each pair: the programme's name, the partner's name, its status.
MY_PAIRS_FIELDS = (
    "code",
    "status",
    "published_at",
    "programme__name_en",
    "programme__name_fr",
    "programme__status",
    "mentor_person__name",
    "mentee_person__name",
)


@register.inclusion_tag("pairing/includes/programme_summary.html", takes_context=True)
def pairing_summary(context: dict[str, Any], programme: Programme) -> dict[str, Any]:
    """Status and counts of the programme's pairing, for HR only (never what pairs write).

    One query: the programme page keeps a fixed, small number of them."""
    user = context["request"].user
    if not is_hr_admin(user):
        return {"show": False}
    return {
        "show": True,
        "programme": programme,
        **services.summary(programme),
        "can_pair": programme.status in services.PAIRABLE_STATUSES,
    }


@register.inclusion_tag("pairing/includes/my_pairs.html", takes_context=True)
def my_pairs(context: dict[str, Any]) -> dict[str, Any]:
    """The signed-in person's published pairs, active first, in one query."""
    user = context["request"].user
    pairs = (
        access.pairs_of(user)
        .select_related("programme", "mentor_person", "mentee_person")
        .only(*MY_PAIRS_FIELDS)
        .order_by("status", "-published_at", "-pk")
    )
    rows = [
        {
            "pair": pair,
            "other": pair.other_member(user),
            "active": pair.state == "active",  # a finished programme's pairs have ended
            "label": Pair.Status(pair.state).label,
        }
        for pair in pairs
    ]
    return {"rows": rows}


# --- Pieces of HR's tables of pairs, a hundred rows a page or more -----------------------------
#
# Built here with format_html rather than by an included template: an include costs a
# template's rendering, ten times the work of these few lines, on every row.

BADGES = {"strong": "text-bg-success", "good": "text-bg-primary", "fair": "text-bg-warning"}


@register.simple_tag
def person_cell(person: User) -> str:
    """A person in HR's tables: the name, then the department and the grade."""
    department = person.department
    grade = _("grade %(grade)s") % {"grade": person.grade} if person.grade else ""
    return format_html(
        '<div class="fw-semibold">{}</div><div class="small text-body-secondary">{}{}{}</div>',
        person.name,
        department.name if department else "",
        " · " if department and grade else "",
        grade,
    )


@register.simple_tag(takes_context=True)
def match_quality(context: template.Context, pair: Pair, reasons: bool = False) -> str:
    """The pair's label on its scale and its weak points (and its best reasons if asked).

    Topic names and the scale are read once per page, whatever the number of pairs."""
    cache = context.render_context
    if "pairing_scale" not in cache:
        cache["pairing_scale"] = scale_text()
    topics: dict[int, str] = {}
    if reasons:
        if "pairing_topic_names" not in cache:
            cache["pairing_topic_names"] = topic_names()
        topics = cache["pairing_topic_names"]
    facts = getattr(pair, "facts", None)  # pairing.facts.attach: the match from facts
    if facts is None:
        seen = quality(pair.score, pair.reasons, topics)
    else:
        seen = quality(facts.score, facts.reasons, topics, weak=facts.weak)
    best = ""
    if reasons and seen.best:
        items = format_html_join("", "<li>{}</li>", ((reason,) for reason in seen.best))
        best = format_html('<ul class="list-unstyled small mb-0">{}</ul>', items)
    weak = ""
    if seen.unexplained:
        weak = format_html(
            '<p class="small mb-0 text-body-secondary">{}</p>', _("No explanation recorded.")
        )
    elif seen.weak:
        weak = format_html(
            '<p class="small mb-0 text-danger-emphasis">{} {}</p>',
            _("Weak points:"),
            formatting.word_list(seen.weak),
        )
    return format_html(
        '<div class="match-quality" data-testid="quality" data-quality="{}">\n'
        '  <span class="badge {}">{}</span>\n'
        '  <span class="small text-body-secondary">{} ({})</span>\n'
        "  {}\n  {}\n</div>",
        seen.key,
        BADGES.get(seen.key, "text-bg-danger"),
        capfirst(seen.label),
        _("%(score)s points") % {"score": formatting.number(seen.score)},
        cache["pairing_scale"],
        best,
        weak,
    )
