"""The organiser's scheduler: place every meeting if possible, then minimise breaks fairly.

Lexicographic, in phases sharing one time budget (``time_limit`` is a hard bound on the
wall time, model building included):

1. First-fit (milliseconds) gives a starting point.
2. Small events: the bound probe (probes.py): every participant's breaks fixed to their own
   lower bound (bounds.py), eager search, one worker, a few seconds at most. A
   schedule found is optimal; proven impossible raises the lower bound of the complete
   schedules by one.
3. Then, if it was impossible: one-more-break probes, one candidate participant at a time
   given one break more than their bound (half of what is left at most). A schedule found
   is optimal; every candidate proven impossible raises the lower bound once more.
4. Small events: at most one break per participant, minimise breaks (eager search, one
   worker, half of what is left). Its schedule is complete and fair; it is optimal when it
   meets the lower bound, else it is the hint of phase 6.
5. If no complete schedule is known yet, a placement model without break variables
   maximises the number of placed meetings (hinted with first-fit). Proven maximum below
   the total means no complete schedule exists.
6. The break model minimises the total breaks under the fairness bound, with the number
   placed held at the maximum and the best schedule so far as hint.
7. If the fairness bound makes that impossible, one weighted model places as many
   meetings as it can under fairness, breaks second.

Status "optimal" is only reported when both the placement and the breaks are proven.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from .bounds import participant_lower_bounds, zero_break_windows
from .domains import Domains, compute_domains, overloaded_participants
from .firstfit import first_fit_slots
from .model import SchedulingModel, build_model
from .probes import fixed_breaks_probe, one_more_break
from .result import Result, Unplaced, breaks_per_participant, build_assignments

if TYPE_CHECKING:
    from .instance import Instance

DEFAULT_WORKERS = 8
# Below this many x variables the break model is solved with full search; above it the
# solver runs as local search around the hint (see docs/scheduling.md, "Big events").
LARGE_MODEL_VARIABLES = 30_000
# The bound probe's share of the budget, at most (see solve()).
BOUND_PROBE_SECONDS = 18.0
# The share of what is left after the bound probe that the one-more-break probes get.
ONE_MORE_SHARE = 0.5
# The share of what is left that the one-break-each phase gets (see _capped_phase).
CAPPED_SHARE = 0.5


@dataclass
class _Outcome:
    status: int
    slot_of: dict[str, int] | None


class _Budget:
    """The wall-time budget of one solve() call, model building included: the time limit
    is a hard bound, so a margin is kept for building the result after the last phase."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds - min(1.0, 0.05 * seconds)

    def left(self) -> float:
        return max(0.05, self.deadline - time.perf_counter())


