"""Two publications racing on PostgreSQL: one wins, the other is told clearly, the
database keeps one active pair per mentee."""

import threading

import pytest
from django.db import connection

from pairing import services
from pairing.models import Pair

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls) -> list[object]:
    """Run the calls at the same moment, each on its own connection; results or errors."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(index: int, call) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 (the test inspects it)
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_publications_of_the_same_mentees_race_and_one_wins(programme, cohort, hr_admin):
    services.start_round(programme=programme, by=hr_admin, run_now=True)

    results = race(
        lambda: services.publish(programme=programme, by=hr_admin, notify=False),
        lambda: services.publish(programme=programme, by=hr_admin, notify=False),
    )

    won = [result for result in results if isinstance(result, list)]
    lost = [result for result in results if isinstance(result, services.PairingRefused)]
    assert len(won) == 1 and len(lost) == 1, results
    assert len(won[0]) == 3
    assert "already been published" in lost[0].reasons[0]
    for mentee in cohort.mentees.values():
        assert Pair.objects.active().filter(mentee=mentee).count() == 1


def test_a_publication_racing_a_pair_set_by_hand_for_the_same_mentee(programme, cohort, hr_admin):
    services.start_round(programme=programme, by=hr_admin, run_now=True)
    marc, ugo = cohort["mentee@example.com"], cohort["ugo@example.com"]

    results = race(
        lambda: services.publish(programme=programme, by=hr_admin, notify=False),
        lambda: services.set_pair_by_hand(
            programme=programme, mentor=ugo, mentee=marc, by=hr_admin
        ),
    )

    errors = [result for result in results if isinstance(result, Exception)]
    assert len(errors) <= 1, results
    assert all(isinstance(error, services.PairingRefused) for error in errors), errors
    active = Pair.objects.active().filter(mentee=marc)
    proposed = Pair.objects.proposed().filter(mentee=marc)
    assert active.count() == 1
    # Whoever came second saw the first's result: a hand-set pair after the publication is
    # refused (Marc already has an active pair); before it, it is what got published.
    assert proposed.count() == 0
