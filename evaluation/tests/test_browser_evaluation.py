"""Issue 7, done when: an executive sees the charts of a programme; another person downloads
a certificate."""

import pytest
from playwright.sync_api import expect

from common.testing import sign_in
from evaluation import services
from evaluation.models import Completion
from programmes.models import Programme

from .conftest import Measured

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHARTS = ["chart-funnel", "chart-trend", "chart-progress", "chart-adoption"]


def test_an_executive_signs_in_and_sees_the_charts_of_a_programme(
    page, executive, measured: Measured
):
    errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    sign_in(page, executive.email)
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_role("link", name=measured.programme.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(measured.programme.name)
    expect(page.get_by_test_id("sessions-held")).to_have_text("12")
    for chart in CHARTS:
        canvas = page.locator(f"#{chart}")
        expect(canvas).to_be_visible()
        drawn = page.evaluate(
            """(id) => {
                const chart = Chart.getChart(id);
                const canvas = document.getElementById(id);
                if (!chart || canvas.width === 0) { return 0; }
                const pixels = canvas.getContext("2d")
                    .getImageData(0, 0, canvas.width, canvas.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) painted++; }
                return painted;
            }""",
            chart,
        )
        assert drawn > 0, f"{chart} is blank"
    # The lone ended pair is an operational fact: shown, as HR's list of pairs shows it.
    expect(page.get_by_test_id("pairs-state-ended")).to_have_text("1")
    # Aggregates only: no drill-down to pairs for an executive.
    expect(page.get_by_role("link", name="Pairs: state and counts")).to_have_count(0)
    assert errors == []


def test_a_participant_downloads_their_certificate(page, measured: Measured):
    pair = measured.pairs[0]
    Programme.objects.filter(pk=measured.programme.pk).update(status=Programme.Status.COMPLETED)
    measured.programme.refresh_from_db()
    services.close_programme(programme=measured.programme)
    Completion.objects.filter(enrolment=pair.mentee).update(earned_certificate=True)
    sign_in(page, pair.mentee_person.email)  # make_person gave them the test password
    page.goto("/evaluation/mine/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
