"""Pairing's pieces on other apps' pages: the programme page (HR) and "My programmes"."""

from typing import Any

from django import template

from people.access import is_hr_admin
from programmes.models import Programme

from .. import access, services
from ..models import Pair
from ..quality import quality
from ..reasons import topic_names

register = template.Library()

# What "My pairs" shows of each pair: the programme's name, the partner's name, its status.
MY_PAIRS_FIELDS = (
    "code",
    "status",
    "published_at",
    "programme__name_en",
    "programme__name_fr",
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
            "active": pair.status == Pair.Status.ACTIVE,
        }
        for pair in pairs
    ]
    return {"rows": rows}


@register.inclusion_tag("pairing/includes/quality.html", takes_context=True)
def match_quality(context: template.Context, pair: Pair, reasons: bool = False) -> dict[str, Any]:
    """The pair's label on its scale and its weak points (and its best reasons if asked).

    Topic names are read once per page when reasons are shown, whatever the number of pairs."""
    topics: dict[int, str] = {}
    if reasons:
        cache = context.render_context
        if "pairing_topic_names" not in cache:
            cache["pairing_topic_names"] = topic_names()
        topics = cache["pairing_topic_names"]
    return {"quality": quality(pair.score, pair.reasons, topics), "show_reasons": reasons}
