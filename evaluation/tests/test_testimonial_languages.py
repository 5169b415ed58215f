"""Testimonials in both languages (issue 12): a testimonial knows the language it was written
in; its author may also consent, apart, to a translation; HR writes one only with that
consent; each reader reads their language when a consented translation exists, and the
words as written, marked “written in French”, otherwise."""

import importlib
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from evaluation import services
from evaluation.models import Response, Survey
from evaluation.models import Testimonial as Quote
from evaluation.services import testimonials as testimonial_services
from evaluation.testing import make_pair, make_running_programme
from people.testing import make_person

pytestmark = pytest.mark.django_db
Status = Quote.Status

ENGLISH_WORDS = "WORDS-EN: I use an AI assistant every week now."
FRENCH_WORDS = "MOTS-FR : je comprends enfin comment le comité décide."
TRANSLATED_TO_FR = "TRADUIT-FR : j'utilise un assistant d'IA chaque semaine."
TRANSLATED_TO_EN = "TRANSLATED-EN: I finally understand how the committee decides."


@pytest.fixture
def programme(executive):
    """Running, with its final review open: it ends in a week or so."""
    start = timezone.localdate() - timedelta(days=175)
    return make_running_programme(sponsor=executive, start_on=start)


def final_response(programme, person, *, answered: bool = True) -> Response:
    pair = make_pair(programme, mentee=person)
    survey = services.ensure_surveys(programme)[Survey.Kind.FINAL]
    now = timezone.now()
    return Response.objects.create(
        survey=survey,
        enrolment=pair.mentee,
        invited_at=now,
        answered_at=now if answered else None,
    )


def quote(programme, *, text, language, may_translate, translation="", status=Status.APPROVED):
    author = make_person(grade=15, preferred_language=language)
    now = timezone.now()
    return Quote.objects.create(
        response=final_response(programme, author),
        text=text,
        language=language,
        consented_at=now,
        translation_consented_at=now if may_translate else None,
        translation=translation,
        status=status,
        decided_at=None if status == Status.PENDING else now,
    )


def read_page(client, reader) -> str:
    client.force_login(reader)
    response = client.get(reverse("evaluation:testimonials"))
    assert response.status_code == 200
    return response.content.decode()


# --- The model ---------------------------------------------------------------------------


def test_each_reader_reads_their_language_only_with_a_consented_translation(programme):
    translated = quote(
        programme,
        text=FRENCH_WORDS,
        language="fr",
        may_translate=True,
        translation=TRANSLATED_TO_EN,
    )
    assert translated.read_in("fr").text == FRENCH_WORDS
    assert not translated.read_in("fr").fallback
    english = translated.read_in("en")
    assert (english.text, english.language, english.fallback) == (TRANSLATED_TO_EN, "en", False)

    as_written = quote(programme, text=ENGLISH_WORDS, language="en", may_translate=False)
    french = as_written.read_in("fr")
    assert (french.text, french.language, french.fallback) == (ENGLISH_WORDS, "en", True)

    waiting = quote(programme, text=ENGLISH_WORDS, language="en", may_translate=True)
    assert waiting.read_in("fr").fallback  # consented, but HR has not translated it yet
    with translation.override("fr"):
        assert waiting.read_in().language == "en"


