from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.utils import timezone

from enrolments.models import Enrolment
from enrolments.testing import make_enrolment
from evaluation import questions as q
from evaluation.models import EvaluationSettings, Survey
from evaluation.testing import answer, hold, make_pair, make_running_programme
from pairing.models import Pair
from people.models import User
from people.testing import make_person
from programmes.models import Objective, Programme, Topic
from programmes.testing import ensure_seeded_topics

# Six pairs answered by hand: baseline and final confidence on generative AI, the
# mentees' openness at baseline and at the end, weekly use, and recommendation.
BASELINE_CONFIDENCE = [1, 2, 2, 3, 1, 2]
FINAL_CONFIDENCE = [3, 4, 3, 3, 2, 4]  # differences 2, 2, 1, 0, 1, 2: mean 4/3
OPENNESS_BEFORE = [2, 3, 3, 2, 4, 3]
OPENNESS_AFTER = [4, 4, 3, 3, 5, 4]  # differences 2, 1, 0, 1, 1, 1: mean 1
WEEKLY_USE = [1, 1, 1, 0, 1, 0]  # 4 of 6: 66.7 %
RECOMMEND_MENTEES = [10, 9, 9, 10, 8, 7]
RECOMMEND_MENTORS = [6, 5, 10, 9, 3, 8]  # 6 promoters, 3 detractors of 12: NPS 25
SATISFACTION = [5, 4, 4, 5, 3, 4]  # mentees only: 25 / 6


@dataclass
class Measured:
    programme: Programme
    pairs: list[Pair]
    ended: Pair
    withdrawn: list[Enrolment] = field(default_factory=list)


@pytest.fixture
def measured(hr_admin: User, executive: User) -> Measured:
    """A running programme with six active pairs that held two sessions each in the last
    month (rated 4 by mentors, 5 by mentees), one ended pair, two withdrawn mentees, and
    answered surveys (see the constants above)."""
    ensure_seeded_topics()
    programme = make_running_programme(
        sponsor=executive, managers=[hr_admin], topics=("generative-ai", "social-networks")
    )
    objective = Objective.objects.get(programme=programme)
    Objective.objects.filter(pk=objective.pk).update(target_percent=50, metric_en="weekly use")
    objective.topics.set(Topic.objects.filter(slug="generative-ai"))
    EvaluationSettings.objects.update_or_create(
        programme=programme, defaults={"target_population": 40}
    )
    now = timezone.now()
    pairs = []
    for index, before in enumerate(BASELINE_CONFIDENCE):
        pair = make_pair(programme, confidence={"generative-ai": before})
        hold(pair, when=now - timedelta(days=20), ratings=(4, 5))
        hold(pair, when=now - timedelta(days=5), ratings=(4, 5))
        answer(pair.mentee, Survey.Kind.BASELINE, {q.OPENNESS: OPENNESS_BEFORE[index]})
        answer(
            pair.mentee,
            Survey.Kind.FINAL,
            {
                q.CONFIDENCE: {"generative-ai": FINAL_CONFIDENCE[index]},
                q.ADOPTION: {"generative-ai": WEEKLY_USE[index]},
                q.OPENNESS: OPENNESS_AFTER[index],
                q.SATISFACTION: SATISFACTION[index],
                q.RECOMMEND: RECOMMEND_MENTEES[index],
            },
        )
        answer(pair.mentor, Survey.Kind.FINAL, {q.RECOMMEND: RECOMMEND_MENTORS[index]})
        pairs.append(pair)
    ended = make_pair(programme, status=Pair.Status.ENDED)
    withdrawn = [
        make_enrolment(
            programme=programme,
            person=make_person(grade=14),
            role=Enrolment.Role.MENTEE,
            status=Enrolment.Status.WITHDRAWN,
        )
        for _ in range(2)
    ]
    return Measured(programme, pairs, ended, withdrawn)
