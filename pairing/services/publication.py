"""Publishing the proposals, and the introduction emails that follow the commit."""

import logging
from collections import Counter
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.emails import subject_line
from enrolments.models import Enrolment, EnrolmentTopic
from meetings.services import plan_meetings_for_pairs
from people.access import check_hr_admin
from people.models import User
from programmes.models import Programme

from ..models import Pair, PairConstraint
from .common import (
    PairingRefused,
    Role,
    _lock_programme,
    _name_list,
    _refuse_while_running,
)

logger = logging.getLogger(__name__)


def publish(*, programme: Programme, by: User | None, notify: bool = True) -> list[Pair]:
    """Make every proposal of the programme an active pair, at once or not at all.

    Each member is then introduced to the other by email, in their own language, after
    commit. Two publications at the same time cannot both activate a mentee's pair: the
    programme's row queues them, and the database keeps one active pair per mentee.
    """
    check_hr_admin(by)
    try:
        with transaction.atomic():
            pairs = _publish(programme, by)
            # Each pair's planned sessions, in the same transaction (meetings app).
            plan_meetings_for_pairs(pairs)
            if notify:
                for pair in pairs:
                    for role in Role.values:
                        transaction.on_commit(partial(_enqueue_introduction, pair.pk, role))
    except IntegrityError:
        logger.warning("A publication of %s lost a race.", programme.slug, exc_info=True)
        raise PairingRefused(
            [
                _(
                    "Someone changed these pairs at the same moment, so nothing was published. "
                    "Reload the page to see the pairs as they are now."
                )
            ]
        ) from None
    logger.info(
        "%s published %d pairs of %s.", by.email if by else "The system", len(pairs), programme.slug
    )
    return pairs


def _publish(programme: Programme, by: User | None) -> list[Pair]:
    programme = _lock_programme(programme)
    _refuse_while_running(programme)
    pairs = list(
        Pair.objects.proposed()
        .filter(programme=programme)
        .select_for_update(of=("self",))
        .select_related("mentor__person", "mentee__person")
        .order_by("pk")
    )
    if not pairs:
        if Pair.objects.active().filter(programme=programme).exists():
            raise PairingRefused(
                [_("There is nothing left to publish: these pairs have already been published.")]
            )
        raise PairingRefused([_("There is nothing to publish: run a round first.")])
    gone = {
        enrolment.pk: enrolment
        for pair in pairs
        for enrolment in (pair.mentor, pair.mentee)
        if enrolment.status != Enrolment.Status.APPROVED
    }
    if gone:
        raise PairingRefused(
            [
                _(
                    "%(names)s no longer take part (withdrawn or no longer approved). "
                    "Nothing was published: run the round again."
                )
                % {"names": _name_list(gone.values())}
            ]
        )
    mentees = [pair.mentee_id for pair in pairs]
    taken = Pair.objects.active().filter(mentee_id__in=mentees).select_related("mentee__person")
    if taken:
        raise PairingRefused(
            [
                _("%(names)s already have an active pair. Nothing was published.")
                % {"names": _name_list(pair.mentee for pair in taken)}
            ]
        )
    # Capacity is a count: checked with the mentors' enrolments locked, in a fixed order.
    mentor_ids = sorted({pair.mentor_id for pair in pairs})
    mentors = {
        row.pk: row
        for row in Enrolment.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(pk__in=mentor_ids)
        .order_by("pk")
    }
    active = Counter(
        Pair.objects.active().filter(mentor_id__in=mentor_ids).values_list("mentor_id", flat=True)
    )
    new = Counter(pair.mentor_id for pair in pairs)
    full = [mentors[pk] for pk in mentor_ids if active[pk] + new[pk] > (mentors[pk].capacity or 0)]
    if full:
        raise PairingRefused(
            [
                _("%(names)s would have more mentees than they can take. Nothing was published.")
                % {"names": _name_list(full)}
            ]
        )
    now = timezone.now()
    Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).update(
        status=Pair.Status.ACTIVE, published_at=now, published_by=by
    )
    PairConstraint.objects.filter(
        programme=programme, kind=PairConstraint.Kind.LOCKED, mentee_id__in=mentees
    ).delete()
    for pair in pairs:
        pair.status, pair.published_at, pair.published_by = Pair.Status.ACTIVE, now, by
    return pairs


