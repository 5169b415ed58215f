"""The programme's report is a PDF with its charts, in the reader's language."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from people.models import User

from .conftest import Measured

pytestmark = pytest.mark.django_db


def pdf_of(client, measured: Measured) -> PdfReader:
    answer = client.get(reverse("evaluation:report", args=[measured.programme.code]))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    return PdfReader(io.BytesIO(answer.content))


def images_of(pdf: PdfReader) -> int:
    return sum(len(page.images) for page in pdf.pages)


def test_the_report_opens_with_its_pages_and_its_charts(client, executive, measured: Measured):
    client.force_login(executive)
    pdf = pdf_of(client, measured)
    assert len(pdf.pages) >= 2
    # The funnel, the sessions per month, the changes per topic and the adoption.
    assert images_of(pdf) == 4
    text = "".join(page.extract_text() for page in pdf.pages)
    assert measured.programme.name in text
    assert "Sessions held and average rating, month by month" in text
    assert "Key figures" in text
    # Figures read as on the page: 12 sessions held, the change with its interval.
    assert "+1.33" in text
    assert "nobody invited yet" in text  # the mid-point pulse: a hidden figure says why


def test_the_report_is_written_in_the_readers_language(client, executive, measured: Measured):
    User.objects.filter(pk=executive.pk).update(preferred_language="fr")
    client.force_login(executive)
    client.cookies.load({"django_language": "fr"})
    text = "".join(page.extract_text() for page in pdf_of(client, measured).pages)
    assert "Chiffres clés" in text
    assert "+1,33" in text  # a decimal comma


def test_a_chart_with_nothing_to_draw_says_so_instead(client, executive, measured: Measured):
    from evaluation.models import Answer

    Answer.objects.filter(programme=measured.programme).delete()
    client.force_login(executive)
    pdf = pdf_of(client, measured)
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "No final review answered yet" in text
    assert images_of(pdf) == 2  # the funnel and the sessions remain
