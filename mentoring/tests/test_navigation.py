"""The main navigation: the links of each role, the current page marked for everyone."""

import re

import pytest
from django.urls import reverse

from evaluation.testing import make_running_programme

pytestmark = pytest.mark.django_db


def links(page: str) -> dict[str, str]:
    """{label: what marks it ("page", "true" or "")} for each link of the navigation."""
    found = re.findall(
        r'<li class="nav-item"><a class="nav-link[^"]*"(?: aria-current="(\w+)")? href="[^"]+">'
        r"([^<]+)</a></li>",
        page,
    )
    return {label: current for current, label in found}


def test_a_mentor_reads_the_employees_links_with_the_current_page_marked(client, mentor):
    client.force_login(mentor)

    page = client.get(reverse("meetings:mine")).content.decode()

    assert links(page) == {
        "Home": "",
        "Programmes": "",
        "My programmes": "",
        "My sessions": "page",
    }
    assert "HR tools" not in page


def test_hr_reads_the_dashboard_and_its_tools_with_the_section_marked_below_it(client, hr_admin):
    client.force_login(hr_admin)

    page = client.get(reverse("programmes:topics")).content.decode()

    assert links(page) == {
        "Home": "",
        "Programmes": "true",
        "My programmes": "",
        "My sessions": "",
        "Dashboard": "",
        "Volunteers": "",
        "Pairing": "",
        "Reminders": "",
        "Directory": "",
        "Import people": "",
    }


def test_an_executive_reads_the_dashboard_in_french(client, executive):
    executive.preferred_language = "fr"
    executive.save()
    client.force_login(executive)

    page = client.get(reverse("evaluation:dashboard")).content.decode()

    assert links(page) == {
        "Accueil": "",
        "Programmes": "",
        "Mes programmes": "",
        "Mes séances": "",
        "Tableau de bord": "page",
    }


def test_a_programmes_dashboard_marks_the_dashboard_alone(client, executive):
    """Its address, /evaluation/programmes/…, holds the programmes' but is below the
    dashboard's: one section is marked, the one the address starts with."""
    programme = make_running_programme(sponsor=executive)
    client.force_login(executive)

    page = client.get(reverse("evaluation:programme", args=[programme.code])).content.decode()

    assert links(page) == {
        "Home": "",
        "Programmes": "",
        "My programmes": "",
        "My sessions": "",
        "Dashboard": "true",
    }