def _enqueue_introduction(pair_id: int, role: str) -> None:
    from .. import tasks  # tasks import this module

    tasks.send_introduction.delay(pair_id, role)


def send_introduction(*, pair_id: int, role: str) -> bool:
    """Introduce one member of a published pair to the other; False when there is nobody to."""
    pair = Pair.objects.with_people().filter(pk=pair_id).first()
    if pair is None or pair.status != Pair.Status.ACTIVE:
        return False
    person = pair.mentor_person if role == Role.MENTOR else pair.mentee_person
    if not person.is_active:
        return False
    introduction_email(pair, role).send()
    return True


@dataclass
class Exchange:
    """What a pair can exchange, topic names in the active language."""

    taught: list[tuple[str, int]]  # (topic, mentor's level) the mentee wants to learn
    given_back: list[str]  # what the mentee can give back that the mentor wants to learn
    mentor_topics: list[tuple[str, int]]  # everything the mentor offered
    mentee_offers: list[str]  # everything the mentee can give back

    @property
    def shared(self) -> list[str]:
        return [name for name, _level in self.taught] + self.given_back


def exchange(pair: Pair) -> Exchange:
    """Shared topics and who teaches what, from the two enrolments (a few queries)."""
    rows = list(
        EnrolmentTopic.objects.filter(enrolment_id__in=[pair.mentor_id, pair.mentee_id])
        .select_related("topic")
        .order_by("priority", "-level", "pk")
    )
    levels = {
        row.topic_id: (row.topic, row.level) for row in rows if row.enrolment_id == pair.mentor_id
    }
    wanted = [row.topic_id for row in rows if row.enrolment_id == pair.mentee_id]
    returns = list(
        Enrolment.return_topics.through.objects.filter(
            enrolment_id__in=[pair.mentor_id, pair.mentee_id]
        )
        .select_related("topic")
        .order_by("pk")
    )
    mentor_wants = {row.topic_id for row in returns if row.enrolment_id == pair.mentor_id}
    mentee_gives = [row.topic for row in returns if row.enrolment_id == pair.mentee_id]
    return Exchange(
        taught=[(levels[pk][0].name, levels[pk][1]) for pk in wanted if pk in levels],
        given_back=[topic.name for topic in mentee_gives if topic.pk in mentor_wants],
        mentor_topics=[(topic.name, level) for topic, level in levels.values()],
        mentee_offers=[topic.name for topic in mentee_gives],
    )


def introduction_email(pair: Pair, role: str) -> mail.EmailMultiAlternatives:
    person = pair.mentor_person if role == Role.MENTOR else pair.mentee_person
    other = pair.mentee_person if role == Role.MENTOR else pair.mentor_person
    language = person.preferred_language
    with translation.override(language):
        context = {
            "pair": pair,
            "programme": pair.programme,
            "person": person,
            "other": other,
            "is_mentor": role == Role.MENTOR,
            "exchange": exchange(pair),
            "link": settings.SITE_URL + reverse("pairing:pair", args=[pair.code]),
        }
        subject = render_to_string("pairing/emails/introduction_subject.txt", context)
        text = render_to_string("pairing/emails/introduction.txt", context)
        html = render_to_string("pairing/emails/introduction.html", context)
    message = mail.EmailMultiAlternatives(
        subject=subject_line(subject),
        body=text,
        to=[person.email],
        headers={"Content-Language": language},
    )
    message.attach_alternative(html, "text/html")
    return message
