"""Benchmark of the pairing solver on generated cohorts, under every kind of weights HR may
choose, beside lapx's `lapjvs` (a dense Jonker-Volgenant solver) on the same score matrix.

    .venv/bin/python bench/pairing.py                   # cohorts A, C, D, X; every variant
    .venv/bin/python bench/pairing.py C D --runs 3      # medians of 3 runs
    .venv/bin/python bench/pairing.py C --variants diversity,equal --no-lapjvs

Variants: the default weights (50/25/25), each criterion alone, affinity and diversity
50/50, and every score equal (all weights zero: the worst case for ties). For each cohort
and variant, each in a fresh process (so that peak RSS, getrusage maxrss, is its own):

- floor: building the cohort's arrays and its score matrix alone (CPU), the least any
  solver needs before it can start;
- Tandem: `matching.solve()` end to end (scores, the assignment, the explanations), its
  peak RSS, and the assignment alone (`solver.assign`), with the rounds of the certificate
  loop (rnds: rounds / of them solved by shortest paths, the others from scratch by
  OR-tools) and the size of the first candidate graph as a share of the allowed pairs;
- lapjvs: the same score matrix, mentors copied by capacity, the big-constant encoding
  (forbidden pairs worth nothing, then dropped), `lap.lapjvs` in float32; its time covers
  building its cost matrix and solving, and its peak RSS the whole process;
- ratio: lapjvs time over Tandem's assignment time (above 1: Tandem is faster);
- both answers' pairs and total score, which must agree.

Times are CPU seconds (the machine is shared; each step runs on one core, so on a quiet
machine wall time is the CPU time); Tandem's wall time is printed beside. Targets (2-core
machine): C and D under 2 s and 500 MB, X under 6 s and 1 GB (Tandem end to end); the
assignment never slower than lapjvs; the total of every variant end to end within 5 × the
total of their score matrices alone. Exits 1 if a target is missed or the answers disagree.
lapx is a development requirement, for this benchmark only; `--no-lapjvs` runs without it.
"""

import argparse
import dataclasses
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pairing_cohorts import generate  # noqa: E402

from pairing import matching, solver  # noqa: E402
from pairing.matching import Weights  # noqa: E402
from pairing.scoring import SCORE_MAX, CohortArrays  # noqa: E402

COHORTS = {
    # name: (mentees, mentors, capacity, time target in s, memory target in MB)
    "A": (1_500, 130, 12, 0.3, None),
    "C": (5_000, 5_000, 1, 2.0, 500),
    "D": (10_000, 2_000, 5, 2.0, 500),
    "X": (20_000, 4_000, 5, 6.0, 1024),
}
VARIANTS = {
    # name: (complementarity, affinity, diversity) in %
    "default": (50, 25, 25),
    "complementarity": (100, 0, 0),
    "affinity": (0, 100, 0),
    "diversity": (0, 0, 100),
    "affinity+diversity": (0, 50, 50),
    "equal": (0, 0, 0),  # every allowed pair scores 0
}
FLOOR_FACTOR = 5


def _cohort(name: str, variant: str) -> tuple:
    n_mentees, n_mentors, capacity, *_ = COHORTS[name]
    mentors, mentees, rules = generate(n_mentees, n_mentors, capacity)
    c, a, d = VARIANTS[variant]
    weights = Weights(complementarity=c, affinity=a, diversity=d)
    return mentors, mentees, dataclasses.replace(rules, weights=weights)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_tandem(name: str, variant: str) -> dict:
    mentors, mentees, rules = _cohort(name, variant)
    inputs_mb = _peak_mb()
    started = time.process_time()
    with matching._blas.limit(limits=1, user_api="blas"):
        scores = CohortArrays(mentors, mentees, rules).score_matrix()
    floor = time.process_time() - started
    allowed = int(np.count_nonzero(scores >= 0))
    del scores

    # solve() calls solver.assign: time it from inside, with its report.
    timed: dict = {}
    assign = solver.assign

    def timed_assign(*args: object) -> np.ndarray:
        begun = time.process_time()
        answer = assign(*args, report=timed)
        timed["cpu"] = time.process_time() - begun
        return answer

    solver.assign = timed_assign
    started, cpu = time.perf_counter(), time.process_time()
    result = matching.solve(mentors, mentees, rules)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "floor": floor,
        "seconds": seconds,
        "cpu": cpu,
        "assign": timed["cpu"],
        "rounds": timed.get("rounds", 0),
        "paths": timed.get("paths", 0),
        "first_share": timed.get("first_arcs", 0) / max(allowed, 1),
        "peak_mb": _peak_mb(),
        "inputs_mb": inputs_mb,
        "pairs": len(result.pairs),
        "score": result.total_score,
        "explained": all(p.reasons for p in result.pairs)
        and all(u.reasons for u in result.unpaired_mentees),
    }


