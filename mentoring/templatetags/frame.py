"""`{% load frame %}`: the parts of the page's frame (templates/base.html) that are the same
for every request in a language, rendered once per language and then served from memory.

    {% fixed %}<footer>{% translate "…" %} <script src="{% static '…' %}"></script>{% endfixed %}

The header's links, its labels, the language buttons and the footer hold dozens of
translations, URL reversals and static addresses: some 3,000 function calls on every page,
always with the same result. The fragment is rendered without the page's context, so that it
can depend on nothing but the active language (and the URL prefix and configuration): a
variable inside is empty, never one person's value served to another. The user's name, the
CSRF token and the current address stay outside, between two fragments.
"""

from django import template
from django.conf import settings
from django.template.base import Parser, Token
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


class FixedNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple, SafeString] = {}

    def render(self, context: template.Context) -> SafeString:
        key = (get_language(), get_script_prefix(), get_urlconf(), settings.STATIC_URL)
        text = self.rendered.get(key)
        if text is None:
            alone = template.Context(autoescape=context.autoescape)
            alone.template = context.template  # the engine's settings, no variable
            text = self.rendered[key] = self.nodelist.render(alone)
        return text


@register.tag
def fixed(parser: Parser, token: Token) -> FixedNode:
    """`{% fixed %}…{% endfixed %}`: a fragment that depends on the language only."""
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist)
