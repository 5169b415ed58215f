import pytest
from django.template import Context
from django.utils import translation

from pairing import explain
from pairing import matching as m
from pairing.facts import Facts
from pairing.models import Pair
from pairing.quality import label_for, quality
from pairing.templatetags.pairing_tags import match_quality, person_cell, score_parts
from people.models import Department, User


def test_the_label_follows_the_scale():
    assert [label_for(score)[0] for score in (100, 70, 69, 50, 49, 30, 29, 0)] == [
        "strong",
        "strong",
        "good",
        "good",
        "fair",
        "fair",
        "weak",
        "weak",
    ]


NOTHING_IN_COMMON = [{"code": explain.NO_TOPIC_IN_COMMON}, {"code": explain.NO_SHARED_HOUR}]


def test_a_pair_with_nothing_in_common_says_so():
    reasons = [{"code": m.SHARED_LANGUAGE, "params": {"language": "fr"}}]
    with translation.override("en"):
        found = quality(22, reasons, {}, weak=NOTHING_IN_COMMON)
    assert found.key == "weak"
    assert found.best == ["Both speak French."]
    assert "no topic in common" in found.weak
    assert "no shared available hour" in found.weak
    assert found.scale == "out of 100: strong 70–100, good 50–69, fair 30–49 and weak 0–29"


def test_a_strong_pair_keeps_only_its_real_weak_points_in_french():
    reasons = [
        {"code": m.TEACHES_PRIORITY, "params": {"topic": 1, "level": 4, "priority": 1}},
        {"code": m.SHARED_AVAILABILITY, "params": {"slots": 3}},
        {"code": m.GIVES_BACK, "params": {"topic": 2}},
        {"code": m.DIVERSE, "params": {"criteria": ["department"]}},
    ]
    with translation.override("fr"):
        found = quality(81, reasons, {1: "IA générative", 2: "Stratégie"})
    assert (found.key, found.weak) == ("strong", [])
    assert found.label == "solide"
    assert len(found.best) == 3
    assert "IA générative" in found.best[0]


@pytest.mark.django_db
def test_the_quality_on_a_page_says_the_label_the_points_and_the_reasons():
    reasons = [{"code": m.SHARED_LANGUAGE, "params": {"language": "fr"}}]
    pair = Pair(score=0, reasons=reasons)
    pair.facts = Facts(score=22, parts={}, reasons=reasons, weak=NOTHING_IN_COMMON)
    with translation.override("fr"):
        html = match_quality(Context(), pair, reasons=True)
    assert 'data-quality="weak"' in html and 'class="badge text-bg-danger">Faible<' in html
    assert "22\u00a0points" in html or "22 points" in html
    assert "<li>Les deux parlent français.</li>" in html
    with translation.override("en"):
        html = match_quality(Context(), Pair(score=81, reasons=[]), reasons=False)
    assert 'data-quality="strong"' in html and "text-bg-success" in html and "<ul" not in html


def test_a_person_in_a_table_of_pairs_is_escaped_and_shows_the_department_and_grade():
    department = Department(name="Finance & Risk")
    with translation.override("en"):
        assert person_cell(User(name="<b>Zoé</b>", grade=3, department=department)) == (
            '<div class="fw-semibold">&lt;b&gt;Zoé&lt;/b&gt;</div>'
            '<div class="small text-body-secondary">Finance &amp; Risk · grade 3</div>'
        )
        assert person_cell(User(name="Marc", grade=None, department=None)) == (
            '<div class="fw-semibold">Marc</div><div class="small text-body-secondary"></div>'
        )


@pytest.mark.parametrize(
    ("language", "score", "words"),
    [("fr", 0, "0 point"), ("fr", 1, "1 point"), ("fr", 2, "2 points"), ("en", 1, "1 point")],
)
def test_a_score_of_one_point_or_none_is_singular_in_french(
    language: str, score: int, words: str
) -> None:
    with translation.override(language):
        html = match_quality(Context(), Pair(score=score, reasons=[]))
        parts = score_parts(
            Context(), [{"name": "affinity", "label": "Affinité", "points": score, "share": 100}]
        )
    assert f">{words} (" in html
    label = "Affinité\u00a0:" if language == "fr" else "Affinité:"
    assert f"{label} {words}</li>" in parts
