"""The refusal every enrolment workflow raises for what cannot happen now."""

from collections.abc import Sequence


class EnrolmentRefused(Exception):
    """Something that cannot happen now; `reasons` says why, in words for the person acting."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(str(reason) for reason in reasons))
        self.reasons = [str(reason) for reason in reasons]
