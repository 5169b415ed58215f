"""Pairing's pieces on other apps' pages: the programme page (HR) and "My programmes"."""

from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common import formatting
from people.access import is_hr_admin
from people.models import User
from programmes.models import Programme

from .. import access, services
from ..models import Pair
from ..quality import SCALE, quality, scale_text
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


def _words(context: template.Context) -> dict[str, Any]:
    """The words every row repeats, translated and escaped once per page."""
    cache = context.render_context
    words = cache.get("pairing_words")
    if words is None:
        words = cache["pairing_words"] = {
            "scale": escape(scale_text()),
            "weak": escape(_("Weak points:")),
            "labels": {key: escape(capfirst(str(label))) for _low, key, label in SCALE},
            "status": escape(_("Status")),
            "end": escape(_("End")),
        }
    return words


@register.simple_tag
def person_cell(person: User) -> str:
    """A person in HR's tables: the name, then the department and the grade."""
    department = person.department
    grade = _("grade %(grade)s") % {"grade": person.grade} if person.grade else ""
    return mark_safe(  # noqa: S308 (each value escaped)
        f'<div class="fw-semibold">{escape(person.name)}</div><div class="small '
        f'text-body-secondary">{escape(department.name) if department else ""}'
        f"{' · ' if department and grade else ''}{escape(grade)}</div>"
    )


@register.simple_tag(takes_context=True)
def match_quality(context: template.Context, pair: Pair, reasons: bool = False) -> str:
    """The pair's label on its scale and its weak points (and its best reasons if asked).

    Topic names, the scale and the words every row repeats are read once per page, whatever
    the number of pairs."""
    cache = context.render_context
    words = _words(context)
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
        items = "".join(f"<li>{escape(reason)}</li>" for reason in seen.best)
        best = f'<ul class="list-unstyled small mb-0">{items}</ul>'
    weak = ""
    if seen.unexplained:
        weak = format_html(
            '<p class="small mb-0 text-body-secondary">{}</p>', _("No explanation recorded.")
        )
    elif seen.weak:
        listed = escape(formatting.word_list(seen.weak))
        weak = f'<p class="small mb-0 text-danger-emphasis">{words["weak"]} {listed}</p>'
    points = escape(
        ngettext("%(score)s point", "%(score)s points", formatting.plural_count(seen.score))
        % {"score": formatting.number(seen.score)}
    )
    return mark_safe(  # noqa: S308 (each value escaped)
        f'<div class="match-quality" data-testid="quality" data-quality="{escape(seen.key)}">\n'
        f'  <span class="badge {BADGES.get(seen.key, "text-bg-danger")}">'
        f"{words['labels'][seen.key]}</span>\n"
        f'  <span class="small text-body-secondary">{points} ({words["scale"]})</span>\n'
        f"  {best}\n  {weak}\n</div>"
    )


@register.simple_tag(takes_context=True)
def score_parts(context: template.Context, parts: list[dict[str, Any]]) -> str:
    """The three parts of a score (`pages._parts`): a stacked bar, then each part's points.
    The widths are SVG attributes, not style attributes: the content security policy
    blocks inline styles."""
    bars = "".join(
        f'<svg class="part-{escape(part["name"])}" width="{escape(part["share"])}%" '
        'height="100%" focusable="false"></svg>'
        for part in parts
    )
    items = "".join(
        f'<li><span class="part-dot part-{escape(part["name"])}" aria-hidden="true"></span> '
        + ngettext(
            "%(label)s: %(points)s point",
            "%(label)s: %(points)s points",
            formatting.plural_count(part["points"]),
        )
        % {"label": escape(part["label"]), "points": escape(formatting.number(part["points"]))}
        + "</li>"
        for part in parts
    )
    return mark_safe(  # noqa: S308 (each value escaped)
        f'\n<div class="progress-stacked parts-bar mb-1" aria-hidden="true">\n  {bars}\n</div>\n'
        f'<ul class="list-unstyled mb-0">{items}</ul>\n'
    )


@register.simple_tag(takes_context=True)
def active_pair_row(context: template.Context, pair: Pair, finished: bool) -> str:
    """A row of the published pairs page: its people, the score and match from facts, the
    day it was published (in the reader's zone: the page's `{% timezone %}`), and its
    actions (`pages.PublishedPage` sets the URLs). Fifty a page: drawn here, not by the
    template's tags, a tenth of the work."""
    words = _words(context)
    mentor, mentee = pair.mentor_person, pair.mentee_person
    published = pair.published_at
    when = escape(timezone.localtime(published).isoformat() if published else "")
    end = ""
    if not finished:
        end = (
            f'<a class="btn btn-sm btn-outline-danger" href="{escape(pair.end_url)}">'
            f'{words["end"]}<span class="visually-hidden"> {escape(mentor.name)} → '
            f"{escape(mentee.name)}</span></a>"
        )
    score = "" if pair.score is None else formatting.number(pair.score)
    return mark_safe(  # noqa: S308 (each value escaped)
        f'<tr data-testid="active-pair" data-mentor="{escape(mentor.email)}" '
        f'data-mentee="{escape(mentee.email)}">\n'
        f"          <td>{person_cell(mentor)}</td>\n"
        f"          <td>{person_cell(mentee)}</td>\n"
        f'          <td class="text-end">{escape(score)}</td>\n'
        f"          <td>{match_quality(context, pair, reasons=True)}</td>\n"
        f'          <td class="small"><time datetime="{when}">'
        f"{escape(formatting.day(published))}</time></td>\n"
        '          <td class="text-nowrap">\n'
        f'            <a class="btn btn-sm btn-outline-secondary" href="{escape(pair.status_url)}">'
        f"{words['status']}</a>\n"
        f"            {end}\n"
        "          </td>\n"
        "        </tr>"
    )
