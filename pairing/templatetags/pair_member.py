"""What a member's page of their pair asks of them."""

from django import template

from ..models import Pair

register = template.Library()


@register.simple_tag
def first_steps_due(pair: Pair) -> bool:
    """A new pair: active, its programme not over (`pair.state`, the rule
    `meetings.access.can_change` reads too), and no session held yet. Sessions are read
    through the reverse relation (one query)."""
    if pair.state != "active":
        return False
    return not pair.meetings.filter(status="held").exists()
