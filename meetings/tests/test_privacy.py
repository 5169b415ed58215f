"""What a pair writes stays in the pair, and a journal stays with its author. Canary strings
planted in everything a pair writes must not appear on any page HR, an executive or another
employee can open (every URL of the project, with every code of the pair filled in), in any
export, or in the Django admin (every registered model's list, search, add, change and
delete pages). A member's journal must not appear on any page the partner can open, and a
request to end the pair is read by HR alone."""

import uuid

import pytest
from django.contrib import admin
from django.http import HttpResponse
from django.urls import reverse

from meetings import services
from meetings.models import Agreement, ExitRequest, Feedback, JournalEntry, Meeting
from meetings.testing import make_held_meeting, make_meeting
from mentoring.tests.test_login_required import endpoints
from people.testing import make_person

pytestmark = pytest.mark.django_db

NOTE = "CANARY-JOURNAL-MENTOR-7f3a"  # the mentor's personal journal
MENTEE_JOURNAL = "CANARY-JOURNAL-MENTEE-c41d"
EXIT_REASON = "CANARY-EXIT-REASON-90ab"  # for HR only
WRITTEN = {
    "takeaways": "CANARY-TAKEAWAY-51c2",
    "next_steps": "CANARY-NEXT-STEP-93de",
    "learned": "CANARY-LEARNED-0b17",
    "taught": "CANARY-TAUGHT-e4a8",
    "agreement": "CANARY-AGREEMENT-6d05",
    "reason": "CANARY-CANCEL-REASON-28fc",
}
SAMPLE_UUID = str(uuid.UUID(int=1))


@pytest.fixture
def written(pair, mentor, mentee) -> dict:
    """A pair that wrote a canary in every field it can write; the codes of what it has."""
    held = make_held_meeting(
        pair, note=NOTE, takeaways=WRITTEN["takeaways"], next_steps=WRITTEN["next_steps"]
    )
    JournalEntry.objects.create(meeting=held, author=mentee, text=MENTEE_JOURNAL)
    for person in (mentor, mentee):
        Feedback.objects.create(
            meeting=held,
            author=person,
            rating=5,
            learned=WRITTEN["learned"],
            taught=WRITTEN["taught"],
        )
    Agreement.objects.create(
        pair=pair, mentor_teaches=WRITTEN["agreement"], channel_details=WRITTEN["agreement"]
    )
    cancelled = make_meeting(pair)
    services.cancel_meeting(meeting=cancelled, by=mentee, reason=WRITTEN["reason"])
    coming = make_meeting(pair)
    services.request_exit(pair=pair, by=mentee, reason=EXIT_REASON)
    feed = services.regenerate_feed(person=mentor)
    codes = [
        pair.code,
        held.code,
        coming.code,
        pair.programme.code,
        pair.mentor.code,
        pair.mentee.code,
        mentor.code,
        mentee.code,
    ]
    return {"codes": [str(code) for code in codes], "feed": feed.token, "meeting": held}


def text_of(response: HttpResponse) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def leaks(text: str, *, hr: bool = False) -> list[str]:
    canaries = [NOTE, MENTEE_JOURNAL, *WRITTEN.values()] + ([] if hr else [EXIT_REASON])
    return [canary for canary in canaries if canary in text]


def urls_to_try(written: dict) -> list[str]:
    urls = []
    for endpoint in endpoints():
        if endpoint.key.startswith("admin:") or endpoint.key == "account_logout":
            continue
        if SAMPLE_UUID in endpoint.url:
            urls += [endpoint.url.replace(SAMPLE_UUID, code) for code in written["codes"]]
        elif endpoint.key == "meetings:feed":
            urls.append(reverse("meetings:feed", args=[written["feed"]]))
        else:
            urls.append(endpoint.url)
    return urls


@pytest.mark.parametrize("persona", ["hr_admin", "executive", "outsider"])
def test_nothing_a_pair_writes_reaches_any_page_others_can_open(client, request, written, persona):
    client.force_login(request.getfixturevalue(persona))
    found, opened = [], 0

    for url in urls_to_try(written):
        response = client.get(url)
        opened += response.status_code == 200
        found += [
            f"{url}: {canary}" for canary in leaks(text_of(response), hr=persona == "hr_admin")
        ]

    assert found == []
    assert opened > 10  # the walk really opened pages


@pytest.mark.parametrize(
    ("persona", "never"),
    # The mentee wrote the exit reason: it is in their own data download.
    [("mentee", [NOTE]), ("mentor", [MENTEE_JOURNAL, EXIT_REASON])],
)
def test_the_partner_never_reads_a_journal_nor_the_exit_reason(
    client, request, written, persona, never
):
    client.force_login(request.getfixturevalue(persona))
    found, opened = [], 0

    for url in urls_to_try(written):
        response = client.get(url)
        opened += response.status_code == 200
        text = text_of(response)
        found += [f"{url}: {canary}" for canary in never if canary in text]

    assert found == []
    assert opened > 10


def test_hr_reads_the_exit_reason_on_the_pairs_page(client, written, hr_admin):
    client.force_login(hr_admin)
    pair = written["meeting"].pair

    page = text_of(client.get(reverse("meetings:pair", args=[pair.code])))

    assert EXIT_REASON in page and "End the pair and re-pair" in page
    assert list(ExitRequest.objects.open()) == list(ExitRequest.objects.filter(pair=pair))


def test_the_walk_would_see_a_canary_on_a_members_pages(client, written, mentee):
    client.force_login(mentee)
    seen = set()
    for url in urls_to_try(written):
        if url.startswith("/sessions/"):
            seen.update(leaks(text_of(client.get(url))))

    assert MENTEE_JOURNAL in seen and WRITTEN["learned"] in seen and WRITTEN["agreement"] in seen


def test_hr_reads_that_a_session_was_held_and_how_long(client, written, hr_admin):
    client.force_login(hr_admin)
    pair = written["meeting"].pair

    response = client.get(reverse("meetings:pair", args=[pair.code]))

    assert response.context["counts"]["held"] == 1
    assert response.context["counts"]["held_minutes"] == written["meeting"].duration_minutes


def test_journals_feedback_agreements_and_exit_requests_are_not_in_the_admin():
    registered = set(admin.site._registry)

    assert not {JournalEntry, Feedback, Agreement, ExitRequest} & registered
    meeting_admin = admin.site._registry[Meeting]
    shown = {
        *meeting_admin.fields,
        *meeting_admin.list_display,
        *meeting_admin.search_fields,
        *meeting_admin.list_filter,
    }
    assert not {"takeaways", "next_steps", "cancel_reason", "topics"} & shown


def test_no_admin_page_of_any_registered_model_shows_what_a_pair_wrote(client, written):
    superuser = make_person(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    found, opened = [], 0

    for model in admin.site._registry:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [
            reverse(f"{prefix}_changelist"),
            reverse(f"{prefix}_changelist") + "?q=CANARY",
            reverse(f"{prefix}_add"),
        ]
        for pk in model.objects.order_by("-pk").values_list("pk", flat=True)[:3]:
            for view in ("change", "delete"):
                urls.append(reverse(f"{prefix}_{view}", args=[pk]))
        for url in urls:
            response = client.get(url)
            opened += response.status_code == 200
            found += [f"{url}: {canary}" for canary in leaks(text_of(response))]

    assert found == []
    assert opened > 50
    # The search finds no session by what the pair wrote.
    response = client.get(reverse("admin:meetings_meeting_changelist") + "?q=" + NOTE)
    assert response.context["cl"].result_count == 0
