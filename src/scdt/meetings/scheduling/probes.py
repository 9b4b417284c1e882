"""Probes: complete schedules with every participant's breaks fixed, which CP-SAT settles fast.

A model where each participant's break count is a constant propagates very strongly
(CP-SAT's presolve probing fixes most slots before the search starts), and the windows of
bounds.py tell it which runs of slots a participant without a break can still fill. An
eager SAT-style search (try placing a meeting before excluding it, no LP, one worker)
then finds such a schedule or proves there is none, usually within a second or two,
where the model that only bounds the total needs minutes.

- The *bound probe* fixes everybody's breaks to their own lower bound. Found: optimal.
  Impossible: every complete schedule has at least one break more than the bounds' sum.
- The *one-more-break* probes (run after an impossible bound probe) give one candidate
  participant one break more than their bound. Any one found is optimal; all candidates
  impossible raises the lower bound by one more. Candidates go by number of meetings,
  most first (they were the ones that take the extra break on forum-13crafc and
  ticf-13crafc), two probes at a time on two threads (CP-SAT releases the GIL), with a
  short time limit first and a longer one for those left undecided.
"""

from __future__ import annotations

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from .model import add_windows, build_model

if TYPE_CHECKING:
    from .domains import Domains
    from .instance import Instance

# Time limits of one one-more-break probe: first pass, then the undecided ones again.
FIRST_PASS_SECONDS = 4.0
SECOND_PASS_SECONDS = 10.0
PARALLEL_PROBES = 2


@dataclass
class ProbeOutcome:
    status: int
    slot_of: dict[str, int] | None


def _eager_solver(seconds: float, seed: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    solver.parameters.initial_polarity = type(solver.parameters.initial_polarity).POLARITY_TRUE
    solver.parameters.linearization_level = 0
    return solver


def _outcome(solver: cp_model.CpSolver, status: int, x: dict) -> ProbeOutcome:
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ProbeOutcome(status, None)
    return ProbeOutcome(status, {mid: s for (mid, s), var in x.items() if solver.boolean_value(var)})


def run_eager(model: cp_model.CpModel, x: dict, seconds: float, seed: int) -> ProbeOutcome:
    solver = _eager_solver(seconds, seed)
    return _outcome(solver, solver.solve(model), x)


def fixed_breaks_probe(
    instance: Instance,
    domains: Domains,
    *,
    windows: dict[str, list[int]],
    lower: dict[str, int],
    extra_for: str | None,
    seconds: float,
    seed: int,
    hint: dict[str, int] | None = None,
    with_windows: bool = True,
) -> ProbeOutcome:
    """Every participant's breaks == their lower bound (``extra_for``: one more), with the
    window variables of the participants fixed to no break unless ``with_windows`` is off."""
    probe = build_model(
        instance, domains, optional=False, with_breaks=True, fairness=instance.fairness, span=False
    )
    for pid, expr in probe.breaks.items():
        probe.model.add(expr == lower.get(pid, 0) + (pid == extra_for))
    if with_windows:
        counts = Counter(pid for m in instance.meetings if domains.allowed[m.id] for pid in m.participants)
        add_windows(
            probe,
            {p: w for p, w in windows.items() if w and p != extra_for and p in probe.breaks},
            counts,
        )
    if hint:
        probe.add_hint(hint, instance)
    return run_eager(probe.model, probe.x, seconds, seed)


def one_more_break(
    instance: Instance,
    domains: Domains,
    *,
    windows: dict[str, list[int]],
    lower: dict[str, int],
    deadline: float,
    seed: int,
    stats: dict[str, object],
) -> tuple[dict[str, int] | None, bool]:
    """A complete schedule with exactly one break more than ``sum(lower)``, or None;
    and whether every candidate was proven impossible (then none exists at all)."""
    counts = Counter(pid for m in instance.meetings if domains.allowed[m.id] for pid in m.participants)
    candidates = sorted((p for p, n in counts.items() if n >= 2), key=lambda p: (-counts[p], p))
    undecided: list[str] = []
    tried = 0

    def attempt(pid: str, limit: float) -> tuple[str, ProbeOutcome]:
        seconds = min(limit, deadline - time.perf_counter())
        if seconds < 0.2:
            return pid, ProbeOutcome(cp_model.UNKNOWN, None)
        outcome = fixed_breaks_probe(
            instance, domains, windows=windows, lower=lower, extra_for=pid, seconds=seconds, seed=seed
        )
        return pid, outcome

    with ThreadPoolExecutor(PARALLEL_PROBES) as pool:
        queue = candidates
        for limit in (FIRST_PASS_SECONDS, SECOND_PASS_SECONDS):
            undecided = []
            for start in range(0, len(queue), PARALLEL_PROBES):
                if time.perf_counter() > deadline - 0.2:
                    undecided.extend(queue[start:])
                    break
                batch = queue[start : start + PARALLEL_PROBES]
                for pid, outcome in pool.map(lambda p, lim=limit: attempt(p, lim), batch):
                    tried += 1
                    if outcome.slot_of is not None:
                        stats["one_more_break"] = f"found ({pid}, {tried} probes)"
                        return outcome.slot_of, False
                    if outcome.status != cp_model.INFEASIBLE:
                        undecided.append(pid)
            if not undecided:
                break
            queue = undecided
    stats["one_more_break"] = f"none ({tried} probes, {len(undecided)} undecided)"
    return None, not undecided
