"""The email that closes a programme carries HR's closing message, in the recipient's
language, or in the other one with its mark when theirs is empty (issue 12)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from evaluation import services
from evaluation.testing import hold, make_pair, make_running_programme
from people.testing import make_person
from programmes.models import Programme

pytestmark = pytest.mark.django_db

ENGLISH = "Thank you for every CLOSING-EN session you held."
FRENCH = "Merci pour chaque séance CLOSING-FR que vous avez tenue."


def close(executive, django_capture_on_commit_callbacks, **texts) -> dict[str, mail.EmailMessage]:
    """A programme of one pair (a French mentor, an English mentee) marked completed, then
    the sweep that records completions and sends the closing emails: {email: message}."""
    programme = make_running_programme(sponsor=executive, **texts)
    mentor = make_person(email="chloe@example.com", grade=3, preferred_language="fr")
    mentee = make_person(email="mary@example.com", grade=15, preferred_language="en")
    pair = make_pair(programme, mentor=mentor, mentee=mentee)
    hold(pair, when=timezone.now() - timedelta(days=10))
    Programme.objects.filter(pk=programme.pk).update(status=Programme.Status.COMPLETED)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_sweep()
    return {message.to[0]: message for message in mail.outbox}


def html_of(message: mail.EmailMultiAlternatives) -> str:
    return next(content for content, kind in message.alternatives if kind == "text/html")


def test_each_participant_reads_the_closing_message_in_their_language(
    executive, django_capture_on_commit_callbacks
):
    sent = close(
        executive,
        django_capture_on_commit_callbacks,
        closing_message_en=ENGLISH,
        closing_message_fr=FRENCH,
    )
    english, french = sent["mary@example.com"], sent["chloe@example.com"]
    assert ENGLISH in english.body and FRENCH not in english.body
    assert "A word from the programme's team:" in english.body
    assert ENGLISH in html_of(english) and FRENCH not in html_of(english)
    assert FRENCH in french.body and ENGLISH not in french.body
    assert FRENCH in html_of(french) and "available in" not in html_of(french)


def test_a_message_written_in_french_only_reaches_the_english_reader_marked(
    executive, django_capture_on_commit_callbacks
):
    sent = close(executive, django_capture_on_commit_callbacks, closing_message_fr=FRENCH)
    english = sent["mary@example.com"]
    assert f"{FRENCH}\n(available in French only)" in english.body
    assert f'<div lang="fr"><p>{FRENCH}</p></div>' in html_of(english)
    assert "available in French only" in html_of(english)
    assert FRENCH in sent["chloe@example.com"].body
    assert "(disponible" not in sent["chloe@example.com"].body


def test_without_a_closing_message_the_email_says_nothing_more(
    executive, django_capture_on_commit_callbacks
):
    sent = close(executive, django_capture_on_commit_callbacks)
    assert len(sent) == 2
    for message in sent.values():
        assert "A word from the programme's team" not in message.body
        assert "closing-message" not in html_of(message)
