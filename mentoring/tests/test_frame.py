"""The page's frame: fragments the same for every request in a language are rendered once
per language, and never show one person's value to another."""

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

pytestmark = pytest.mark.django_db

FRAGMENT = (
    '<a href="{% url \'home\' %}">{% translate "Sign out" %}</a>'
    "<link href=\"{% static 'css/tandem.css' %}\">"
)


def test_a_fixed_fragment_reads_as_the_same_markup_rendered_each_time():
    template = engines["django"].from_string(
        "{% load i18n static frame %}{% fixed %}" + FRAGMENT + "{% endfixed %}|" + FRAGMENT
    )
    for language in ("en", "fr"):
        with translation.override(language):
            fixed, plain = template.render({}).split("|")
            assert fixed == plain
    with translation.override("fr"):
        assert "Se déconnecter" in template.render({})


def test_a_fixed_fragment_is_rendered_once_per_language():
    template = engines["django"].from_string(
        "{% load frame %}{% fixed %}{% for item in items %}{{ item }}{% endfor %}{% endfixed %}"
    )
    node = next(node for node in template.template.nodelist if hasattr(node, "rendered"))

    with translation.override("en"):
        first = template.render({})
        second = template.render({})
    with translation.override("fr"):
        template.render({})

    assert first == second == ""
    assert len(node.rendered) == 2  # one per language


def test_a_fixed_fragment_never_shows_the_page_s_variables(mentor, hr_admin):
    template = engines["django"].from_string(
        "{% load frame %}{% fixed %}[{{ user.email }}]{% endfixed %}"
    )
    request = RequestFactory().get("/")

    for person in (mentor, hr_admin):
        request.user = person
        assert template.render({"user": person}, request) == "[]"
