"""`{% load navigation %}`: the main navigation's links, by role (templates/base.html).

    {% nav_links "main" %}   Home, Programmes, My programmes, My sessions, and the
                             dashboard for HR admins and executives
    {% nav_links "hr" %}     HR's tools, the second row

A link is marked as the current page for assistive technology too (aria-current="page"),
and, for a section, on every page below its address (aria-current="true"). Built here
rather than by an included template per link: every page shows them, and the includes cost
more than the rest of the page's frame. To add a link, add a line below.
"""

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

register = template.Library()

# (URL name, label, a section: marked on the pages below it too)
HOME = (("home", _("Home"), False),)
EVERYONE = (
    ("programmes:list", _("Programmes"), True),
    ("enrolments:mine", _("My programmes"), False),
    ("meetings:mine", _("My sessions"), True),
)
READERS = (("evaluation:dashboard", _("Dashboard"), True),)  # HR admins and executives
HR_TOOLS = (
    ("enrolments:review_index", _("Volunteers"), True),
    ("pairing:index", _("Pairing"), True),
    ("reminders:hr", _("Reminders"), True),
    ("people:directory", _("Directory"), False),
    ("people:import", _("Import people"), False),
)

_addresses: dict[tuple[str, str, object], str] = {}


def _address(name: str) -> str:
    """The link's address: the same for every request of a deployment, reversed once."""
    key = (name, get_script_prefix(), get_urlconf())
    if key not in _addresses:
        _addresses[key] = reverse(name)
    return _addresses[key]


def _link(path: str, name: str, label: str, section: bool) -> SafeString:
    url = _address(name)
    if path == url:
        return format_html(
            '<li class="nav-item"><a class="nav-link active" aria-current="page" href="{}">{}</a>'
            "</li>",
            url,
            label,
        )
    if section and url in path:
        return format_html(
            '<li class="nav-item"><a class="nav-link active" aria-current="true" href="{}">{}</a>'
            "</li>",
            url,
            label,
        )
    return format_html('<li class="nav-item"><a class="nav-link" href="{}">{}</a></li>', url, label)


@register.simple_tag(takes_context=True)
def nav_links(context: template.Context, row: str) -> SafeString:
    """The links of a row of the navigation ("main" or "hr") for the signed-in person."""
    request, user = context["request"], context["user"]
    if row == "hr":
        links = HR_TOOLS
    else:
        links = HOME + EVERYONE
        if user.is_hr_admin or user.is_executive:
            links += READERS
    return format_html_join("\n", "{}", ((_link(request.path, *link),) for link in links))
