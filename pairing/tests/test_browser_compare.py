"""Issue 16, done when: HR runs two rounds with different weights and reads what changed,
in English and in French, then goes back to the earlier proposals.

The live server runs in this process with Celery eager, so each round runs on commit.
"""

import pytest
from playwright.sync_api import expect

from common.testing import sign_in
from pairing.models import Pair
from people.models import Department

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def proposals() -> dict[tuple[str, str], int]:
    return {
        (pair.mentor_person.email, pair.mentee_person.email): pair.score
        for pair in Pair.objects.proposed().select_related("mentor_person", "mentee_person")
    }


def average(scores) -> str:
    scores = list(scores)
    return f"{sum(scores) / len(scores):.1f}"


def run_with(page, complementarity: int, affinity: int, diversity: int, button: str) -> None:
    form = page.get_by_test_id("run-form")
    form.get_by_label("Complementarity").fill(str(complementarity))
    form.get_by_label("Affinity").fill(str(affinity))
    form.get_by_label("Diversity").fill(str(diversity))
    form.get_by_role("button", name=button).click()
    expect(page.get_by_test_id("round-state")).to_have_text("Done")


def test_hr_compares_two_rounds_with_different_weights_and_goes_back(
    page, cohort, hr_admin, mentor
):
    # Zoé and Marc work in Marketing, everyone else in Operations: under diversity alone,
    # what Zoé teaches no longer counts, and the pair of Zoé and Marc (AI, his first wish)
    # scores 0 where Zoé with Anne or Paul and Marc with Yann or Ugo score 25: it breaks in
    # every optimal pairing, not only in the one a solver happens to return among equals.
    marketing = Department.objects.create(name="Marketing")
    for email in ("mentor@example.com", "mentee@example.com"):
        person = cohort[email].person
        person.department = marketing
        person.save(update_fields=["department"])

    sign_in(page, hr_admin.email)
    page.get_by_role("link", name="Pairing", exact=True).click()
    page.get_by_role("link", name="Digital acculturation").click()
    run_with(page, 50, 25, 25, "Run a round")
    expect(page.get_by_test_id("comparison")).to_have_count(0)  # nothing to compare with
    first = proposals()
    assert ("mentor@example.com", "mentee@example.com") in first

    run_with(page, 0, 0, 100, "Run again")
    second = proposals()
    assert ("mentor@example.com", "mentee@example.com") not in second
    kept = set(first) & set(second)
    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("What this round changed")
    expect(comparison).to_contain_text("complementarity 50%, affinity 25%, diversity 25%")
    expect(comparison.get_by_test_id("pairs-before-now")).to_have_text(
        f"{len(first)} / {len(second)}"
    )
    expect(comparison.get_by_test_id("kept")).to_have_text(str(len(kept)))
    expect(comparison.get_by_test_id("broken")).to_have_text(str(len(set(first) - kept)))
    expect(comparison.get_by_test_id("new")).to_have_text(str(len(set(second) - kept)))
    expect(comparison.get_by_test_id("left-out")).to_have_text("0")
    before, now = average(first.values()), average(second.values())
    expect(comparison.get_by_test_id("average")).to_contain_text(f"{before} → {now}")
    comparison.get_by_text("Pairs broken", exact=True).last.click()
    expect(comparison.get_by_test_id("broken-list")).to_contain_text("Zoé Junior → Marc Senior")

    # The same comparison in French, the HR admin's language.
    hr_admin.preferred_language = "fr"
    hr_admin.save(update_fields=["preferred_language"])
    page.reload()
    comparison = page.get_by_test_id("comparison")
    expect(comparison).to_contain_text("Ce que ce calcul a changé")
    expect(comparison).to_contain_text("Binômes conservés")
    # Weights as French writes a percentage: a no-break space before the sign.
    expect(comparison).to_contain_text(
        "complémentarité 50\u00a0%, affinité 25\u00a0%, diversité 25\u00a0%"
    )
    expect(comparison.get_by_test_id("average")).to_contain_text(
        f"{before.replace('.', ',')} → {now.replace('.', ',')}"
    )

    # HR prefers the first proposals and goes back to them.
    comparison.get_by_role("button", name="Revenir aux propositions précédentes").click()
    expect(page.get_by_role("status").first).to_contain_text("propositions")
    expect(page.get_by_test_id("went-back")).to_be_visible()
    assert proposals() == first