def test_the_database_refuses_a_translation_without_consent_and_an_unknown_language(programme):
    author = make_person(grade=15)
    response = final_response(programme, author)
    for fields in (
        {"translation": TRANSLATED_TO_FR, "translation_consented_at": None},
        {"language": "de"},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Quote.objects.create(
                response=response, text=ENGLISH_WORDS, consented_at=timezone.now(), **fields
            )
    assert not Quote.objects.exists()


# --- The author: the language and the separate consent -----------------------------------


def test_a_french_author_writes_in_french_and_consents_to_a_translation(client, programme):
    author = make_person(grade=15, preferred_language="fr")
    response = final_response(programme, author, answered=False)
    url = reverse("evaluation:answer", args=[response.code])
    client.force_login(author)
    page = client.get(url)
    form = page.context["form"]
    assert form.fields["testimonial_language"].initial == "fr"
    assert not form.fields["translation_consent"].required
    html = page.content.decode()
    assert "traduction" in form.fields["translation_consent"].label.lower()
    assert 'name="translation_consent"' in html
    data = {name: "1" for name in form.fields if name.startswith("q_")}
    data |= {
        "testimonial": FRENCH_WORDS,
        "testimonial_language": "fr",
        "consent": "on",
        "translation_consent": "on",
    }
    assert client.post(url, data).status_code == 302
    saved = Quote.objects.get(response=response)
    assert saved.language == "fr"
    assert saved.translation_consented_at is not None and saved.status == Status.PENDING


def test_without_the_second_box_no_translation_is_consented(programme):
    author = make_person(grade=15)
    response = final_response(programme, author, answered=False)
    services.answer_survey(
        response=response,
        by=author,
        answers=[],
        testimonial=ENGLISH_WORDS,
        consent=True,
        testimonial_language="en",
    )
    saved = Quote.objects.get(response=response)
    assert (saved.language, saved.translation_consented_at) == ("en", None)
    assert not saved.may_be_translated


def test_the_language_is_the_page_language_unless_told_and_must_be_english_or_french(
    programme,
):
    author = make_person(grade=15)
    response = final_response(programme, author, answered=False)
    with pytest.raises(ValidationError) as refused:
        services.answer_survey(
            response=response,
            by=author,
            answers=[],
            testimonial=ENGLISH_WORDS,
            consent=True,
            testimonial_language="de",
        )
    assert "testimonial_language" in refused.value.message_dict
    with translation.override("fr"):
        services.answer_survey(
            response=response, by=author, answers=[], testimonial=FRENCH_WORDS, consent=True
        )
    assert Quote.objects.get(response=response).language == "fr"


# --- HR: a translation only with the author's consent ------------------------------------


def test_hr_translates_a_consented_testimonial_when_publishing_it(
    client, hr_admin, outsider, programme
):
    consented = quote(
        programme, text=FRENCH_WORDS, language="fr", may_translate=True, status=Status.PENDING
    )
    client.force_login(hr_admin)
    review = client.get(reverse("evaluation:review_testimonials")).content.decode()
    assert "Translation into English (optional)" in review
    (textarea,) = re.findall(r'<textarea[^>]*name="translation"[^>]*>', review)
    assert 'lang="en"' in textarea
    url = reverse("evaluation:decide_testimonial", args=[consented.code])
    sent = client.post(url, {"decision": "approve", "translation": f"  {TRANSLATED_TO_EN} "})
    assert sent.status_code == 302
    consented.refresh_from_db()
    assert (consented.status, consented.translation) == (Status.APPROVED, TRANSLATED_TO_EN)
    english = read_page(client, outsider)
    assert TRANSLATED_TO_EN in english and FRENCH_WORDS not in english
    assert "translated from French" in english
    french = read_page(client, make_person(preferred_language="fr"))
    assert FRENCH_WORDS in french and TRANSLATED_TO_EN not in french
    assert "écrit en" not in french


def test_hr_cannot_add_a_translation_the_author_did_not_consent_to(client, hr_admin, programme):
    refused = quote(
        programme, text=ENGLISH_WORDS, language="en", may_translate=False, status=Status.PENDING
    )
    client.force_login(hr_admin)
    review = client.get(reverse("evaluation:review_testimonials")).content.decode()
    assert "The author did not agree to a translation" in review
    item = review[review.index(f'data-testid="testimonial-{refused.code}"') :]
    assert 'name="translation"' not in item.split("</li>")[0]
    url = reverse("evaluation:decide_testimonial", args=[refused.code])
    page = client.post(url, {"decision": "approve", "translation": TRANSLATED_TO_FR})
    assert page.status_code == 200
    assert "The author did not agree to a translation" in page.content.decode()
    refused.refresh_from_db()
    assert (refused.status, refused.translation) == (Status.PENDING, "")
    with pytest.raises(ValidationError):
        testimonial_services.decide_testimonial(
            testimonial=refused, approve=True, by=hr_admin, translation=TRANSLATED_TO_FR
        )
    refused.refresh_from_db()
    assert (refused.status, refused.translation) == (Status.PENDING, "")
    # Publishing it as written is fine.
    assert client.post(url, {"decision": "approve"}).status_code == 302
    refused.refresh_from_db()
    assert refused.status == Status.APPROVED


def test_readers_of_the_other_language_read_the_words_as_written_marked(
    client, outsider, programme
):
    quote(programme, text=ENGLISH_WORDS, language="en", may_translate=False)
    quote(programme, text=FRENCH_WORDS, language="fr", may_translate=True)  # not translated
    french = read_page(client, make_person(preferred_language="fr"))
    assert f'<div lang="en"><p>{ENGLISH_WORDS}</p></div>' in french
    assert "écrit en anglais" in french and "écrit en français" not in french
    english = read_page(client, outsider)
    assert f'<div lang="fr"><p>{FRENCH_WORDS}</p></div>' in english.replace("&#x27;", "'")
    assert "written in French" in english and "written in English" not in english


# --- Testimonials written before they knew their language --------------------------------


def test_the_data_migration_gives_each_old_testimonial_its_authors_language(programme):
    migration = importlib.import_module(
        "evaluation.migrations.0003_testimonial_language_and_translation"
    )
    now = timezone.now()
    old = {}
    for language in ("fr", "en"):
        author = make_person(grade=15, preferred_language=language)
        old[language] = Quote.objects.create(
            response=final_response(programme, author), text="Old words", consented_at=now
        )
    assert {row.language for row in old.values()} == {"en"}  # the column's default
    migration.language_of_the_author(apps, None)
    for language, row in old.items():
        row.refresh_from_db()
        assert row.language == language
        assert row.translation_consented_at is None  # nobody was asked
