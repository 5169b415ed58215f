"""Accessibility: axe-core (vendored in static/vendor/axe-core) runs on the main pages
of each role, in the demo company, and finds no serious or critical violation. The same
visits catch anything the content security policy blocks."""

import io

import pytest
from django.core.management import call_command
from django.templatetags.static import static

from common.testing import sign_in
from demo.accounts import DEMO_PASSWORD
from people.testing import make_person
from programmes.testing import ensure_seeded_topics

from .pages import MAIN_PAGES, PERSONAS, VISITOR, Unavailable

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}
# Loaded from the site itself ('self'), which the content security policy allows; a
# script injected inline would be blocked like any other.
AXE = static("vendor/axe-core/axe.min.js")
# Runs before any script of the page, outside its policy: records what the policy blocks.
RECORD_POLICY_VIOLATIONS = """
window.__blocked = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__blocked.push(`${event.violatedDirective} ${event.blockedURI || "inline"}`);
});
"""
RUN_AXE = """
async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    targets: violation.nodes.slice(0, 3).map((node) => node.target.join(" ")),
  }));
}
"""


def demo_company() -> None:
    ensure_seeded_topics()  # the previous browser test flushed the database
    call_command("seed_demo", allow_without_debug=True, stdout=io.StringIO())
    make_person(email=PERSONAS["newcomer"], name="Nina Nouvelle", grade=3, password=DEMO_PASSWORD)


@pytest.mark.parametrize("persona", [VISITOR, *PERSONAS])
def test_main_pages_of_each_role_have_no_serious_accessibility_violation(page, persona) -> None:
    demo_company()
    urls, unavailable = {}, []
    for main_page in MAIN_PAGES:
        if main_page.persona != persona:
            continue
        try:
            urls[main_page.id] = main_page.url()
        except Unavailable as missing:
            unavailable.append(f"{main_page.id}: {missing}")
    if not urls:
        pytest.skip("; ".join(unavailable))
    print("Not there (yet):", *unavailable, sep="\n  ")  # shown with -rP or on failure
    page.add_init_script(RECORD_POLICY_VIOLATIONS)
    if persona != VISITOR:
        sign_in(page, PERSONAS[persona], DEMO_PASSWORD)

    violations, blocked = [], []
    for name, url in urls.items():
        response = page.goto(url)
        assert response is not None and response.ok, (
            f"{name} ({url}): {response and response.status}"
        )
        page.add_script_tag(url=AXE)
        for violation in page.evaluate(RUN_AXE):
            if violation["impact"] in FAILING_IMPACTS:
                violations.append(
                    f"{name} ({url}): {violation['impact']} {violation['id']}: "
                    f"{violation['help']} at {violation['targets']}"
                )
        blocked += [f"{name} ({url}): {what}" for what in page.evaluate("window.__blocked")]

    assert not violations, "\n".join(violations)
    assert not blocked, "The content security policy blocked:\n" + "\n".join(blocked)
