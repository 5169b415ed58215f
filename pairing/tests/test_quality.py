from django.utils import translation

from pairing import matching as m
from pairing.quality import label_for, quality


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


def test_a_pair_with_nothing_in_common_says_so():
    reasons = [{"code": m.SHARED_LANGUAGE, "params": {"language": "fr"}}]
    with translation.override("en"):
        found = quality(22, reasons, {})
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
