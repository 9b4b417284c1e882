"""Which slots each meeting may take before any search: session, forbidden and fixed slots."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .instance import Instance


@dataclass(frozen=True)
class Domains:
    """``allowed[m]``: slot indices meeting ``m`` may use, in time order.
    ``reasons[m]``: why a meeting cannot be placed at all (only for meetings with none).
    """

    allowed: dict[str, list[int]]
    reasons: dict[str, str]


def compute_domains(instance: Instance) -> Domains:
    forbidden_at: dict[str, set[int]] = {}
    index = instance.slot_index()
    for pid, sid in instance.forbidden:
        forbidden_at.setdefault(pid, set()).add(index[sid])
    allowed: dict[str, list[int]] = {}
    reasons: dict[str, str] = {}
    for meeting in instance.meetings:
        a, b = meeting.participants
        in_session = [
            s.index for s in instance.slots if meeting.session in ("any", s.session)
        ]
        if not in_session:
            reasons[meeting.id] = f"the event has no {meeting.session} slot"
        candidates = in_session
        if meeting.id in instance.fixed:
            pinned = index[instance.fixed[meeting.id]]
            if pinned not in in_session:
                reasons[meeting.id] = (
                    f"pinned to {instance.fixed[meeting.id]}, outside its {meeting.session} session"
                )
            candidates = [pinned] if pinned in in_session else []
        free = [
            s
            for s in candidates
            if s not in forbidden_at.get(a, ()) and s not in forbidden_at.get(b, ())
        ]
        if candidates and not free:
            if meeting.id in instance.fixed:
                reasons[meeting.id] = (
                    f"pinned to {instance.fixed[meeting.id]}, a slot one of "
                    f"{a}, {b} is unavailable"
                )
            else:
                reasons[meeting.id] = f"{a} and {b} have no common free slot in its session"
        allowed[meeting.id] = free
    return Domains(allowed=allowed, reasons=reasons)


def overloaded_participants(instance: Instance, domains: Domains) -> dict[str, str]:
    """Participants with more meetings than slots they could use: a counting argument
    that explains unplaced meetings far better than "the solver could not"."""
    count: Counter[str] = Counter()
    usable: dict[str, set[int]] = {}
    for meeting in instance.meetings:
        for pid in meeting.participants:
            count[pid] += 1
            usable.setdefault(pid, set()).update(domains.allowed[meeting.id])
    return {
        pid: f"{pid} has {n} meetings but only {len(usable[pid])} usable slots"
        for pid, n in count.items()
        if n > len(usable[pid])
    }
