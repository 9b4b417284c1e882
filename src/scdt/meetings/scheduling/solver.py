"""The organiser's scheduler: place every meeting if possible, then minimise breaks fairly.

Lexicographic, in phases sharing one time budget:

1. First-fit (milliseconds) gives a starting point.
2. If first-fit left meetings out, a placement model without break variables maximises the
   number of placed meetings (hinted with first-fit). Proven maximum below the total means
   no complete schedule exists.
3. The break model minimises the total breaks under the fairness bound, with the number
   placed held at the phase-2 maximum and the best schedule so far as hint.
4. If the fairness bound makes that impossible, one weighted model places as many
   meetings as it can under fairness, breaks second.

Status "optimal" is only reported when CP-SAT proved both the placement and the breaks.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from .domains import Domains, compute_domains, overloaded_participants
from .firstfit import first_fit_slots
from .model import SchedulingModel, build_model
from .result import Result, Unplaced, breaks_per_participant, build_assignments

if TYPE_CHECKING:
    from .instance import Instance

DEFAULT_WORKERS = 8
# Below this many x variables the break model is solved with full search; above it the
# solver runs as local search around the hint (see docs/scheduling.md, "Big events").
LARGE_MODEL_VARIABLES = 30_000


@dataclass
class _Outcome:
    status: int
    slot_of: dict[str, int] | None


class _Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds

    def left(self) -> float:
        return max(0.05, self.deadline - time.perf_counter())


def _run(sm: SchedulingModel, seconds: float, workers: int, seed: int) -> _Outcome:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(sm.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return _Outcome(status, None)
    slot_of = {mid: s for (mid, s), var in sm.x.items() if solver.boolean_value(var)}
    return _Outcome(status, slot_of)


def _satisfies_fairness(instance: Instance, slot_of: dict[str, int]) -> bool:
    if instance.fairness is None:
        return True
    values = breaks_per_participant(instance, slot_of).values()
    return max(values) - min(values) <= instance.fairness


def solve(
    instance: Instance,
    *,
    time_limit: float = 60.0,
    workers: int = DEFAULT_WORKERS,
    seed: int = 0,
) -> Result:
    """Schedule ``instance`` within about ``time_limit`` seconds (see module docstring)."""
    started = time.perf_counter()
    budget = _Budget(time_limit)
    domains = compute_domains(instance)
    schedulable = [m.id for m in instance.meetings if domains.allowed[m.id]]
    large = sum(len(domains.allowed[m]) for m in schedulable) > LARGE_MODEL_VARIABLES
    stats: dict[str, object] = {"large": large}

    best = first_fit_slots(instance, domains)
    stats["first_fit_placed"] = len(best)
    placement_proven = len(best) == len(schedulable)
    if not placement_proven and large:
        # On a big event, feasibility search (feasibility jump, local search) finds a complete
        # placement far faster than an objective that counts placed meetings.
        everything = build_model(
            instance, domains, optional=False, with_breaks=False, fairness=None
        )
        everything.add_hint(best, instance)
        outcome = _run(everything, budget.left() * 0.5, workers, seed)
        stats["complete_placement_status"] = cp_model.CpSolver().status_name(outcome.status)
        if outcome.slot_of is not None:
            best, placement_proven = outcome.slot_of, True
    if not placement_proven:
        placement = build_model(
            instance, domains, optional=True, with_breaks=False, fairness=None
        )
        placement.model.maximize(placement.placed_total)
        placement.add_hint(best, instance)
        outcome = _run(placement, budget.left() * (0.5 if large else 0.4), workers, seed)
        if outcome.slot_of is not None and len(outcome.slot_of) >= len(best):
            best = outcome.slot_of
        placement_proven = outcome.status == cp_model.OPTIMAL
        stats["placement_status"] = cp_model.CpSolver().status_name(outcome.status)
    max_placed = len(best)

    all_placed = max_placed == len(schedulable)
    breaks_model = build_model(
        instance,
        domains,
        optional=not all_placed,
        with_breaks=True,
        fairness=instance.fairness,
        min_placed=max_placed if not all_placed else None,
        # The span bounds help small events; on big ones they only slow presolve down.
        span=not large,
    )
    if all_placed or placement_proven:
        breaks_model.model.minimize(breaks_model.breaks_total)
    else:
        weight = len(instance.participants) * len(instance.slots) + 1
        breaks_model.model.maximize(
            weight * breaks_model.placed_total - breaks_model.breaks_total
        )
    breaks_model.add_hint(best, instance)
    outcome = None
    if all_placed and not large:
        # Half the published events have a schedule without a single break; with every
        # break variable fixed to 0 propagation is strong, so try that first, briefly.
        probe = build_model(instance, domains, optional=False, with_breaks=True, fairness=None)
        probe.model.add(probe.breaks_total == 0)
        found = _run(probe, min(budget.left() * 0.25, 15.0), workers, seed)
        stats["zero_probe"] = cp_model.CpSolver().status_name(found.status)
        if found.slot_of is not None:
            outcome = found
    if outcome is None:
        outcome = _run(breaks_model, budget.left(), workers, seed)
    stats["breaks_status"] = cp_model.CpSolver().status_name(outcome.status)
    breaks_proven = outcome.status == cp_model.OPTIMAL
    fairness_blocks = outcome.status == cp_model.INFEASIBLE

    if outcome.slot_of is not None:
        best = outcome.slot_of
    elif fairness_blocks and time.perf_counter() < budget.deadline:
        # The bound cannot hold with that many meetings placed: place fewer, fairly.
        weighted = build_model(
            instance, domains, optional=True, with_breaks=True, fairness=instance.fairness
        )
        weight = len(instance.participants) * len(instance.slots) + 1
        weighted.model.maximize(weight * weighted.placed_total - weighted.breaks_total)
        fallback = _run(weighted, budget.left(), workers, seed)
        stats["fallback_status"] = cp_model.CpSolver().status_name(fallback.status)
        best = fallback.slot_of or {}
        breaks_proven = False
    else:
        # No fair schedule found in time; an unfair one is not a valid answer.
        best = best if _satisfies_fairness(instance, best) else {}

    complete = len(best) == len(instance.meetings)
    if complete:
        status = "optimal" if breaks_proven and placement_proven else "feasible"
    elif (
        len(schedulable) < len(instance.meetings)
        or (placement_proven and not all_placed)
        or (fairness_blocks and all_placed)
    ):
        status = "infeasible"
    else:
        status = "unknown"
    unplaced = _explain_unplaced(instance, domains, best, proven=status == "infeasible")
    return Result(
        status=status,
        assignments=build_assignments(instance, best),
        unplaced=unplaced,
        breaks=sum(breaks_per_participant(instance, best).values()),
        seconds=time.perf_counter() - started,
        stats=stats,
    )


def _explain_unplaced(
    instance: Instance, domains: Domains, slot_of: dict[str, int], *, proven: bool
) -> list[Unplaced]:
    overloaded = overloaded_participants(instance, domains)
    unplaced = []
    for meeting in instance.meetings:
        if meeting.id in slot_of:
            continue
        reason = domains.reasons.get(meeting.id)
        if reason is None:
            reason = next((overloaded[p] for p in meeting.participants if p in overloaded), None)
        if reason is None and proven:
            reason = (
                "no schedule places it together with the others: every slot left is busy "
                f"for {' or '.join(meeting.participants)}, full, or excluded by a "
                "precedence or the fairness bound"
            )
        if reason is None:
            reason = "not placed within the time limit"
        unplaced.append(Unplaced(meeting=meeting.id, reason=reason))
    return unplaced
