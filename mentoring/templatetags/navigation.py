"""`{% load navigation %}`: the main navigation's links, by role (templates/base.html).

    {% nav_links "main" %}   Home, Programmes, My programmes, My sessions, and the
                             dashboard for HR admins and executives
    {% nav_links "hr" %}     HR's tools, the second row

A link is marked as the current page for assistive technology too (aria-current="page"),
and, for a section, on every page below its address (aria-current="true"; the programmes'
dashboard, /evaluation/programmes/…, is below the dashboard, not the programmes). Built here
rather than by an included template per link: every page shows them, and the includes cost
more than the rest of the page's frame. To add a link, add a line below.
"""

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
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

# Each link's markup by (URL name, state, language, URL prefix, URL configuration): the same
# for every request of a deployment, built once.
_links: dict[tuple[str, str, str, str, object], SafeString] = {}
_addresses: dict[tuple[str, str, object], str] = {}


def _link(path: str, where: tuple[str, str, object], name: str, label: str, section: bool) -> str:
    """The link's markup: marked as the current page (`path`) or section, or not."""
    language, prefix, urlconf = where
    url = _addresses.get((name, prefix, urlconf))
    if url is None:
        url = _addresses[name, prefix, urlconf] = reverse(name)
    state = "page" if path == url else ("true" if section and path.startswith(url) else "")
    key = (name, state, *where)
    if key not in _links:
        _links[key] = _markup(url, str(label), state)
    return _links[key]


def _markup(url: str, label: str, state: str) -> SafeString:
    if state:
        return format_html(
            '<li class="nav-item"><a class="nav-link active" aria-current="{}" href="{}">{}</a>'
            "</li>",
            state,
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
    where = (get_language(), get_script_prefix(), get_urlconf())
    # Each link is markup built by format_html: the lines joined stay safe.
    return SafeString("\n".join([_link(request.path, where, *link) for link in links]))
