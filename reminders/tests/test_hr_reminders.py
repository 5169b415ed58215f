"""HR's reminders, produced by the sweep with the clock frozen: the alert on a pair that has
stopped meeting, and the weekly digest. Nobody can turn them off."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail

from meetings.testing import make_held_meeting, make_meeting, make_pair
from people.testing import make_person
from reminders import sweeping as services
from reminders.models import Reminder, ReminderPreferences

from .conftest import NOW

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Reminder.Status
MONDAY_8_PARIS = datetime(2027, 3, 15, 7, 0, tzinfo=UTC)  # 08:00 in Paris (UTC+1)


def kinds(messages: list[mail.EmailMessage]) -> list[tuple[str, str]]:
    return sorted(
        (message.extra_headers["X-Tandem-Reminder"], message.to[0]) for message in messages
    )


def test_a_pair_without_a_session_for_45_days_is_reported_to_the_programmes_managers(
    clock, programme, pair, hr_admin, sweep
):
    other_hr = make_person(email="hr2@example.com", is_hr_admin=True)  # manages nothing
    clock.move_to(NOW + timedelta(days=44, hours=23))
    assert (Kind.INACTIVE_PAIR_ALERT, hr_admin.email) not in kinds(sweep())

    clock.move_to(NOW + timedelta(days=45))
    sent = [m for m in sweep() if m.extra_headers["X-Tandem-Reminder"] == Kind.INACTIVE_PAIR_ALERT]

    assert [message.to for message in sent] == [[hr_admin.email]]
    assert other_hr.email not in sent[0].to
    assert "Zoé Junior" in sent[0].subject and "Marc Senior" in sent[0].subject
    assert "45 days" in sent[0].body
    assert f"/sessions/pair/{pair.code}/" in sent[0].body


def test_the_alert_comes_once_per_45_days_of_silence(clock, programme, pair, hr_admin, sweep):
    alerts = Reminder.objects.filter(kind=Kind.INACTIVE_PAIR_ALERT)
    for days in (45, 46, 60, 89):
        clock.move_to(NOW + timedelta(days=days))
        sweep()
    assert alerts.count() == 1

    clock.move_to(NOW + timedelta(days=90))
    sweep()

    assert alerts.count() == 2
    assert set(alerts.values_list("status", flat=True)) == {Status.SENT}


def test_a_pair_that_meets_is_not_reported(clock, programme, pair, sweep):
    clock.move_to(NOW + timedelta(days=40))
    make_held_meeting(pair, days_ago=1)

    clock.move_to(NOW + timedelta(days=60))
    sweep()

    assert not Reminder.objects.filter(kind=Kind.INACTIVE_PAIR_ALERT).exists()


def test_a_planned_session_does_not_count_as_held(clock, programme, pair, sweep):
    make_meeting(pair, starts_at=NOW + timedelta(days=10))

    clock.move_to(NOW + timedelta(days=50))
    sweep()

    assert Reminder.objects.filter(kind=Kind.INACTIVE_PAIR_ALERT).count() == 1


def test_an_alert_written_before_the_pair_met_again_is_not_sent(clock, programme, pair, hr_admin):
    clock.move_to(NOW + timedelta(days=46))
    services.write_inactive_pair_alerts(services.timezone.now())
    make_held_meeting(pair, days_ago=0)

    services.sweep()

    alert = Reminder.objects.get(kind=Kind.INACTIVE_PAIR_ALERT)
    assert alert.status == Status.SUPERSEDED
    assert not [m for m in mail.outbox if m.extra_headers["X-Tandem-Reminder"] == alert.kind]


def test_the_weekly_digest_comes_on_monday_morning_once(clock, programme, pair, hr_admin, sweep):
    make_held_meeting(pair, days_ago=2)
    sweep()  # on Wednesday 10 March: the digest of this week, which HR had not had yet
    digests = Reminder.objects.filter(kind=Kind.WEEKLY_DIGEST)
    clock.move_to(MONDAY_8_PARIS - timedelta(minutes=1))
    sweep()
    assert list(digests.values_list("context__week", flat=True)) == ["2027-W10"]

    clock.move_to(MONDAY_8_PARIS)
    sent = [m for m in sweep() if m.extra_headers["X-Tandem-Reminder"] == Kind.WEEKLY_DIGEST]

    assert [message.to for message in sent] == [[hr_admin.email]]
    # The week named by its first day in words, not "2027-W11".
    assert sent[0].subject == "Tandem: your programmes over the week from 8 March 2027"
    assert programme.name in sent[0].body
    assert "1 active pair" in sent[0].body
    clock.move_to(MONDAY_8_PARIS + timedelta(days=3))
    sweep()
    assert digests.count() == 2


def test_the_digest_goes_to_hr_admins_who_manage_a_running_programme(
    clock, programme, hr_admin, executive, mentor, sweep
):
    make_person(email="hr2@example.com", is_hr_admin=True)  # manages nothing
    programme.managers.add(mentor)  # not an HR admin: no digest

    sweep()

    assert list(
        Reminder.objects.filter(kind=Kind.WEEKLY_DIGEST).values_list("recipient", flat=True)
    ) == [hr_admin.pk]


def test_hr_cannot_turn_off_their_alerts(clock, programme, pair, hr_admin, sweep):
    ReminderPreferences.objects.create(
        person=hr_admin, upcoming_session=False, log_nudge=False, feedback_request=False
    )
    clock.move_to(NOW + timedelta(days=45))

    assert (Kind.INACTIVE_PAIR_ALERT, hr_admin.email) in kinds(sweep())
    assert (Kind.WEEKLY_DIGEST, hr_admin.email) in kinds(mail.outbox)


def test_an_ended_pair_is_not_reported(clock, programme, pair, sweep):
    pair.status = pair.Status.ENDED
    pair.ended_at, pair.end_reason = NOW, pair.EndReason.OTHER
    pair.save()

    clock.move_to(NOW + timedelta(days=60))
    sweep()

    assert not Reminder.objects.filter(kind=Kind.INACTIVE_PAIR_ALERT).exists()


def test_the_alert_reaches_hr_in_their_language(clock, programme, pair, hr_admin, sweep):
    hr_admin.preferred_language = "fr"
    hr_admin.save()
    clock.move_to(NOW + timedelta(days=45))

    alert = [m for m in sweep() if m.extra_headers["X-Tandem-Reminder"] == Kind.INACTIVE_PAIR_ALERT]

    assert alert[0].extra_headers["Content-Language"] == "fr"
    assert 'lang="fr"' in alert[0].alternatives[0][0]


def test_two_pairs_and_two_managers_make_four_alerts(clock, programme, pair, hr_admin, sweep):
    second_hr = make_person(email="hr2@example.com", is_hr_admin=True)
    programme.managers.add(second_hr)
    make_pair(
        programme=programme,
        mentor=make_person(email="m2@example.com", grade=3),
        mentee=make_person(email="s2@example.com", grade=15),
    )

    clock.move_to(NOW + timedelta(days=45))
    sweep()

    assert Reminder.objects.filter(kind=Kind.INACTIVE_PAIR_ALERT, status=Status.SENT).count() == 4
