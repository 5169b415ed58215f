"""Benchmark of pairing.matching on generated cohorts: time, peak memory, pairs and score
against the greedy baseline.

    .venv/bin/python bench/pairing.py            # cohorts A, C and D, median of 3 runs
    .venv/bin/python bench/pairing.py A --runs 1

Prints, per cohort: median and best wall time of `solve()`, its median CPU time (the machine
is shared: when others' jobs run, wall time grows and CPU time tells the work), peak RSS,
and pairs and total score against the first-come-first-served greedy baseline. Exits 1 if
a target is missed or the runs disagree.

Each run is a fresh subprocess, so its peak resident memory (getrusage maxrss, which sees
what numpy and the solver allocate in C) belongs to that run alone. Times are end to end:
scoring, solving and explaining, as `solve()` does them; generating the cohort is not timed.
"""

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pairing.matching import Mentee, Mentor, Rules, Weights, greedy, solve  # noqa: E402
from pairing.scoring import CohortArrays  # noqa: E402

COHORTS = {
    # name: (mentees, mentors, capacity, time target in s, memory target in MB)
    "A": (1_500, 130, 12, 0.3, None),
    "C": (5_000, 5_000, 1, 4.0, 1024),
    "D": (10_000, 2_000, 5, 15.0, 1536),
}

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


def run_one(name: str, solver: str) -> dict:
    n_mentees, n_mentors, capacity, *_ = COHORTS[name]
    mentors, mentees, rules = generate(n_mentees, n_mentors, capacity)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu = time.perf_counter(), time.process_time()
    matching = (solve if solver == "solve" else greedy)(mentors, mentees, rules)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak,
        "inputs_mb": before,
        "pairs": len(matching.pairs),
        "score": matching.total_score,
        "unpaired": len(matching.unpaired_mentees),
        "explained": all(p.reasons for p in matching.pairs)
        and all(u.reasons for u in matching.unpaired_mentees),
    }
    if solver == "greedy":
        scores = CohortArrays(mentors, mentees, rules).score_matrix()
        result["forbidden_share"] = float((scores < 0).mean())
    return result


def measure(name: str, solver: str) -> dict:
    out = subprocess.run(  # noqa: S603 - this very script, in a fresh process
        [sys.executable, __file__, "--child", name, solver],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cohorts", nargs="*", default=list(COHORTS))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return

    print(f"2 cores here; load average {os.getloadavg()[0]:.1f} as we start (others' jobs slow us)")
    print(
        f"{'cohort':<30} {'time':>7} {'best':>6} {'cpu':>6} {'peak RSS':>9} "
        f"{'pairs vs greedy':>16} {'score vs greedy':>18}  target"
    )
    failed = False
    for name in args.cohorts:
        n_mentees, n_mentors, capacity, time_target, memory_target = COHORTS[name]
        runs = [measure(name, "solve") for _ in range(args.runs)]
        base = measure(name, "greedy")
        seconds = statistics.median(r["seconds"] for r in runs)
        best_seconds = min(r["seconds"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        peak = max(r["peak_mb"] for r in runs)
        best = runs[0]
        if any((r["pairs"], r["score"]) != (best["pairs"], best["score"]) for r in runs):
            print(f"{name}: runs disagree: {runs}")
            failed = True
        ok = seconds < time_target and (memory_target is None or peak < memory_target)
        failed |= not ok or not best["explained"]
        label = f"{name}: {n_mentees:,} x {n_mentors:,} x cap {capacity}"
        target = f"< {time_target} s" + (f", < {memory_target} MB" if memory_target else "")
        print(
            f"{label:<30} {seconds:>6.2f}s {best_seconds:>5.2f}s {cpu:>5.2f}s {peak:>7.0f}MB "
            f"{best['pairs']:>7} vs {base['pairs']:<6} {best['score']:>8} vs {base['score']:<7}  "
            f"{target}{'' if ok else '  MISSED'}"
        )
        share = 100 * base["score"] / max(best["score"], 1)
        print(
            f"{'':<30} greedy: {base['seconds']:.2f}s, leaves {base['unpaired']} unpaired "
            f"(solve: {best['unpaired']}), {share:.1f} % of the optimal score; "
            f"{100 * base['forbidden_share']:.1f} % of pairs forbidden; "
            f"RSS with the inputs alone {best['inputs_mb']:.0f} MB"
        )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
