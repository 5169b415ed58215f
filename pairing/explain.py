"""Why: the reasons each pair was proposed, each mentee left unpaired, each mentor left
with free places. They come back with the pairs (`matching.solve`) as codes with
parameters; `pairing.reasons` words them in the reader's language.

No Django here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from .problem import (
    BELOW_QUALITY_FLOOR,
    COMPATIBLE_MENTEES_PAIRED,
    DIVERSE,
    FLEXIBLE_AVAILABILITY,
    GIVES_BACK,
    LOCKED,
    MENTORS_FULL,
    NO_COMPATIBLE_MENTEE,
    NO_MENTEE_REACHES_FLOOR,
    NO_MENTORS,
    PLACES_LEFT,
    SAME_MODE,
    SAME_SITE,
    SHARED_AVAILABILITY,
    SHARED_LANGUAGE,
    TEACHES_PRIORITY,
    TENURE_TOO_LONG,
    TENURE_UNKNOWN,
    Matching,
    Mentee,
    Mentor,
    Proposal,
    Reason,
    Unpaired,
)
from .scoring import (
    CHUNK_CELLS,
    DIVERSITY_CRITERIA,
    PARTS,
    PRIORITY_WEIGHT,
    SCORE_MAX,
    CohortArrays,
    View,
)


def explain(cohort: CohortArrays, pairs: list[tuple[int, int]]) -> Matching:
    """The chosen (mentee, mentor) pairs as the answer: each pair's score, the points of each
    part and why it was proposed; why each other mentee is left, and each mentor with room."""
    proposals = explain_pairs(cohort, pairs)
    rows = np.array([i for i, _ in pairs], dtype=np.int64)
    cols = np.array([j for _, j in pairs], dtype=np.int64)
    paired = set(rows.tolist())
    used = np.bincount(cols, minlength=cohort.m) if len(cols) else np.zeros(cohort.m, dtype=int)
    unpaired = [i for i in range(cohort.n) if i not in paired]
    with_room = [j for j in range(cohort.m) if used[j] < cohort.capacity[j]]
    compatible = _compatible_mentees(cohort, with_room)
    return Matching(
        pairs=tuple(proposals),
        unpaired_mentees=tuple(
            Unpaired(cohort.mentees[i].id, _unpaired_reasons(cohort, i)) for i in unpaired
        ),
        mentors_with_room=tuple(
            Unpaired(
                cohort.mentors[j].id,
                _room_reasons(cohort, j, int(cohort.capacity[j] - used[j]), compatible[k]),
            )
            for k, j in enumerate(with_room)
        ),
    )


def explain_pairs(cohort: CohortArrays, pairs: list[tuple[int, int]]) -> list[Proposal]:
    """Each (mentee, mentor) pair's score, the points of each part and why, by the scoring
    code."""
    if not pairs:
        return []
    locked = set(cohort.locked)
    v = View(
        np.array([i for i, _ in pairs], dtype=np.int64),
        np.array([j for _, j in pairs], dtype=np.int64),
    )
    wc, wa, wd = cohort.weights
    c, a, d = cohort.parts(v)
    scores = cohort.scores(v)
    proposals = []
    for k, (i, j) in enumerate(pairs):
        points = {
            "complementarity": round(float(SCORE_MAX * wc * c[k]), 1),
            "affinity": round(float(SCORE_MAX * wa * a[k]), 1),
            "diversity": round(float(SCORE_MAX * wd * d[k]), 1),
        }
        proposals.append(
            Proposal(
                mentor_id=cohort.mentors[j].id,
                mentee_id=cohort.mentees[i].id,
                score=int(scores[k]),
                parts=points,
                reasons=_pair_reasons(cohort, i, j, points, (i, j) in locked),
                locked=(i, j) in locked,
            )
        )
    return proposals


# The weak points of a pair, read from the two people's facts, never from reasons left out.
NO_TOPIC_IN_COMMON = "no_topic_in_common"  # nothing the mentor teaches nor anything given back
NO_GIVE_BACK = "no_give_back"  # the mentor wants to learn something; the mentee gives none of it
NO_SHARED_HOUR = "no_shared_hour"  # both gave hours, and none of them meet
SAME_PROFILE = "same_profile"  # every criterion both declared is the same: {"criteria": [...]}


def pair_facts(
    cohort: CohortArrays, pairs: list[tuple[int, int]]
) -> list[tuple[Proposal, tuple[Reason, ...]]]:
    """Each (mentee, mentor) pair scored by the scoring code, with its reasons and its weak
    points: what HR reads of a pair, whoever made it (a round, HR by hand, the demo)."""
    explained = explain_pairs(cohort, pairs)
    return [
        (proposal, weak_points(cohort.mentors[j], cohort.mentees[i]))
        for proposal, (i, j) in zip(explained, pairs, strict=True)
    ]


def weak_points(mentor: Mentor, mentee: Mentee) -> tuple[Reason, ...]:
    """What the pair lacks, as facts about the two people: a point is claimed only when both
    sides are known and the fact holds."""
    weak: list[Reason] = []
    taught = any(mentor.topic_levels.get(topic, 0) > 0 for topic in mentee.topic_priorities)
    given = set(mentee.can_give_back) & set(mentor.wants_to_learn)
    if not taught and not given:
        weak.append(Reason(NO_TOPIC_IN_COMMON, {}))
    elif mentor.wants_to_learn and not given:
        weak.append(Reason(NO_GIVE_BACK, {}))
    if (
        mentor.availability is not None
        and mentee.availability is not None
        and not mentor.availability & mentee.availability
    ):
        weak.append(Reason(NO_SHARED_HOUR, {}))
    known = [
        name
        for name in DIVERSITY_CRITERIA
        if getattr(mentor, name) not in (None, "") and getattr(mentee, name) not in (None, "")
    ]
    if known and all(getattr(mentor, name) == getattr(mentee, name) for name in known):
        weak.append(Reason(SAME_PROFILE, {"criteria": known}))
    return tuple(weak)


def _pair_reasons(
    cohort: CohortArrays, i: int, j: int, points: Mapping[str, float], locked: bool
) -> tuple[Reason, ...]:
    mentor, mentee = cohort.mentors[j], cohort.mentees[i]
    by_part: dict[str, Reason | None] = {name: None for name in PARTS}

    best = None
    for topic, priority in mentee.topic_priorities.items():
        level = mentor.topic_levels.get(topic, 0)
        if level > 0:
            key = (PRIORITY_WEIGHT.get(priority, 0) * level, -priority)
            if best is None or key > best[0]:
                best = (key, topic, level, priority)
    if best:
        _key, topic, level, priority = best
        by_part["complementarity"] = Reason(
            TEACHES_PRIORITY, {"topic": topic, "level": level, "priority": priority}
        )
    else:
        give = sorted(set(mentee.can_give_back) & set(mentor.wants_to_learn), key=repr)
        if give:
            by_part["complementarity"] = Reason(GIVES_BACK, {"topic": give[0]})

    if cohort.rules.on_site and mentor.site and mentor.site == mentee.site:
        by_part["affinity"] = Reason(SAME_SITE, {"site": mentor.site})
    elif mentor.availability is None or mentee.availability is None:
        by_part["affinity"] = Reason(FLEXIBLE_AVAILABILITY, {})
    elif shared := mentor.availability & mentee.availability:
        by_part["affinity"] = Reason(SHARED_AVAILABILITY, {"slots": len(shared)})
    elif mentor.mode and mentor.mode == mentee.mode:
        by_part["affinity"] = Reason(SAME_MODE, {"mode": mentor.mode})

    criteria = [
        name
        for name in DIVERSITY_CRITERIA
        if getattr(mentor, name) not in (None, "")
        and getattr(mentee, name) not in (None, "")
        and getattr(mentor, name) != getattr(mentee, name)
    ]
    if criteria:
        by_part["diversity"] = Reason(DIVERSE, {"criteria": criteria})

    reasons = [Reason(LOCKED, {})] if locked else []
    ranked = sorted(PARTS, key=lambda name: -points[name])  # stable: PARTS order on ties
    reasons += [by_part[name] for name in ranked if by_part[name] and points[name] > 0]
    shared_languages = sorted(
        set(mentor.languages) & set(mentee.languages),
        key=lambda code: (cohort.language_speakers.get(code, 0), code),
    )
    everyone = cohort.n + cohort.m
    if shared_languages and (
        len(reasons) < 2 or cohort.language_speakers[shared_languages[0]] < everyone
    ):
        # The rarest shared language says something; a language all speak says little.
        reasons.insert(
            min(len(reasons), 1), Reason(SHARED_LANGUAGE, {"language": shared_languages[0]})
        )
    return tuple(reasons[:3])


def _unpaired_reasons(cohort: CohortArrays, i: int) -> tuple[Reason, ...]:
    if not cohort.mentee_ok[i]:
        return tuple(cohort.mentee_ineligibility(i))
    if cohort.m == 0:
        return (Reason(NO_MENTORS, {}),)
    v = View(np.array([i]))
    remaining = np.ones(cohort.m, dtype=bool)
    excluded = []
    for code, ok in cohort.stages(v):
        ok = np.broadcast_to(ok, (1, cohort.m))[0]
        count = int((remaining & ~ok).sum())
        remaining &= ok
        if count:
            excluded.append(Reason(code, {"mentors": count, "total": cohort.m}))
    floor = cohort.rules.min_score
    if floor:
        reaching = cohort.scores(v)[0] >= floor
        count = int((remaining & ~reaching).sum())
        remaining &= reaching
        if count:
            excluded.append(
                Reason(
                    BELOW_QUALITY_FLOOR, {"mentors": count, "total": cohort.m, "min_score": floor}
                )
            )
    excluded.sort(key=lambda r: -r.params["mentors"])  # stable: stage order on ties
    left = int(remaining.sum())
    if left:
        return (Reason(MENTORS_FULL, {"mentors": left}), *excluded[:2])
    return tuple(excluded)


def _compatible_mentees(cohort: CohortArrays, mentors: list[int]) -> list[tuple[int, int]]:
    """How many mentees each of these mentors may be paired with, and with how many of them
    the pair reaches the quality floor (all of them without a floor)."""
    counts: list[tuple[int, int]] = []
    floor = cohort.rules.min_score
    step = max(1, CHUNK_CELLS // max(cohort.n, 1))
    for start in range(0, len(mentors), step):
        chunk = np.array(mentors[start : start + step], dtype=np.int64)
        v = View(np.tile(np.arange(cohort.n), len(chunk)), np.repeat(chunk, cohort.n))
        allowed = cohort.allowed(v)
        reaching = allowed & (cohort.scores(v) >= floor) if floor else allowed
        shape = (len(chunk), cohort.n)
        counts += zip(
            allowed.reshape(shape).sum(axis=1).tolist(),
            reaching.reshape(shape).sum(axis=1).tolist(),
            strict=True,
        )
    return counts


def _room_reasons(
    cohort: CohortArrays, j: int, places: int, compatible: tuple[int, int]
) -> tuple[Reason, ...]:
    mentor = cohort.mentors[j]
    if not cohort.mentor_ok[j]:
        if mentor.tenure_years is None:
            return (Reason(TENURE_UNKNOWN, {}),)
        return (
            Reason(
                TENURE_TOO_LONG,
                {
                    "years": round(mentor.tenure_years, 1),
                    "max_years": cohort.rules.mentor_max_tenure_years,
                },
            ),
        )
    allowed, reaching = compatible
    if reaching:
        reason = Reason(COMPATIBLE_MENTEES_PAIRED, {"mentees": reaching})
    elif allowed:
        reason = Reason(
            NO_MENTEE_REACHES_FLOOR, {"mentees": allowed, "min_score": cohort.rules.min_score}
        )
    else:
        reason = Reason(NO_COMPATIBLE_MENTEE, {})
    return (Reason(PLACES_LEFT, {"places": places}), reason)
