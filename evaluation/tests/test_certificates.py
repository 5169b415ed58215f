"""Completion by HR's rule, the closing email with its certificate, the PDF download."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import Completion, EvaluationSettings, Response, Survey
from evaluation.testing import hold, make_pair, make_running_programme
from people.testing import make_person
from programmes.models import Programme
from programmes.testing import ensure_seeded_topics


@pytest.fixture(autouse=True)
def topics(db):
    ensure_seeded_topics()


@pytest.mark.parametrize(
    ("held", "answered", "needs_final", "earned"),
    [
        (4, True, True, True),
        (3, True, True, False),
        (4, False, True, False),
        (4, False, False, True),
        (9, True, True, True),
    ],
)
def test_the_certificate_rule(held, answered, needs_final, earned):
    rule = EvaluationSettings(
        certificate_min_sessions=4, certificate_needs_final_review=needs_final
    )
    result = services.earns_certificate(rule, sessions_held=held, final_review_answered=answered)
    assert result is earned


def completed_programme(executive, mentor, mentee):
    """Zoé and Marc held four sessions and both answered the final review; another pair
    held two sessions only."""
    programme = make_running_programme(sponsor=executive)
    pair = make_pair(programme, mentor=mentor, mentee=mentee)
    now = timezone.now()
    for days in (10, 30, 50, 70):
        hold(pair, when=now - timedelta(days=days))
    short = make_pair(programme, mentee=make_person(grade=15, preferred_language="fr"))
    for days in (10, 30):
        hold(short, when=now - timedelta(days=days))
    surveys = services.ensure_surveys(programme)
    for enrolment in (pair.mentor, pair.mentee, short.mentee):
        Response.objects.create(
            survey=surveys[Survey.Kind.FINAL], enrolment=enrolment, invited_at=now, answered_at=now
        )
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
    programme.refresh_from_db()
    return programme, pair, short


def test_completing_a_programme_records_each_participant_and_emails_them_once(
    executive, mentor, mentee, django_capture_on_commit_callbacks
):
    programme, pair, short = completed_programme(executive, mentor, mentee)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.run_sweep()
    completions = {c.enrolment_id: c for c in Completion.objects.filter(programme=programme)}
    assert len(completions) == 4
    assert completions[pair.mentee_id].earned_certificate
    assert completions[pair.mentee_id].sessions_held == 4
    assert not completions[short.mentee_id].earned_certificate
    assert not completions[short.mentor_id].earned_certificate  # no final review either
    assert len(mail.outbox) == 4
    by_person = {message.to[0]: message for message in mail.outbox}
    earned = by_person[mentee.email]
    (attachment,) = earned.attachments
    filename, content, mimetype = attachment
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    assert content.startswith(b"%PDF")
    french = by_person[short.mentee_person.email]
    assert french.attachments == []
    assert french.extra_headers["Content-Language"] == "fr"


def test_the_participant_downloads_their_certificate_and_nobody_else_can(
    client, executive, mentor, mentee, hr_admin, django_capture_on_commit_callbacks
):
    programme, pair, short = completed_programme(executive, mentor, mentee)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_programme(programme=programme)
    mine = Completion.objects.get(enrolment=pair.mentee)
    url = reverse("evaluation:certificate", args=[mine.code])
    client.force_login(mentee)
    listing = client.get(reverse("evaluation:mine"))
    assert url in listing.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]
    for other in (mentor, hr_admin, executive):
        client.force_login(other)
        assert client.get(url).status_code == 404
    not_earned = Completion.objects.get(enrolment=short.mentee)
    client.force_login(short.mentee_person)
    assert client.get(reverse("evaluation:certificate", args=[not_earned.code])).status_code == 404


def test_hr_sets_the_rule_and_the_target_population(client, hr_admin, executive):
    programme = make_running_programme(sponsor=executive)
    client.force_login(hr_admin)
    answer = client.post(
        reverse("evaluation:setup", args=[programme.code]),
        {
            "target_population": "120",
            "certificate_min_sessions": "6",
            "certificate_needs_final_review": "",
        },
    )
    assert answer.status_code == 302
    rule = EvaluationSettings.objects.get(programme=programme)
    assert rule.target_population == 120
    assert rule.certificate_min_sessions == 6
    assert rule.certificate_needs_final_review is False


def test_the_rule_stays_once_the_certificates_are_issued(
    client, hr_admin, executive, mentor, mentee
):
    programme, _pair, _short = completed_programme(executive, mentor, mentee)
    services.close_programme(programme=programme)
    client.force_login(hr_admin)
    client.post(
        reverse("evaluation:setup", args=[programme.code]),
        {"certificate_min_sessions": "1", "certificate_needs_final_review": ""},
    )
    assert EvaluationSettings.objects.get(programme=programme).certificate_min_sessions == 4


@pytest.mark.parametrize(
    ("language", "label"),
    [("en", "Certificate number: "), ("fr", "Numéro d’attestation : ")],
)
def test_the_certificate_labels_its_number_and_says_how_to_check_it(
    client, executive, mentor, mentee, hr_admin, django_capture_on_commit_callbacks, language, label
):
    import io

    from pypdf import PdfReader

    from people.models import User

    programme, pair, _short = completed_programme(executive, mentor, mentee)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_programme(programme=programme)
    mine = Completion.objects.get(enrolment=pair.mentee)
    User.objects.filter(pk=mentee.pk).update(preferred_language=language)
    client.force_login(mentee)
    download = client.get(reverse("evaluation:certificate", args=[mine.code]))
    text = PdfReader(io.BytesIO(download.content)).pages[0].extract_text().replace("\xa0", " ")
    assert f"{label}{mine.code}" in text
    assert {"en": "certificates register", "fr": "registre des attestations"}[language] in text
    # HR finds the same number in the programme's register.
    client.force_login(hr_admin)
    register = client.get(reverse("hr:certificates", args=[programme.code])).text
    assert str(mine.code) in register
