"""One append-only trail of every decision taken in Tandem: who, when, what, to what.

Rows are only ever inserted (`audit.recording.record`). On PostgreSQL a trigger refuses
UPDATE and DELETE on the table (migration 0001), so that not even a bug or a console can
rewrite history. The links to a person, a programme or the actor carry no database
constraint and do nothing on delete: a row outlives what it points to, and an erased
person's rows keep pointing at the anonymised account.

What a row never holds: the content of a private journal, a session's log or free-text
feedback, nor a person's name or email as text (they are read through the link, so that
an erasure reaches them). `changes` holds {field: [before, after]} for values that are
not personal (a status, a role flag, a grade, a date); `details` holds counts and codes.
"""

import uuid
from collections.abc import Iterable
from datetime import date, datetime, time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EntryQuerySet(models.QuerySet):
    def of_programme(self, programme: models.Model | None) -> "EntryQuerySet":
        return self if programme is None else self.filter(programme=programme)

    def about(self, person: models.Model | None, targets: Iterable[str] = ()) -> "EntryQuerySet":
        """Rows where the person acted or was acted upon, and those about `targets` (the
        person's pairs, `pair:<code>`: a pair's event concerns both its members)."""
        if person is None:
            return self
        return self.filter(Q(person=person) | Q(actor=person) | Q(target__in=list(targets)))

    def of_kind(self, kind: str) -> "EntryQuerySet":
        return self.filter(kind=kind) if kind else self

    def between(self, start: date | None, end: date | None) -> "EntryQuerySet":
        """From the first day to the last one, both whole days, in the current time zone."""
        queryset = self
        zone = timezone.get_current_timezone()
        if start:
            queryset = queryset.filter(at__gte=datetime.combine(start, time.min, tzinfo=zone))
        if end:
            queryset = queryset.filter(at__lte=datetime.combine(end, time.max, tzinfo=zone))
        return queryset

    def for_reading(self) -> "EntryQuerySet":
        return self.select_related("actor", "person", "programme")


def _link(to: str, verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )


class Entry(models.Model):
    class Kind(models.TextChoices):
        PROGRAMME_CREATED = "programme_created", _("Programme created")
        PROGRAMME_EDITED = "programme_edited", _("Programme edited")
        PROGRAMME_STATUS = "programme_status", _("Programme status changed")
        ENROLMENT_DECIDED = "enrolment_decided", _("Enrolment decided")
        ROUND_RUN = "round_run", _("Pairing round run")
        PAIR_LOCKED = "pair_locked", _("Pair locked")
        PAIR_UNLOCKED = "pair_unlocked", _("Pair unlocked")
        PAIR_FORBIDDEN = "pair_forbidden", _("Pair forbidden")
        PAIR_ALLOWED = "pair_allowed", _("Forbidden pair allowed again")
        PAIR_BY_HAND = "pair_by_hand", _("Pair set by hand")
        PAIRS_PUBLISHED = "pairs_published", _("Pairs published")
        PAIR_ENDED = "pair_ended", _("Pair ended")
        PAIR_NUDGED = "pair_nudged", _("Pair nudged")
        ROLE_GRANTED = "role_granted", _("Role granted")
        ROLE_REVOKED = "role_revoked", _("Role revoked")
        PERSON_EDITED = "person_edited", _("Directory entry edited")
        PERSON_DEACTIVATED = "person_deactivated", _("Account deactivated")
        PERSON_REACTIVATED = "person_reactivated", _("Account reactivated")
        PERSON_ERASED = "person_erased", _("Personal data erased")
        EXPORT_DOWNLOADED = "export_downloaded", _("Export downloaded")

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("at"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind)
    actor = _link(settings.AUTH_USER_MODEL, _("by"))
    person = _link(settings.AUTH_USER_MODEL, _("person concerned"))
    programme = _link("programmes.Programme", _("programme"))
    target = models.CharField(
        _("object"), max_length=80, blank=True, help_text=_("What was acted upon: kind:code.")
    )
    changes = models.JSONField(
        _("changes"), default=dict, blank=True, help_text=_("{field: [before, after]}")
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_recent"),
            models.Index(fields=["programme", "-at"], name="audit_programme_recent"),
            models.Index(fields=["person", "-at"], name="audit_person_recent"),
            models.Index(fields=["actor", "-at"], name="audit_actor_recent"),
            models.Index(fields=["kind", "-at"], name="audit_kind_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ValueError("Audit entries are never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit entries are never deleted.")
