"""Reminders: the interface the meetings app calls (a placeholder until the reminders app).

Every meetings service that creates, reschedules, cancels or logs a meeting, or records
feedback, calls one of these INSIDE its transaction (never with transaction.on_commit):
due reminders are rows written in the same transaction as the change that makes them due,
so that a rolled-back change leaves no reminder behind and a committed one loses none.

They may read these Meeting fields: pair (pair.programme, pair.mentor_person,
pair.mentee_person), starts_at (aware, UTC), duration_minutes, status (planned, held,
cancelled), sequence (bumped on each reschedule and on cancellation), code; and build
the .ics attachment with meetings.ics.invitation(meeting, method="REQUEST" or "CANCEL",
recipient=person).

The reminders engineer replaces these bodies; the names and arguments are the contract.
"""

from typing import Any


def meeting_changed(meeting: Any) -> None:
    """A meeting was planned, added or rescheduled: (re)compute its due reminders.

    That is the "coming in N days" reminder for both members (at the new time, with the
    new sequence) and the nudge to log it once its time has passed. Reminders of its
    earlier time that have not been sent yet must not be sent any more. Idempotent.
    """
    return None


def meeting_logged(meeting: Any) -> None:
    """A meeting was logged as held, or its log edited, or a member gave feedback on it.

    Withdraw the nudge to log it; ask for feedback each member who has not given theirs
    yet (meeting.feedback.values_list("author_id")), and withdraw pending requests for
    those who have. Idempotent: it is called again on every edit and every feedback.
    """
    return None


def meeting_cancelled(meeting: Any) -> None:
    """A meeting was cancelled: none of its pending reminders may be sent any more."""
    return None
