"""Testimonials: only consented quotes that HR approved are published."""

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import Response, Survey
from evaluation.models import Testimonial as Quote
from evaluation.testing import make_pair, make_running_programme
from programmes.testing import ensure_seeded_topics


@pytest.fixture
def quotes(executive, mentor, mentee):
    ensure_seeded_topics()
    programme = make_running_programme(sponsor=executive)
    pair = make_pair(programme, mentor=mentor, mentee=mentee)
    final = services.ensure_surveys(programme)[Survey.Kind.FINAL]
    now = timezone.now()
    made = {}
    for enrolment, text in [(pair.mentor, "QUOTE-MENTOR"), (pair.mentee, "QUOTE-MENTEE")]:
        response = Response.objects.create(survey=final, enrolment=enrolment, answered_at=now)
        made[text] = Quote.objects.create(response=response, text=text, consented_at=now)
    return made


def test_a_pending_quote_is_not_published(client, outsider, quotes):
    client.force_login(outsider)
    page = client.get(reverse("evaluation:testimonials")).content.decode()
    assert "QUOTE-MENTOR" not in page and "QUOTE-MENTEE" not in page


def test_hr_publishes_one_quote_and_keeps_the_other_off(client, hr_admin, outsider, quotes):
    client.force_login(hr_admin)
    review = client.get(reverse("evaluation:review_testimonials")).content.decode()
    assert "QUOTE-MENTOR" in review and "QUOTE-MENTEE" in review
    approve = reverse("evaluation:decide_testimonial", args=[quotes["QUOTE-MENTOR"].code])
    reject = reverse("evaluation:decide_testimonial", args=[quotes["QUOTE-MENTEE"].code])
    assert client.post(approve, {"decision": "approve"}).status_code == 302
    assert client.post(reject, {"decision": "reject"}).status_code == 302
    quotes["QUOTE-MENTOR"].refresh_from_db()
    assert quotes["QUOTE-MENTOR"].decided_by == hr_admin
    client.force_login(outsider)
    page = client.get(reverse("evaluation:testimonials")).content.decode()
    assert "QUOTE-MENTOR" in page and "Zoé Junior" in page
    assert "QUOTE-MENTEE" not in page


def test_a_testimonial_without_consent_is_refused_by_the_service(executive, mentee):
    ensure_seeded_topics()
    programme = make_running_programme(sponsor=executive)
    pair = make_pair(programme, mentee=mentee)
    final = services.ensure_surveys(programme)[Survey.Kind.FINAL]
    response = Response.objects.create(survey=final, enrolment=pair.mentee)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.answer_survey(
            response=response, by=mentee, answers=[], testimonial="Great", consent=False
        )
    assert not Quote.objects.exists()
