"""What the two members of a pair can exchange, for the pair's page and the introduction."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from enrolments.models import Enrolment, EnrolmentTopic
from programmes.models import Topic

from .models import Pair


@dataclass
class Exchange:
    """What a pair can exchange. It holds topics, and names them when a template reads it:
    read once, it speaks the language of whoever renders it (an email in the recipient's)."""

    teaching: list[tuple[Topic, int]]  # (topic, mentor's level) the mentee wants to learn
    giving_back: list[Topic]  # what the mentee can give back that the mentor wants to learn
    mentor_offers: list[tuple[Topic, int]]  # everything the mentor offered
    mentee_gives: list[Topic]  # everything the mentee can give back

    @property
    def taught(self) -> list[tuple[str, int]]:
        return [(topic.name, level) for topic, level in self.teaching]

    @property
    def taught_names(self) -> list[str]:
        return [name for name, _level in self.taught]

    @property
    def taught_with_levels(self) -> list[str]:
        """“Excel (your level 3 of 4)”, for the mentor."""
        return [
            _("%(name)s (your level %(level)s of 4)") % {"name": name, "level": level}
            for name, level in self.taught
        ]

    @property
    def given_back(self) -> list[str]:
        return [topic.name for topic in self.giving_back]

    @property
    def mentor_topics(self) -> list[tuple[str, int]]:
        return [(topic.name, level) for topic, level in self.mentor_offers]

    @property
    def mentor_topic_names(self) -> list[str]:
        return [name for name, _level in self.mentor_topics]

    @property
    def mentee_offers(self) -> list[str]:
        return [topic.name for topic in self.mentee_gives]

    @property
    def shared(self) -> list[str]:
        return self.taught_names + self.given_back


def exchange(pair: Pair) -> Exchange:
    """Shared topics and who teaches what, from the two enrolments (two queries)."""
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
        teaching=[levels[pk] for pk in wanted if pk in levels],
        giving_back=[topic for topic in mentee_gives if topic.pk in mentor_wants],
        mentor_offers=list(levels.values()),
        mentee_gives=mentee_gives,
    )
