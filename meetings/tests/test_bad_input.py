"""Bad input on the sessions' pages: an answer in words, never a server error."""

import pytest
from django.urls import reverse

from meetings.models import Meeting
from meetings.testing import make_meeting

from .test_logging import log_data

pytestmark = pytest.mark.django_db


def test_a_calendar_feed_address_with_a_nul_byte_is_a_404_without_signing_in(client):
    response = client.get("/sessions/calendar/%00.ics")

    assert response.status_code == 404


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31"])
def test_a_session_held_in_a_year_no_one_means_is_refused(client, pair, mentor, day):
    meeting = make_meeting(pair)
    client.force_login(mentor)

    response = client.post(reverse("meetings:log", args=[meeting.code]), log_data(day))

    assert response.status_code == 200
    assert "Enter a date between 1900-01-01 and 2100-12-31." in str(response.context["form"].errors)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_the_logging_service_refuses_year_0001_whatever_calls_it(pair, mentor):
    from datetime import UTC, datetime

    from django.core.exceptions import ValidationError

    from meetings import services

    with pytest.raises(ValidationError, match="Enter a date between"):
        services.log_meeting(
            pair=pair,
            by=mentor,
            held_at=datetime(1, 1, 1, 10, tzinfo=UTC),
            duration_minutes=60,
            mode="video",
        )
    assert not Meeting.objects.filter(pair=pair, status=Meeting.Status.HELD).exists()
