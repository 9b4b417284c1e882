"""A seeded generator of big matchmaking events that are feasible by construction.

A schedule is planted first: the participants are split into four equal groups, each away
for one block of a quarter of the slots (early, two middle ones, late), and in every slot
the participants present are paired at random, each pair met at most once. Meetings are
the planted pairs, then shuffled; session restrictions, forbidden slots and pins are drawn
so that the planted schedule keeps satisfying them. Planted breaks: at most one per
participant (only the middle groups have one), so fairness 2 is satisfiable too.
"""

from __future__ import annotations

import random
from typing import Any


def generate_event(
    *,
    participants: int = 1000,
    slots: int = 16,
    tables: int = 400,
    seed: int = 1,
    fairness: int | None = 2,
    forbidden_share: float = 0.2,
    restricted_share: float = 0.15,
    pinned: int = 50,
) -> dict[str, Any]:
    """The instance dict (JSON form). With the defaults: 1,000 participants, 16 slots,
    400 tables and 6,000 meetings (750 present per slot, 375 meetings per slot)."""
    rng = random.Random(seed)
    people = [f"p{i + 1}" for i in range(participants)]
    rng.shuffle(people)
    block = slots // 4
    away: dict[str, set[int]] = {}
    for position, pid in enumerate(people):
        group = position % 4
        away[pid] = set(range(group * block, (group + 1) * block))
    morning = slots // 2
    slot_list = [
        {"id": f"s{s + 1}", "session": "morning" if s < morning else "afternoon"}
        for s in range(slots)
    ]
    met: set[frozenset[str]] = set()
    planted: list[tuple[str, str, int]] = []
    for s in range(slots):
        present = [pid for pid in people if s not in away[pid]]
        for _attempt in range(50):
            rng.shuffle(present)
            pairs = [frozenset(present[i : i + 2]) for i in range(0, len(present) - 1, 2)]
            if len(pairs) <= tables and not any(pair in met for pair in pairs):
                break
        for pair in pairs:
            if pair in met:
                continue  # a repeat would be a second meeting of the same two people
            met.add(pair)
            a, b = sorted(pair)
            planted.append((a, b, s))
    rng.shuffle(planted)
    meetings = []
    fixed = []
    for number, (a, b, s) in enumerate(planted, start=1):
        session = "any"
        if rng.random() < restricted_share:
            session = slot_list[s]["session"]
        meetings.append({"id": f"m{number}", "participants": [a, b], "session": session})
        if len(fixed) < pinned and rng.random() < 0.02:
            fixed.append({"meeting": f"m{number}", "slot": slot_list[s]["id"]})
    forbidden = []
    for pid in sorted(people):
        if rng.random() < forbidden_share:
            s = rng.choice(sorted(away[pid]))
            forbidden.append({"participant": pid, "slot": slot_list[s]["id"]})
    return {
        "name": f"generated-{participants}p-{len(meetings)}m-seed{seed}",
        "participants": sorted(people, key=lambda p: int(p[1:])),
        "slots": slot_list,
        "tables": tables,
        "meetings": meetings,
        "forbidden": forbidden,
        "fixed": fixed,
        "precedences": [],
        "fairness": fairness,
    }
