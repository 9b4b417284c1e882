"""First-fit: the "quick schedule" of hosted matchmaking tools, kept as a baseline and a hint.

Meetings in the given order (pinned ones first, so they keep their slot), each into the
earliest allowed slot where both participants are free, a table is free (unless the
meeting is remote) and the
precedences with meetings already placed hold. Nothing is ever moved once placed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import TYPE_CHECKING

from .domains import Domains, compute_domains
from .result import Result, Unplaced, breaks_per_participant, build_assignments

if TYPE_CHECKING:
    from .instance import Instance


def first_fit_slots(instance: Instance, domains: Domains) -> dict[str, int]:
    """Meeting id -> slot index for the meetings first-fit manages to place."""
    busy: set[tuple[str, int]] = set()
    used: dict[int, int] = defaultdict(int)
    before: dict[str, list[str]] = defaultdict(list)  # m -> meetings that must come earlier
    after: dict[str, list[str]] = defaultdict(list)
    for first, second in instance.precedences:
        before[second].append(first)
        after[first].append(second)
    slot_of: dict[str, int] = {}
    order = sorted(instance.meetings, key=lambda m: m.id not in instance.fixed)
    for meeting in order:
        low = max((slot_of[m] for m in before[meeting.id] if m in slot_of), default=-1)
        high = min((slot_of[m] for m in after[meeting.id] if m in slot_of), default=10**9)
        for s in domains.allowed[meeting.id]:
            if not low < s < high or (not meeting.remote and used[s] >= instance.tables):
                continue
            if any((pid, s) in busy for pid in meeting.participants):
                continue
            slot_of[meeting.id] = s
            used[s] += not meeting.remote
            busy.update((pid, s) for pid in meeting.participants)
            break
    return slot_of


def first_fit(instance: Instance) -> Result:
    """Schedule with first-fit. Status is "feasible" when it placed everything, else
    "unknown": first-fit proves nothing, and it ignores the fairness bound."""
    started = time.perf_counter()
    domains = compute_domains(instance)
    slot_of = first_fit_slots(instance, domains)
    unplaced = [
        Unplaced(
            meeting=m.id,
            reason=domains.reasons.get(m.id, "first-fit found no slot where both are free"),
        )
        for m in instance.meetings
        if m.id not in slot_of
    ]
    return Result(
        status="unknown" if unplaced else "feasible",
        assignments=build_assignments(instance, slot_of),
        unplaced=unplaced,
        breaks=sum(breaks_per_participant(instance, slot_of).values()),
        seconds=time.perf_counter() - started,
    )
