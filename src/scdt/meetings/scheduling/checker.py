"""An independent checker of a schedule result against its instance.

Written separately from the solver on purpose and sharing none of its code (not even the
instance parser): it reads the raw JSON dicts, rechecks every hard constraint and
recomputes the breaks, so a bug in the model cannot hide behind its own claims.
"""

from __future__ import annotations

import itertools
from typing import Any


def _gaps(indices: list[int]) -> int:
    ordered = sorted(indices)
    total = 0
    for earlier, later in itertools.pairwise(ordered):
        if later - earlier > 1:
            total += 1
    return total


def check_schedule(instance: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """Return ``{"valid", "complete", "errors", "breaks", "per_participant"}``.

    ``valid``: every assignment respects every hard constraint, the claimed breaks match
    the recomputed ones, and every meeting is either assigned or listed as unplaced.
    ``complete``: every meeting is assigned. A partial schedule can be valid.
    """
    errors: list[str] = []
    order = {slot["id"]: position for position, slot in enumerate(instance["slots"])}
    session_of = {slot["id"]: slot["session"] for slot in instance["slots"]}
    meeting_by_id = {meeting["id"]: meeting for meeting in instance["meetings"]}
    table_count = instance["tables"]

    slot_of: dict[str, str] = {}
    tables_taken: dict[str, set[int]] = {}
    for entry in result.get("assignments", []):
        mid, sid, table = entry.get("meeting"), entry.get("slot"), entry.get("table")
        if mid not in meeting_by_id:
            errors.append(f"assignment of unknown meeting {mid!r}")
            continue
        if mid in slot_of:
            errors.append(f"meeting {mid} assigned twice")
            continue
        if sid not in order:
            errors.append(f"meeting {mid} in unknown slot {sid!r}")
            continue
        slot_of[mid] = sid
        taken = tables_taken.setdefault(sid, set())
        if meeting_by_id[mid].get("remote", False) is True:
            # A remote pair meets in a virtual room: no table, and it uses none of them.
            if table is not None:
                errors.append(f"meeting {mid} is remote but given table {table!r}")
        elif type(table) is not int or table < 1 or table > table_count:
            errors.append(f"meeting {mid}: table {table!r} outside 1..{table_count}")
        elif table in taken:
            errors.append(f"slot {sid}: table {table} given twice")
        else:
            taken.add(table)

    for sid, taken in tables_taken.items():
        if len(taken) > table_count:
            errors.append(f"slot {sid}: {len(taken)} meetings for {table_count} tables")

    unplaced = {entry.get("meeting") for entry in result.get("unplaced", [])}
    for mid in meeting_by_id:
        if mid not in slot_of and mid not in unplaced:
            errors.append(f"meeting {mid} neither assigned nor listed as unplaced")
        if mid in slot_of and mid in unplaced:
            errors.append(f"meeting {mid} both assigned and listed as unplaced")

    occupant: dict[tuple[str, str], str] = {}
    slots_of_participant: dict[str, list[int]] = {pid: [] for pid in instance["participants"]}
    for mid, sid in slot_of.items():
        meeting = meeting_by_id[mid]
        for pid in meeting["participants"]:
            if (pid, sid) in occupant:
                errors.append(f"{pid} has {occupant[pid, sid]} and {mid} both in {sid}")
            occupant[pid, sid] = mid
            slots_of_participant[pid].append(order[sid])
        wanted = meeting.get("session", "any")
        if wanted != "any" and session_of[sid] != wanted:
            errors.append(f"meeting {mid} must be in the {wanted}, is in {sid}")

    for rule in instance.get("forbidden", []):
        key = (rule["participant"], rule["slot"])
        if key in occupant:
            errors.append(f"{key[0]} meets ({occupant[key]}) in forbidden slot {key[1]}")
    for rule in instance.get("fixed", []):
        mid = rule["meeting"]
        if mid in slot_of and slot_of[mid] != rule["slot"]:
            errors.append(f"meeting {mid} is pinned to {rule['slot']} but is in {slot_of[mid]}")
    for first, second in instance.get("precedences", []):
        if first in slot_of and second in slot_of and order[slot_of[first]] >= order[slot_of[second]]:
            errors.append(f"meeting {first} must come before {second}")

    per_participant = {pid: _gaps(slots) for pid, slots in slots_of_participant.items()}
    breaks = sum(per_participant.values())
    bound = instance.get("fairness")
    if bound is not None and per_participant and slot_of:
        spread = max(per_participant.values()) - min(per_participant.values())
        if spread > bound:
            errors.append(f"fairness: breaks differ by {spread}, more than {bound}")
    if result.get("breaks") != breaks:
        errors.append(f"claimed {result.get('breaks')!r} breaks, recomputed {breaks}")
    return {
        "valid": not errors,
        "complete": len(slot_of) == len(meeting_by_id),
        "errors": errors,
        "breaks": breaks,
        "per_participant": per_participant,
    }
