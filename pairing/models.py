"""Pairing rounds, the pairs they propose, and HR's standing decisions on pairs.

A programme's *proposals* are its Pair rows in status PROPOSED: the working set HR
reviews. A round replaces the proposals that are not locked; a re-pairing adds one;
publishing turns them all into ACTIVE pairs. Pairs are between enrolments (a person's
role in this programme); the people are copied on the pair so that "my pairs" and the
database's checks do not need a join.

The database keeps what it can: one active pair per mentee, one proposal per mentee,
nobody paired with themselves, one round at work per programme. A mentor's capacity is
a count, which a constraint cannot express simply: services check it with the mentor's
enrolment locked (select_for_update).
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from enrolments.models import Enrolment
from programmes.models import ENDED as PROGRAMME_OVER
from programmes.models import Programme

from .querysets import STATES, PairQuerySet, at_risk_cutoff, pair_state_q

__all__ = [
    "NOTE_MAX_LENGTH",
    "SCORE_MAX",
    "STATES",
    "Pair",
    "PairConstraint",
    "PairQuerySet",
    "PairingRound",
    "UnpairedReason",
    "at_risk_cutoff",
    "pair_state_q",
]

SCORE_MAX = 100
NOTE_MAX_LENGTH = 1000


class PairingRound(models.Model):
    """One run of the solver over a programme (all its volunteers, or one person to re-pair)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Scope(models.TextChoices):
        EVERYONE = "everyone", _("Every volunteer")
        ONE_PERSON = "one_person", _("One person to re-pair")

    class Stage(models.TextChoices):
        READING = "reading", _("Reading the volunteers")
        SOLVING = "solving", _("Finding the best pairs")
        SAVING = "saving", _("Saving the proposals")

    class Goal(models.TextChoices):
        MOST_PAIRS = "most_pairs", _("Pair as many people as possible")
        QUALITY = "quality", _("Only pairs of at least a given quality")

    AT_WORK = (Status.QUEUED, Status.RUNNING)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="pairing_rounds",
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope, default=Scope.EVERYONE)
    person = models.ForeignKey(
        Enrolment,
        verbose_name=_("person to re-pair"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=8, choices=Status, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    stage = models.CharField(_("stage"), max_length=8, choices=Stage, blank=True)
    # Kept as data, rendered in the reader's language: {"code": ..., "params": {...}}.
    error = models.JSONField(_("why it failed"), default=dict, blank=True)
    weights = models.JSONField(
        _("weights"), default=dict, help_text=_("{complementarity, affinity, diversity} in %")
    )
    goal = models.CharField(_("goal"), max_length=10, choices=Goal, default=Goal.MOST_PAIRS)
    min_score = models.PositiveSmallIntegerField(
        _("lowest score accepted"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(SCORE_MAX)],
        help_text=_("Only with the goal “only pairs of at least a given quality”."),
    )
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    # What came out, for the pages and the history.
    mentor_count = models.PositiveIntegerField(_("mentors"), default=0)
    mentee_count = models.PositiveIntegerField(_("mentees"), default=0)
    paired_count = models.PositiveIntegerField(_("pairs proposed"), default=0)
    unpaired_count = models.PositiveIntegerField(_("mentees left unpaired"), default=0)
    locked_count = models.PositiveIntegerField(_("locked pairs kept"), default=0)
    total_score = models.PositiveIntegerField(_("total score"), default=0)
    # What it replaced (None: no earlier round of everyone to compare with); when HR went back.
    replaced_count = models.PositiveIntegerField(_("proposals replaced"), null=True, blank=True)
    went_back_at = models.DateTimeField(
        _("went back to the earlier proposals"), null=True, blank=True
    )

    class Meta:
        ordering = ["-queued_at", "-pk"]
        get_latest_by = ["queued_at", "pk"]
        verbose_name = _("pairing round")
        verbose_name_plural = _("pairing rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(status__in=["queued", "running"]),
                name="pairing_round_one_at_work_per_programme",
                violation_error_message=_("A round is already running for this programme."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "done", "failed"]),
                name="pairing_round_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="pairing_round_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(scope="everyone", person__isnull=True)
                | Q(scope="one_person", person__isnull=False),
                name="pairing_round_person_only_to_re_pair",
            ),
            models.CheckConstraint(
                condition=Q(goal="most_pairs", min_score__isnull=True)
                | Q(goal="quality", min_score__gte=1, min_score__lte=SCORE_MAX),
                name="pairing_round_min_score_with_its_goal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.queued_at:%Y-%m-%d %H:%M}"

    @property
    def is_at_work(self) -> bool:
        return self.status in self.AT_WORK


class Pair(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    class EndReason(models.TextChoices):
        LEFT = "left", _("Someone is leaving (the company, the programme)")
        POOR_FIT = "poor_fit", _("Poor fit")
        UNAVAILABLE = "unavailable", _("No time to meet")
        OTHER = "other", _("Another reason")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="pairs"
    )
    round = models.ForeignKey(
        PairingRound,
        verbose_name=_("proposed by the round"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="pairs",
    )
    mentor = models.ForeignKey(
        Enrolment,
        verbose_name=_("mentor"),
        on_delete=models.CASCADE,
        related_name="pairs_as_mentor",
    )
    mentee = models.ForeignKey(
        Enrolment,
        verbose_name=_("mentee"),
        on_delete=models.CASCADE,
        related_name="pairs_as_mentee",
    )
    mentor_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor (person)"),
        on_delete=models.CASCADE,
        related_name="pairs_as_mentor",
    )
    mentee_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentee (person)"),
        on_delete=models.CASCADE,
        related_name="pairs_as_mentee",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status, default=Status.PROPOSED, db_index=True
    )
    score = models.PositiveSmallIntegerField(
        _("score"), default=0, validators=[MinValueValidator(0), MaxValueValidator(SCORE_MAX)]
    )
    parts = models.JSONField(
        _("points by part"),
        default=dict,
        blank=True,
        help_text=_("{complementarity, affinity, diversity}: points adding up to the score"),
    )
    reasons = models.JSONField(
        _("reasons"), default=list, blank=True, help_text=_('[{"code": ..., "params": {...}}]')
    )
    locked = models.BooleanField(_("locked by HR"), default=False)
    set_by_hand = models.BooleanField(_("set by hand"), default=False)
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.CharField(_("why it ended"), max_length=12, choices=EndReason, blank=True)
    end_note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "mentor_person__name", "mentee_person__name"]
        verbose_name = _("pair")
        verbose_name_plural = _("pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=Q(status="active"),
                name="pair_one_active_per_mentee",
                violation_error_message=_("This mentee already has an active pair."),
            ),
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=Q(status="proposed"),
                name="pair_one_proposal_per_mentee",
                violation_error_message=_("This mentee already has a proposed pair."),
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="pair_two_enrolments"
            ),
            models.CheckConstraint(
                condition=~Q(mentor_person=models.F("mentee_person")),
                name="pair_not_with_oneself",
                violation_error_message=_("Nobody can be paired with themselves."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "active", "ended"]), name="pair_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0, score__lte=SCORE_MAX), name="pair_score_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(status="proposed") | Q(published_at__isnull=False),
                name="pair_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="ended") | Q(ended_at__isnull=False, end_reason__gt=""),
                name="pair_ended_has_date_and_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "status"], name="pair_programme_status"),
            models.Index(fields=["mentor", "status"], name="pair_mentor_status"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor_person} → {self.mentee_person}"

    @property
    def members(self) -> tuple:
        return (self.mentor_person, self.mentee_person)

    def other_member(self, user: models.Model) -> models.Model:
        """The partner of `user`, one of the pair's two members."""
        return self.mentee_person if user.pk == self.mentor_person_id else self.mentor_person

    def is_member(self, user: models.Model) -> bool:
        return user.pk in (self.mentor_person_id, self.mentee_person_id)

    @property
    def state(self) -> str:
        """`pair_state_q` for one pair (reads its programme's status)."""
        if self.status == Pair.Status.ACTIVE and self.programme.status in PROGRAMME_OVER:
            return "ended"
        return self.status

    @property
    def can_end(self) -> bool:
        """HR ends an active pair; a pair of a programme that is over ended with it."""
        return self.state == "active"