def _run(
    sm: SchedulingModel, seconds: float, workers: int, seed: int, *, eager: bool = False
) -> _Outcome:
    """Solve ``sm``. ``eager``: SAT-style search that tries placing a meeting (x = true)
    before excluding it and skips the LP; measured to find compact schedules of the
    published events several times faster when every break is bounded."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if eager:
        solver.parameters.initial_polarity = type(solver.parameters.initial_polarity).POLARITY_TRUE
        solver.parameters.linearization_level = 0
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
    windows = zero_break_windows(instance, domains)
    lower = participant_lower_bounds(windows)
    breaks_lower_bound = sum(lower.values())
    if not large and schedulable:
        # Half the published events have a schedule without a single break, and on four
        # more every participant's breaks can be exactly their own lower bound (bounds.py).
        # Probes with every participant's breaks fixed settle that in about a second
        # (probes.py); this also settles placement, so it runs before the placement phase.
        found = fixed_breaks_probe(
            instance, domains, windows=windows, lower=lower, extra_for=None,
            seconds=min(budget.left() * 0.35, BOUND_PROBE_SECONDS), seed=seed, hint=best,
            # Measured on the loaded machine: windows make this probe slower on ticf-14crafa
            # (not found in 18 s; without them 10-16 s) and faster on forum-14 (found in 3
            # runs of 4 against 1 of 4): mixed, so the plain form that the zero-break probe
            # had; the one-more-break probes below need them.
            with_windows=False,
        )
        stats["bound_probe"] = cp_model.CpSolver().status_name(found.status)
        if found.slot_of is not None:
            return _result(
                instance, domains=domains, slot_of=found.slot_of, started=started, stats=stats
            )
        if found.status == cp_model.INFEASIBLE:
            breaks_lower_bound += 1
            # Then one participant more with a break is the next best thing.
            deadline = time.perf_counter() + budget.left() * ONE_MORE_SHARE
            extra, refuted = one_more_break(
                instance, domains, windows=windows, lower=lower, deadline=deadline, seed=seed,
                stats=stats,
            )
            if extra is not None:
                return _result(instance, domains=domains, slot_of=extra, started=started, stats=stats)
            if refuted:
                breaks_lower_bound += 1
    stats["breaks_lower_bound"] = breaks_lower_bound
    if not large and schedulable:
        capped, capped_proven = _capped_phase(
            instance,
            domains=domains,
            best=best,
            lower_bound=breaks_lower_bound,
            budget=budget,
            seed=seed,
            stats=stats,
        )
        if capped is not None:
            # A complete schedule: placement is settled as well.
            best, placement_proven = capped, True
            if capped_proven:
                return _result(
                    instance, domains=domains, slot_of=best, started=started, stats=stats
                )
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
    if all_placed and breaks_lower_bound:
        breaks_model.model.add(breaks_model.breaks_total >= breaks_lower_bound)
    if all_placed or placement_proven:
        breaks_model.model.minimize(breaks_model.breaks_total)
    else:
        weight = len(instance.participants) * len(instance.slots) + 1
        breaks_model.model.maximize(
            weight * breaks_model.placed_total - breaks_model.breaks_total
        )
    breaks_model.add_hint(best, instance)
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
    return _result(
        instance, domains=domains, slot_of=best, started=started, stats=stats, status=status
    )


def _capped_phase(
    instance: Instance,
    *,
    domains: Domains,
    best: dict[str, int],
    lower_bound: int,
    budget: _Budget,
    seed: int,
    stats: dict[str, object],
) -> tuple[dict[str, int] | None, bool]:
    """Minimise breaks with at most one break per participant, eager search, one worker.

    Every meeting is placed. A restriction (an optimum could give someone two breaks), but on the
    published events it finds schedules within a few breaks of the optimum in seconds where
    the full model needs minutes; its best schedule is then the hint of the full model.
    Proven optimal only when it meets the lower bound of the probes.
    """
    capped = build_model(
        instance, domains, optional=False, with_breaks=True, fairness=instance.fairness,
        span=False,
    )
    for expr in capped.breaks.values():
        capped.model.add(expr <= 1)
    if lower_bound:
        capped.model.add(capped.breaks_total >= lower_bound)
    capped.model.minimize(capped.breaks_total)
    capped.add_hint(best, instance)
    outcome = _run(capped, budget.left() * CAPPED_SHARE, 1, seed, eager=True)
    stats["capped_status"] = cp_model.CpSolver().status_name(outcome.status)
    if outcome.slot_of is None:
        return None, False
    breaks = sum(breaks_per_participant(instance, outcome.slot_of).values())
    stats["capped_breaks"] = breaks
    return outcome.slot_of, breaks <= lower_bound


def _result(
    instance: Instance,
    *,
    domains: Domains,
    slot_of: dict[str, int],
    started: float,
    stats: dict[str, object],
    status: str | None = None,
) -> Result:
    """The result for ``slot_of``. Without ``status``: every schedulable meeting is placed
    with proven minimal breaks, so "optimal" if that is every meeting, else "infeasible"."""
    if status is None:
        status = "optimal" if len(slot_of) == len(instance.meetings) else "infeasible"
    unplaced = _explain_unplaced(instance, domains, slot_of, proven=status == "infeasible")
    return Result(
        status=status,
        assignments=build_assignments(instance, slot_of),
        unplaced=unplaced,
        breaks=sum(breaks_per_participant(instance, slot_of).values()),
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
