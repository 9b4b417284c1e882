"""Benchmark the meeting scheduler against the published B2B instances and a big event.

    .venv/bin/python benchmarks/schedule_b2b.py [--repeat N] [--big-repeat N]
        [--time-limit S] [--big-time-limit S] [--only NAME ...] [--skip-big]

For each of the 20 published instances (../shared/benchmarks/b2b-meetings relative to the
project root; skipped with a message when absent): our solver and the first-fit baseline,
each result checked by the shared verify.py (in a subprocess) AND by our own checker.
Then a generated event of 1,000 participants / 6,000 meetings / 16 slots / 400 tables.
Times are medians over the repetitions.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from scdt.meetings.scheduling import (  # noqa: E402
    check_schedule,
    first_fit,
    parse_instance,
    solve,
)
from scdt.meetings.scheduling.generator import generate_event  # noqa: E402

SHARED = ROOT.parent / "shared" / "benchmarks" / "b2b-meetings"


def verify_with_shared(instance_path: Path, result: dict) -> bool:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(result, handle)
        result_path = handle.name
    try:
        completed = subprocess.run(
            [sys.executable, str(SHARED / "verify.py"), str(instance_path), result_path],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        Path(result_path).unlink()
    return completed.returncode == 0


def run_published(args) -> None:
    if not SHARED.is_dir():
        print(f"skipped: published instances not found in {SHARED}")
        return
    reference = json.loads((SHARED / "reference.json").read_text())
    names = args.only or sorted(reference)
    header = (
        f"| {'instance':<15}| meetings | published | ours | status   | seconds | valid "
        "| first-fit unplaced | first-fit breaks |"
    )
    print(header)
    print("|" + "---|" * 9)
    times, hits, valid_count = [], 0, 0
    for name in names:
        path = SHARED / "instances" / f"{name}.json"
        raw = json.loads(path.read_text())
        instance = parse_instance(raw)
        runs = [solve(instance, time_limit=args.time_limit) for _ in range(args.repeat)]
        seconds = statistics.median(r.seconds for r in runs)
        result = runs[-1].to_dict()
        ours = check_schedule(raw, result)
        shared_ok = verify_with_shared(path, result)
        valid = ours["valid"] and ours["complete"] and shared_ok and all(
            check_schedule(raw, r.to_dict())["valid"] for r in runs
        )
        baseline = first_fit(instance)
        optimum = reference[name]["published_optimum_breaks"]
        times.append(seconds)
        hits += result["breaks"] == optimum and result["status"] == "optimal"
        valid_count += valid
        print(
            f"| {name:<15}| {len(instance.meetings):>8} | {optimum:>9} | {result['breaks']:>4} "
            f"| {result['status']:<8} | {seconds:>7.2f} | {'yes' if valid else 'NO':<5} "
            f"| {len(baseline.unplaced):>18} | {baseline.breaks:>16} |",
            flush=True,
        )
    print(
        f"\nvalid and complete: {valid_count}/{len(names)}; published optimum proven: "
        f"{hits}/{len(names)}; median {statistics.median(times):.2f} s, max {max(times):.2f} s "
        f"(median of {args.repeat} run(s) each, time limit {args.time_limit:g} s)"
    )


def run_big(args) -> None:
    raw = generate_event(seed=args.seed, fairness=args.big_fairness)
    instance = parse_instance(raw)
    runs = [solve(instance, time_limit=args.big_time_limit) for _ in range(args.big_repeat)]
    result = runs[-1].to_dict()
    ours = check_schedule(raw, result)
    baseline = first_fit(instance)
    base_check = check_schedule(raw, baseline.to_dict())
    seconds = statistics.median(r.seconds for r in runs)
    print(f"\ngenerated event {raw['name']}: {len(raw['participants'])} participants, "
          f"{len(raw['meetings'])} meetings, {len(raw['slots'])} slots, {raw['tables']} tables, "
          f"fairness {raw['fairness']}")
    print("| scheduler | seconds | valid | complete | unplaced | breaks | status |")
    print("|---|---|---|---|---|---|---|")
    print(f"| CP-SAT | {seconds:.1f} | {'yes' if ours['valid'] else 'NO'} | "
          f"{'yes' if ours['complete'] else 'no'} | {len(result['unplaced'])} | "
          f"{result['breaks']} | {result['status']} |")
    print(f"| first-fit | {baseline.seconds:.1f} | {'yes' if base_check['valid'] else 'NO'} | "
          f"{'yes' if base_check['complete'] else 'no'} | {len(baseline.unplaced)} | "
          f"{baseline.breaks} | {baseline.status} |")
    if not ours["valid"]:
        print("errors:", ours["errors"][:5])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per published instance")
    parser.add_argument("--big-repeat", type=int, default=1, help="runs of the big event")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--big-time-limit", type=float, default=110.0)
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated event")
    parser.add_argument(
        "--big-fairness", type=int, default=None, help="fairness bound of the generated event"
    )
    parser.add_argument("--only", nargs="*", help="published instance names to run")
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--skip-published", action="store_true")
    args = parser.parse_args()
    if not args.skip_published:
        run_published(args)
    if not args.skip_big:
        run_big(args)


if __name__ == "__main__":
    main()