class PairConstraint(models.Model):
    """HR's standing decision on a mentor and a mentee of a programme: never, or keep them.

    It outlives the proposal it was taken on: a round reads every lock and every
    forbidden pair of the programme. Locks are spent when their pair is published.
    """

    class Kind(models.TextChoices):
        FORBIDDEN = "forbidden", _("Forbidden")
        LOCKED = "locked", _("Locked")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="pair_constraints",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    mentor = models.ForeignKey(
        Enrolment, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="+"
    )
    mentee = models.ForeignKey(
        Enrolment, verbose_name=_("mentee"), on_delete=models.CASCADE, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["programme", "kind", "pk"]
        verbose_name = _("pair constraint")
        verbose_name_plural = _("pair constraints")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "mentor", "mentee"], name="pair_constraint_once"
            ),
            models.UniqueConstraint(
                fields=["programme", "mentee"],
                condition=Q(kind="locked"),
                name="pair_constraint_one_lock_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(mentor=models.F("mentee")), name="pair_constraint_two_enrolments"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["forbidden", "locked"]), name="pair_constraint_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.mentor_id} → {self.mentee_id}"


class UnpairedReason(models.Model):
    """Why a round left a mentee unpaired, or a mentor with free places."""

    round = models.ForeignKey(
        PairingRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="unpaired"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="+"
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("reason left unpaired")
        verbose_name_plural = _("reasons left unpaired")
        constraints = [
            models.UniqueConstraint(fields=["round", "enrolment"], name="unpaired_once_per_round")
        ]
        indexes = [models.Index(fields=["enrolment", "round"], name="unpaired_enrolment_round")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.round_id}"


from .replaced import ReplacedProposal  # noqa: E402, F401  (a model of this app, in its own module)
