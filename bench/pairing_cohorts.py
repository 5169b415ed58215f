"""Generated cohorts for bench/pairing.py: juniors mentor seniors, everyone wants the same few
topics (generative AI first), most speak English, reporting lines cross the cohort, a few
rather-not lists and HR refusals; 5-7 % of pairs are forbidden. Seeded: the same cohort
every time.
"""

import random

from pairing.matching import Mentee, Mentor, Rules, Weights

COUNTRIES = {"FR": "fr", "DE": "de", "ES": "es", "IT": "it", "GB": "en", "US": "en", "PL": "pl"}
COUNTRY_WEIGHTS = [30, 15, 12, 10, 12, 15, 6]
TAUGHT = list(range(1, 17))  # digital tools, social networks, generative AI, CSR...
TAUGHT_WISHED = [30, 22, 16, 12, 10, 8, 7, 6, 5, 4, 4, 3, 3, 2, 2, 1]  # everyone wants AI
TAUGHT_KNOWN = [14, 12, 10, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 4, 3, 3]
GIVEN_BACK = list(range(101, 109))  # strategy, career advice, leadership, feedback...
SLOTS = [f"{day}-{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]
MODES = [None, "video", "hybrid", "on_site"]


def _sample(rng: random.Random, items: list, weights: list, k: int) -> list:
    chosen: list = []
    while len(chosen) < k:
        item = rng.choices(items, weights)[0]
        if item not in chosen:
            chosen.append(item)
    return chosen


def generate(n_mentees: int, n_mentors: int, capacity: int, seed: int = 7) -> tuple:
    """A realistic cohort: juniors mentor seniors, everyone wants the same few topics, most
    speak English, reporting lines cross the cohort. About 5 % of pairs are forbidden."""
    rng = random.Random(seed)
    countries = list(COUNTRIES)
    departments = [f"dept-{k}" for k in range(25)]
    people: dict[int, dict] = {}

    def person(pid: int, senior: bool) -> dict:
        country = rng.choices(countries, COUNTRY_WEIGHTS)[0]
        languages = {COUNTRIES[country]}
        if rng.random() < 0.955:
            languages.add("en")
        if rng.random() < 0.15:
            languages.add(rng.choice(sorted(set(COUNTRIES.values()))))
        flexible = rng.random() < 0.15
        return {
            "id": pid,
            "grade": rng.randint(8, 20)
            if senior
            else rng.choices(range(1, 10), [3, 8, 10, 10, 8, 5, 3, 2, 1])[0],
            "languages": frozenset(languages),
            "availability": None if flexible else frozenset(rng.sample(SLOTS, rng.randint(2, 5))),
            "mode": rng.choices(MODES, [30, 30, 25, 15])[0],
            "site": f"{country}-{rng.randint(1, 3)}",
            "country": country,
            "department": rng.choice(departments),
            "generation": rng.choices(
                ["boomer", "gen_x", "gen_y"] if senior else ["gen_y", "gen_z"],
                [20, 50, 30] if senior else [40, 60],
            )[0],
            "gender": rng.choices(["f", "m", "x", None], [45, 45, 2, 8])[0],
        }

    mentor_ids = list(range(1, n_mentors + 1))
    mentee_ids = list(range(n_mentors + 1, n_mentors + n_mentees + 1))
    for pid in mentor_ids:
        people[pid] = person(pid, senior=False)
    for pid in mentee_ids:
        people[pid] = person(pid, senior=True)
    # Managers outside the cohort, then a reporting line for everyone: a more senior person of
    # the same department, often a manager outside the cohort, sometimes a mentee.
    first_manager = n_mentors + n_mentees + 1
    managers = list(range(first_manager, first_manager + max(50, (n_mentors + n_mentees) // 8)))
    for pid in managers:
        people[pid] = person(pid, senior=True) | {"grade": rng.randint(12, 20)}
    by_department: dict[str, list[int]] = {}
    for pid in managers + mentee_ids:
        by_department.setdefault(people[pid]["department"], []).append(pid)
    manager_of = {}
    for pid, p in people.items():
        candidates = [
            b for b in by_department.get(p["department"], []) if people[b]["grade"] > p["grade"]
        ]
        if candidates:
            manager_of[pid] = rng.choice(candidates[:40])

    mentors = [
        Mentor(
            **people[pid],
            capacity=capacity,
            topic_levels={
                t: rng.choices([1, 2, 3, 4], [2, 4, 4, 3])[0]
                for t in _sample(rng, TAUGHT, TAUGHT_KNOWN, rng.randint(2, 5))
            },
            wants_to_learn=frozenset(rng.sample(GIVEN_BACK, rng.randint(0, 2))),
            tenure_years=round(rng.uniform(0.2, 9), 1),
            rather_not=frozenset(rng.sample(mentee_ids, 2)) if rng.random() < 0.03 else frozenset(),
        )
        for pid in mentor_ids
    ]
    mentees = [
        Mentee(
            **people[pid],
            topic_priorities={
                t: k + 1
                for k, t in enumerate(_sample(rng, TAUGHT, TAUGHT_WISHED, rng.randint(2, 4)))
            },
            can_give_back=frozenset(rng.sample(GIVEN_BACK, rng.randint(1, 3))),
            rather_not=frozenset(rng.sample(mentor_ids, 2)) if rng.random() < 0.03 else frozenset(),
        )
        for pid in mentee_ids
    ]
    forbidden = frozenset(
        (rng.choice(mentor_ids), rng.choice(mentee_ids)) for _ in range(max(20, n_mentees // 20))
    )
    rules = Rules(
        min_grade_gap=2,
        mentor_max_tenure_years=10,
        on_site=False,
        weights=Weights(complementarity=0.5, affinity=0.25, diversity=0.25),
        forbidden=forbidden,
        manager_of=manager_of,
    )
    return mentors, mentees, rules
