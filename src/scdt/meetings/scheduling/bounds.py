"""Per-participant lower bounds on breaks, from each participant's own meetings alone.

A participant with ``n`` meetings has no break only if their meetings fill ``n``
consecutive slots. Whether some window of ``n`` consecutive slots can hold them is a
bipartite matching between their meetings and the window's slots (each meeting only in a
slot it may use: sessions, forbidden slots and pins are in the domains). If no window can,
that participant has at least one break in every complete schedule, whatever the others do.

On the published events this is exact more often than not: the sum of these bounds *is*
the optimum of forum-14, forumt-14, forumt-14crafc and forumt-14crafd, and the solver's
first probe (every participant's breaks fixed to their bound) then finds and proves the
optimum at once.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .domains import Domains
    from .instance import Instance


def _perfect_matching(options: list[set[int]]) -> bool:
    """Can every meeting get its own slot among its options (Kuhn's augmenting paths)?"""
    owner: dict[int, int] = {}

    def augment(meeting: int, seen: set[int]) -> bool:
        for slot in options[meeting]:
            if slot in seen:
                continue
            seen.add(slot)
            if slot not in owner or augment(owner[slot], seen):
                owner[slot] = meeting
                return True
        return False

    return all(augment(meeting, set()) for meeting in range(len(options)))


def _windows(allowed: list[set[int]], slot_count: int) -> list[int]:
    """First slots of the runs of ``len(allowed)`` consecutive slots that can hold them all."""
    n = len(allowed)
    starts = []
    for start in range(slot_count - n + 1):
        window = set(range(start, start + n))
        options = [slots & window for slots in allowed]
        if all(options) and _perfect_matching(options):
            starts.append(start)
    return starts


def zero_break_windows(instance: Instance, domains: Domains) -> dict[str, list[int]]:
    """Participant id (two or more schedulable meetings) -> the first slots of the runs of
    consecutive slots their meetings could fill without a break; empty when none can.
    Only meetings that can be placed at all count; precedences are ignored."""
    allowed_of: dict[str, list[set[int]]] = defaultdict(list)
    for meeting in instance.meetings:
        if domains.allowed[meeting.id]:
            for pid in meeting.participants:
                allowed_of[pid].append(set(domains.allowed[meeting.id]))
    slot_count = len(instance.slots)
    return {
        pid: _windows(allowed, slot_count) for pid, allowed in allowed_of.items() if len(allowed) >= 2
    }


def participant_lower_bounds(windows: dict[str, list[int]]) -> dict[str, int]:
    """Participant id -> 1 when no run of consecutive slots can hold their meetings (so
    every complete schedule gives them a break), else 0; from ``zero_break_windows``."""
    return {pid: 0 if starts else 1 for pid, starts in windows.items()}
