"""What publishing will do, shown to HR before it does it: the summary it confirms.

The figures are the ones publication acts on: every proposal of the programme becomes an
active pair, and each member of each pair receives one introduction email (two per pair,
`services.publication.publish`). Who stays unpaired is read with the round page's rule
(`services.unpaired_mentees`) and its reasons in words.
"""

from dataclasses import dataclass

from django.db.models import Count, Q

from enrolments.models import Enrolment
from programmes.models import Programme

from . import services
from .models import Pair
from .quality import SCALE
from .reasons import describe, topic_names

PEOPLE_SHOWN = 50
EMAILS_PER_PAIR = 2  # one introduction to each member
WEAK_BELOW = SCALE[-2][0]


@dataclass(frozen=True)
class PublishSummary:
    programme: Programme
    pairs: int
    people: int
    emails: int
    weak_pairs: int
    unpaired: list[tuple[Enrolment, list[str]]]
    unpaired_total: int

    @classmethod
    def build(cls, programme: Programme) -> "PublishSummary":
        counts = (
            Pair.objects.proposed()
            .filter(programme=programme)
            .aggregate(
                pairs=Count("pk"),
                mentors=Count("mentor", distinct=True),
                weak=Count("pk", filter=Q(score__lt=WEAK_BELOW)),
            )
        )
        unpaired = services.unpaired_mentees(programme)
        shown = list(unpaired[:PEOPLE_SHOWN])
        why = services.latest_reasons(programme, shown)
        topics = topic_names()
        return cls(
            programme=programme,
            pairs=counts["pairs"],
            people=counts["pairs"] + counts["mentors"],
            emails=EMAILS_PER_PAIR * counts["pairs"],
            weak_pairs=counts["weak"],
            unpaired=[(e, describe(why.get(e.pk, []), topics)) for e in shown],
            unpaired_total=len(shown) if len(shown) < PEOPLE_SHOWN else unpaired.count(),
        )