def run_lapjvs(name: str, variant: str) -> dict:
    import lap  # lapx, a development requirement for this benchmark only

    mentors, mentees, rules = _cohort(name, variant)
    with matching._blas.limit(limits=1, user_api="blas"):
        cohort = CohortArrays(mentors, mentees, rules)
        scores = cohort.score_matrix()
    del mentors, mentees, rules
    started, cpu = time.perf_counter(), time.process_time()
    owner = np.repeat(np.arange(scores.shape[1]), cohort.room)
    big = min(scores.shape[0], len(owner)) * SCORE_MAX + 1  # one more pair beats any score
    cost = np.empty((scores.shape[0], len(owner)), dtype=np.float32)
    step = max(1, 2_000_000 // max(len(owner), 1))
    for start in range(0, scores.shape[0], step):
        wide = scores[start : start + step][:, owner]
        cost[start : start + step] = np.where(wide >= 0, -(big + wide.astype(np.float32)), 0)
    rows, cols = lap.lapjvs(cost, extend_cost=True, return_cost=False)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    kept = cols < len(owner)
    rows, cols = rows[kept], owner[cols[kept]]
    kept = scores[rows, cols] >= 0  # forbidden pairs were worth nothing: not pairs
    return {
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": _peak_mb(),
        "pairs": int(kept.sum()),
        "score": int(scores[rows[kept], cols[kept]].sum()),
    }


def measure(name: str, variant: str, kind: str) -> dict:
    out = subprocess.run(  # noqa: S603 - this very script, in a fresh process
        [sys.executable, __file__, "--child", name, variant, kind],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cohorts", nargs="*", default=list(COHORTS))
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--runs", type=int, default=1, help="Tandem runs per variant (median)")
    parser.add_argument("--no-lapjvs", action="store_true", help="leave lapjvs out")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, variant, kind = args.child
        print(json.dumps((run_tandem if kind == "tandem" else run_lapjvs)(name, variant)))
        return

    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"2 cores here; load average {load} (1/5/15 min) as we start (others' jobs slow us)")
    print(
        "CPU seconds unless said (every step runs on one core: on a quiet machine, wall time "
        "is CPU time); targets are checked on CPU time."
    )
    print(
        f"{'cohort':<24} {'variant':<19} {'floor':>6} {'Tandem':>7} {'(wall)':>7} {'peak':>7} "
        f"{'assign':>7} {'rnds':>5} {'1st graph':>9} {'lapjvs':>7} {'peak':>7} {'ratio':>6}  "
        f"{'pairs':>6} {'total':>8}  targets"
    )
    failed = False
    totals = {"floor": 0.0, "cpu": 0.0}
    for name in args.cohorts:
        n_mentees, n_mentors, capacity, time_target, memory_target = COHORTS[name]
        label = f"{name}: {n_mentees:,} x {n_mentors:,} x {capacity}"
        for variant in args.variants.split(","):
            runs = [measure(name, variant, "tandem") for _ in range(args.runs)]
            run = runs[0]
            cpu = statistics.median(r["cpu"] for r in runs)
            wall = statistics.median(r["seconds"] for r in runs)
            assign = statistics.median(r["assign"] for r in runs)
            floor = statistics.median(r["floor"] for r in runs)
            peak = max(r["peak_mb"] for r in runs)
            totals["floor"] += floor
            totals["cpu"] += cpu
            missed = []
            if any((r["pairs"], r["score"]) != (run["pairs"], run["score"]) for r in runs):
                missed.append("runs disagree")
            if not run["explained"]:
                missed.append("unexplained")
            if cpu > time_target:
                missed.append(f"time > {time_target} s")
            if memory_target and peak > memory_target:
                missed.append(f"memory > {memory_target} MB")
            lap_text = f"{'-':>7} {'-':>7} {'-':>6}"
            if not args.no_lapjvs:
                other = measure(name, variant, "lapjvs")
                ratio = other["cpu"] / max(assign, 1e-9)
                lap_text = f"{other['cpu']:>6.2f}s {other['peak_mb']:>5.0f}MB {ratio:>5.1f}x"
                if (other["pairs"], other["score"]) != (run["pairs"], run["score"]):
                    missed.append(f"lapjvs differs: {other['pairs']} pairs, {other['score']}")
                if assign > other["cpu"]:
                    missed.append("slower than lapjvs")
            print(
                f"{label:<24} {variant:<19} {floor:>5.2f}s {cpu:>6.2f}s {wall:>6.2f}s "
                f"{peak:>5.0f}MB {assign:>6.2f}s {run['rounds']:>2}/{run['paths']:<2} "
                f"{100 * run['first_share']:>8.2f}% {lap_text}  {run['pairs']:>6} "
                f"{run['score']:>8}  {'MISSED: ' + '; '.join(missed) if missed else 'ok'}",
                flush=True,
            )
            failed |= bool(missed)
            label = ""
    within = totals["cpu"] <= FLOOR_FACTOR * totals["floor"]
    failed |= not within
    print(
        f"total: Tandem {totals['cpu']:.1f} s end to end, the score matrices alone "
        f"{totals['floor']:.1f} s: {totals['cpu'] / max(totals['floor'], 1e-9):.1f} x the floor "
        f"(target: within {FLOOR_FACTOR} x){'' if within else '  MISSED'}; load average "
        f"{' / '.join(f'{x:.1f}' for x in os.getloadavg())} at the end"
    )
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
