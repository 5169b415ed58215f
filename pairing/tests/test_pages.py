"""HR's round through the pages, and what the members of a pair see."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from pairing import services
from pairing.models import Pair, PairConstraint, PairingRound
from pairing.testing import Role, approve
from people.testing import make_person

pytestmark = pytest.mark.django_db


def rows(html: str, testid: str) -> list[str]:
    return re.findall(
        rf'data-testid="{testid}"[^>]*data-mentor="([^"]+)" data-mentee="([^"]+)"', html
    )


@pytest.fixture
def hr(client, hr_admin):
    client.force_login(hr_admin)
    return client


def test_the_round_page_before_any_round_says_who_waits(hr, programme, cohort):
    response = hr.get(reverse("pairing:round", args=[programme.code]))

    assert response.status_code == 200
    assert "No round yet. 3 approved mentors and 3 approved mentees" in response.content.decode()
    assert response.context["run_form"].initial == {
        **services.DEFAULT_WEIGHTS,
        "goal": "most_pairs",
        "min_score": None,
    }


def test_hr_runs_a_round_and_sees_proposals_scores_parts_and_reasons(
    hr, programme, cohort, django_capture_on_commit_callbacks
):
    # Without Redis the round's task runs in-process, once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            reverse("pairing:run", args=[programme.code]),
            {"complementarity": 60, "affinity": 20, "diversity": 20},
        )
    response = hr.get(response["Location"])

    html = response.content.decode()
    assert "The round is running: this page follows its progress." in html
    assert PairingRound.objects.get().status == PairingRound.Status.DONE
    assert set(rows(html, "proposal")) == {
        ("mentor@example.com", "mentee@example.com"),
        ("yann@example.com", "anne@example.com"),
        ("ugo@example.com", "paul@example.com"),
    }
    assert "Teaches Generative AI at level 4 of 4, the mentee&#x27;s first priority." in html
    assert "Complementarity:" in html and "points" in html
    assert PairingRound.objects.get().weights == {
        "complementarity": 60,
        "affinity": 20,
        "diversity": 20,
    }
    assert '<meta http-equiv="refresh"' not in html


def test_a_round_in_progress_shows_its_progress_and_reloads_itself(hr, programme, cohort):
    PairingRound.objects.create(
        programme=programme,
        status=PairingRound.Status.RUNNING,
        progress=30,
        stage=PairingRound.Stage.SOLVING,
    )

    html = hr.get(reverse("pairing:round", args=[programme.code])).content.decode()

    assert '<meta http-equiv="refresh" content="3">' in html
    assert "Finding the best pairs" in html and "30% ·" in html  # “30 %” in French
    assert "<script>" not in html.replace('<script src="', "")
    assert "disabled>Run again" in html or "disabled>Run a round" in html


def test_weights_that_are_all_zero_are_refused_next_to_the_form(hr, programme, cohort):
    response = hr.post(
        reverse("pairing:run", args=[programme.code]),
        {"complementarity": 0, "affinity": 0, "diversity": 0},
    )

    assert response.status_code == 400
    assert "Give at least one part a weight above zero." in response.content.decode()
    assert not PairingRound.objects.exists()


def test_hr_locks_and_forbids_pairs_from_the_round_page(hr, programme, cohort, hr_admin):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    zoe_marc = Pair.objects.get(mentee_person__email="mentee@example.com")
    yann_anne = Pair.objects.get(mentee_person__email="anne@example.com")

    locked = hr.post(
        reverse("pairing:lock", args=[yann_anne.code]),
        {"locked": "1", "return_query": "sort=mentor&q=e&next=//elsewhere.example"},
    )
    forbidden = hr.post(reverse("pairing:forbid", args=[zoe_marc.code]), follow=True)

    assert locked["Location"].endswith("?q=e&sort=mentor")
    assert Pair.objects.get(pk=yann_anne.pk).locked
    html = forbidden.content.decode()
    assert "will never be paired in this programme" in html
    assert ("mentor@example.com", "mentee@example.com") in rows(html, "forbidden") or (
        'data-mentor="mentor@example.com" data-mentee="mentee@example.com"' in html
    )
    assert PairConstraint.objects.filter(kind=PairConstraint.Kind.FORBIDDEN).count() == 1
    assert "Not looked at since their proposal was removed: run the round again." in html


def test_a_pair_set_by_hand_that_breaks_a_rule_is_refused_with_the_reason(
    hr, programme, cohort, hr_admin
):
    german = make_person(email="greta@example.com", name="Greta Senior", grade=15)
    greta = approve(programme, german, Role.MENTEE, {"generative-ai": 1}, languages=["de"])

    response = hr.post(
        reverse("pairing:set_by_hand", args=[programme.code]),
        {"mentor": cohort["mentor@example.com"].pk, "mentee": greta.pk},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "Zoé Junior and Greta Senior cannot be paired:" in html
    assert "They share no language." in html
    assert not Pair.objects.exists()


def test_a_pair_set_by_hand_replaces_the_proposal_and_is_locked(hr, programme, cohort, hr_admin):
    services.start_round(programme=programme, by=hr_admin, run_now=True)

    response = hr.post(
        reverse("pairing:set_by_hand", args=[programme.code]),
        {"mentor": cohort["ugo@example.com"].pk, "mentee": cohort["mentee@example.com"].pk},
        follow=True,
    )

    assert "Ugo Junior and Marc Senior are paired by hand and locked" in response.content.decode()
    pair = Pair.objects.proposed().get(mentee=cohort["mentee@example.com"])
    assert pair.mentor == cohort["ugo@example.com"] and pair.locked and pair.set_by_hand
    # Ugo had one place, taken by Paul's proposal: Paul awaits the next run.
    assert not Pair.objects.filter(mentee=cohort["paul@example.com"]).exists()


def test_a_pair_set_by_hand_on_a_full_mentor_is_refused(hr, programme, cohort, hr_admin):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.lock_pair(pair=Pair.objects.get(mentor=cohort["ugo@example.com"]), by=hr_admin)

    response = hr.post(
        reverse("pairing:set_by_hand", args=[programme.code]),
        {"mentor": cohort["ugo@example.com"].pk, "mentee": cohort["mentee@example.com"].pk},
    )

    assert response.status_code == 400
    assert "Ugo Junior has no place left: 1 of 1 taken" in response.content.decode()


def test_hr_publishes_from_the_round_page(
    hr, programme, cohort, hr_admin, django_capture_on_commit_callbacks
):
    services.start_round(programme=programme, by=hr_admin, run_now=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = hr.post(
            reverse("pairing:publish", args=[programme.code]), {"confirm": "on"}, follow=True
        )

    assert response.redirect_chain[-1][0] == reverse("pairing:published", args=[programme.code])
    html = response.content.decode()
    assert "3 pairs are published" in html and "You can now start the programme" in html
    assert len(rows(html, "active-pair")) == 3
    assert len(mail.outbox) == 6


def test_hr_ends_a_pair_with_a_reason_then_re_pairs_who_is_left_alone(
    hr, programme, cohort, hr_admin, django_capture_on_commit_callbacks
):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.publish(programme=programme, by=hr_admin, notify=False)
    pair = Pair.objects.get(mentee=cohort["mentee@example.com"])
    end_url = reverse("pairing:end", args=[pair.code])

    assert hr.get(end_url).status_code == 200
    missing = hr.post(end_url, {"reason": "other", "note": ""})
    assert missing.status_code == 400
    assert "Say in a few words why the pair ends." in missing.content.decode()
    ended = hr.post(end_url, {"reason": "poor_fit", "note": "No common ground"}, follow=True)

    html = ended.content.decode()
    assert "has ended" in html and "Poor fit" in html and "No common ground" in html
    assert 'data-email="mentee@example.com"' in html and "Find a new pair for Marc Senior" in html
    marc = cohort["mentee@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        repaired = hr.post(reverse("pairing:repair", args=[programme.code, marc.code]))
    assert repaired["Location"] == reverse("pairing:round", args=[programme.code])
    repaired = hr.get(repaired["Location"])
    # Every other mentor is full and Zoé alone has room: the solver proposes her again.
    assert rows(repaired.content.decode(), "proposal") == [
        ("mentor@example.com", "mentee@example.com")
    ]


def test_a_member_sees_their_pair_and_what_they_exchange(
    client, programme, cohort, hr_admin, mentor
):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.publish(programme=programme, by=hr_admin, notify=False)
    pair = Pair.objects.get(mentor_person=mentor)
    client.force_login(mentor)

    mine = client.get(reverse("enrolments:mine")).content.decode()
    page = client.get(reverse("pairing:pair", args=[pair.code])).content.decode()

    assert reverse("pairing:pair", args=[pair.code]) in mine and "with Marc Senior" in mine
    assert "Your pair: Marc Senior" in page and "mentee@example.com" in page
    assert "You can teach:" in page and "Generative AI" in page
    assert "First steps" in page and "Confidentiality" in page
    assert "score" not in page.lower()  # HR's working figures stay with HR


def test_a_proposal_stays_hidden_from_its_members_until_published(
    client, programme, cohort, hr_admin, mentor
):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    pair = Pair.objects.get(mentor_person=mentor)
    client.force_login(mentor)

    assert client.get(reverse("pairing:pair", args=[pair.code])).status_code == 404
    assert "My pairs" not in client.get(reverse("enrolments:mine")).content.decode()


def test_hr_sees_a_pairs_status_and_counts_only(hr, programme, cohort, hr_admin):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    services.publish(programme=programme, by=hr_admin, notify=False)
    pair = Pair.objects.get(mentee=cohort["mentee@example.com"])

    html = hr.get(reverse("pairing:pair", args=[pair.code])).content.decode()

    assert "Active" in html and "Zoé Junior" in html and "Marc Senior" in html
    assert "First steps" not in html and "You can teach" not in html


def test_the_programme_page_shows_hr_the_pairing_counts(
    client, programme, cohort, hr_admin, executive
):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    url = reverse("programmes:detail", args=[programme.code])

    client.force_login(hr_admin)
    html = client.get(url).content.decode()
    client.force_login(executive)
    seen_by_executive = client.get(url).content.decode()

    assert 'data-testid="pairing-summary"' in html
    assert '<dd class="col-4 text-end" data-count="proposed">3</dd>' in html
    assert reverse("pairing:round", args=[programme.code]) in html
    assert 'data-testid="pairing-summary"' not in seen_by_executive


def test_the_pairing_index_lists_programmes_to_pair(hr, programme, cohort, hr_admin):
    services.start_round(programme=programme, by=hr_admin, run_now=True)

    html = hr.get(reverse("pairing:index")).content.decode()

    assert 'data-slug="digital-acculturation"' in html
    assert reverse("pairing:round", args=[programme.code]) in html


def test_in_a_large_cohort_hr_names_the_people_to_pair_by_hand(
    hr, programme, cohort, hr_admin, monkeypatch
):
    monkeypatch.setattr("pairing.forms.SELECT_LIMIT", 2)
    url = reverse("pairing:set_by_hand", args=[programme.code])

    page = hr.get(reverse("pairing:round", args=[programme.code])).content.decode()
    unknown = hr.post(url, {"mentor": "Nobody", "mentee": "mentee@example.com"})
    paired = hr.post(url, {"mentor": "ugo junior", "mentee": "MENTEE@example.com"})

    assert (
        '<input type="text" name="mentor"' in page
        and "<select" not in page.split('data-testid="set-by-hand-form"')[1].split("</form>")[0]
    )
    assert unknown.status_code == 400
    assert "No approved mentor of this programme is called “Nobody”." in unknown.content.decode()
    assert paired.status_code == 302
    pair = Pair.objects.proposed().get(mentee=cohort["mentee@example.com"])
    assert pair.mentor == cohort["ugo@example.com"] and pair.set_by_hand
