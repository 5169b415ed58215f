"""Reason codes become translated sentences (pairing.reasons)."""

from django.utils import translation

from pairing.matching import Reason
from pairing.reasons import MESSAGES, render

SAMPLES = {
    "no_longer_approved": {"name": "Zoé Benali"},
    "already_paired": {"name": "Marc Delaunay"},
    "text": {"text": "A sentence stored before reasons were codes."},
    "teaches_priority": {"topic": 7, "level": 4, "priority": 1},
    "gives_back": {"topic": 8},
    "shared_language": {"language": "es"},
    "shared_availability": {"slots": 2},
    "same_mode": {"mode": "video"},
    "same_site": {"site": "Lyon"},
    "diverse": {"criteria": ["department", "generation"]},
    "below_min_grade": {"grade": 8, "min_grade": 10},
    "mentors_full": {"mentors": 3},
    "below_quality_floor": {"mentors": 2, "total": 5, "min_score": 60},
    "no_mentee_reaches_floor": {"mentees": 3, "min_score": 60},
    "places_left": {"places": 1},
    "compatible_mentees_paired": {"mentees": 4},
    "tenure_too_long": {"years": 7.5, "max_years": 3},
    "capacity_exceeded": {"capacity": 2},
}


def test_every_code_renders_a_sentence():
    for code in MESSAGES:
        params = SAMPLES.get(code, {"mentors": 2, "total": 5})
        sentence = render(Reason(code, params), {7: "Generative AI", 8: "Strategy"})
        assert sentence and "%(" not in sentence, code


def test_sentences_carry_their_parameters():
    topics = {7: "Generative AI"}
    assert render(Reason("teaches_priority", SAMPLES["teaches_priority"]), topics) == (
        "Teaches Generative AI at level 4 of 4, the mentee's first priority."
    )
    assert render(Reason("shared_language", {"language": "es"})) == "Both speak Spanish."
    assert render(Reason("no_shared_language", {"mentors": 3, "total": 3})) == (
        "No mentor shares a language with them."
    )
    assert render(Reason("no_shared_language", {"mentors": 1, "total": 3})) == (
        "1 mentor shares no language with them."
    )
    assert render(Reason("mentors_full", {"mentors": 3})) == "All 3 compatible mentors are full."
    assert render(Reason("below_quality_floor", SAMPLES["below_quality_floor"])) == (
        "With 2 mentors, the pair would score below 60, the lowest score accepted in this round."
    )
    assert render(Reason("diverse", SAMPLES["diverse"])) == (
        "A diverse pair: different departments and generations."
    )


def test_sentences_follow_the_active_language():
    with translation.override("fr"):
        # French writes a language in lower case inside a sentence.
        assert render(Reason("shared_language", {"language": "es"})) == "Les deux parlent espagnol."


def test_a_refused_round_reads_in_the_readers_language():
    from django.utils import translation

    reason = Reason("already_paired", {"name": "Marc Delaunay"})
    assert render(reason) == "Marc Delaunay already has an active pair."
    with translation.override("fr"):
        assert render(reason) == "Marc Delaunay a déjà un binôme actif."


def test_old_rounds_stored_as_sentences_become_codes():
    from importlib import import_module

    migration = import_module("pairing.migrations.0003_reasons_stored_as_codes")
    assert migration.codes(["Zoé Benali is no longer approved.", {"code": "locked"}, "Hello."]) == [
        {"code": "no_longer_approved", "params": {"name": "Zoé Benali"}},
        {"code": "locked"},
        {"code": "text", "params": {"text": "Hello."}},
    ]
    assert migration.as_code("They share 8 available time slots.") == {
        "code": "shared_availability",
        "params": {"slots": 8},
    }
