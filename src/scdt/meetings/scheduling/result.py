"""What a scheduler returns: the JSON result of ``scdt schedule``."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .instance import Instance

STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass(frozen=True)
class Assignment:
    meeting: str
    slot: str
    table: int | None  # None for a remote meeting: it takes no table


@dataclass(frozen=True)
class Unplaced:
    meeting: str
    reason: str


@dataclass
class Result:
    """``status``: optimal (every meeting placed, breaks proven minimal), feasible (every
    meeting placed), infeasible (proven: not every meeting can be placed; the assignments
    place as many as the solver could), unknown (no complete schedule found in the time).
    """

    status: str
    assignments: list[Assignment]
    unplaced: list[Unplaced]
    breaks: int
    seconds: float
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "assignments": [
                {"meeting": a.meeting, "slot": a.slot, "table": a.table} for a in self.assignments
            ],
            "unplaced": [{"meeting": u.meeting, "reason": u.reason} for u in self.unplaced],
            "breaks": self.breaks,
            "seconds": round(self.seconds, 3),
        }


def breaks_per_participant(instance: Instance, slot_of: dict[str, int]) -> dict[str, int]:
    """Breaks (gaps between consecutive meetings) of each participant, meeting -> slot index."""
    busy: dict[str, list[int]] = defaultdict(list)
    for meeting in instance.meetings:
        if meeting.id in slot_of:
            for pid in meeting.participants:
                busy[pid].append(slot_of[meeting.id])
    result = {}
    for pid in instance.participants:
        slots = sorted(busy.get(pid, ()))
        result[pid] = sum(1 for a, b in itertools.pairwise(slots) if b != a + 1)
    return result


def build_assignments(instance: Instance, slot_of: dict[str, int]) -> list[Assignment]:
    """Meetings in instance order, tables numbered 1..k within each slot (remote: none)."""
    used: dict[int, int] = defaultdict(int)
    assignments = []
    for meeting in instance.meetings:
        if meeting.id not in slot_of:
            continue
        index = slot_of[meeting.id]
        table = None
        if not meeting.remote:
            used[index] += 1
            table = used[index]
        assignments.append(Assignment(meeting=meeting.id, slot=instance.slots[index].id, table=table))
    return assignments
