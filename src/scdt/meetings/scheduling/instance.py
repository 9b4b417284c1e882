"""The scheduling instance: dataclasses and strict parsing of the JSON form.

The JSON form is the contract of ``scdt schedule`` (see docs/scheduling.md). Parsing is
strict on purpose: an organiser's typo (an unknown participant, a slot id that does not
exist, ``"fairnes"``) must stop the run with a message naming the field, not produce a
schedule that silently ignores a constraint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SESSIONS = ("morning", "afternoon")
MEETING_SESSIONS = ("morning", "afternoon", "any")

_TOP_LEVEL_KEYS = {
    "name",
    "participants",
    "slots",
    "tables",
    "meetings",
    "forbidden",
    "fixed",
    "precedences",
    "fairness",
}


class InstanceError(ValueError):
    """A malformed instance; ``field`` is the path of the offending value."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True)
class Slot:
    id: str
    session: str
    index: int


@dataclass(frozen=True)
class Meeting:
    id: str
    participants: tuple[str, str]
    session: str = "any"
    # A remote (hybrid) pair meets in a virtual room: it takes no table.
    remote: bool = False


@dataclass(frozen=True)
class Instance:
    """A validated instance. ``fixed`` maps meeting id -> slot id (pinned meetings)."""

    participants: tuple[str, ...]
    slots: tuple[Slot, ...]
    tables: int
    meetings: tuple[Meeting, ...]
    name: str = ""
    forbidden: frozenset[tuple[str, str]] = frozenset()
    fixed: dict[str, str] = field(default_factory=dict)
    precedences: tuple[tuple[str, str], ...] = ()
    fairness: int | None = None

    def slot_index(self) -> dict[str, int]:
        return {slot.id: slot.index for slot in self.slots}

    def to_dict(self) -> dict[str, Any]:
        """The JSON form again (parse_instance(i.to_dict()) == i)."""
        return {
            "name": self.name,
            "participants": list(self.participants),
            "slots": [{"id": s.id, "session": s.session} for s in self.slots],
            "tables": self.tables,
            "meetings": [
                {
                    "id": m.id,
                    "participants": list(m.participants),
                    "session": m.session,
                    **({"remote": True} if m.remote else {}),
                }
                for m in self.meetings
            ],
            "forbidden": [{"participant": p, "slot": s} for p, s in sorted(self.forbidden)],
            "fixed": [{"meeting": m, "slot": s} for m, s in self.fixed.items()],
            "precedences": [list(pair) for pair in self.precedences],
            "fairness": self.fairness,
        }


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require_list(data: dict, key: str, *, required: bool) -> list:
    if key not in data:
        if required:
            raise InstanceError(key, "is required")
        return []
    value = data[key]
    if not isinstance(value, list):
        raise InstanceError(key, f"must be a list, got {type(value).__name__}")
    return value


def _require_object(value: Any, path: str, keys: set[str], required: set[str]) -> dict:
    if not isinstance(value, dict):
        raise InstanceError(path, f"must be an object, got {type(value).__name__}")
    unknown = sorted(set(value) - keys)
    if unknown:
        raise InstanceError(f"{path}.{unknown[0]}", "unknown field")
    for key in sorted(required):
        if key not in value:
            raise InstanceError(f"{path}.{key}", "is required")
    return value


def _require_id(value: Any, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(path, f"must be a non-empty string, got {value!r}")
    return value


def _parse_participants(data: dict) -> tuple[str, ...]:
    raw = _require_list(data, "participants", required=True)
    seen: set[str] = set()
    for i, value in enumerate(raw):
        pid = _require_id(value, f"participants[{i}]")
        if pid in seen:
            raise InstanceError(f"participants[{i}]", f"duplicate participant {pid!r}")
        seen.add(pid)
    return tuple(raw)


def _parse_slots(data: dict) -> tuple[Slot, ...]:
    raw = _require_list(data, "slots", required=True)
    if not raw:
        raise InstanceError("slots", "must contain at least one slot")
    slots: list[Slot] = []
    seen: set[str] = set()
    for i, value in enumerate(raw):
        path = f"slots[{i}]"
        obj = _require_object(value, path, {"id", "session"}, {"id", "session"})
        sid = _require_id(obj["id"], f"{path}.id")
        if sid in seen:
            raise InstanceError(f"{path}.id", f"duplicate slot {sid!r}")
        seen.add(sid)
        if obj["session"] not in SESSIONS:
            raise InstanceError(
                f"{path}.session", f"must be 'morning' or 'afternoon', got {obj['session']!r}"
            )
        slots.append(Slot(id=sid, session=obj["session"], index=i))
    return tuple(slots)


def _parse_meetings(data: dict, participants: set[str]) -> tuple[Meeting, ...]:
    raw = _require_list(data, "meetings", required=True)
    meetings: list[Meeting] = []
    seen: set[str] = set()
    for i, value in enumerate(raw):
        path = f"meetings[{i}]"
        obj = _require_object(
            value, path, {"id", "participants", "session", "remote"}, {"id", "participants"}
        )
        mid = _require_id(obj["id"], f"{path}.id")
        if mid in seen:
            raise InstanceError(f"{path}.id", f"duplicate meeting {mid!r}")
        seen.add(mid)
        pair = obj["participants"]
        if not isinstance(pair, list) or len(pair) != 2:
            raise InstanceError(f"{path}.participants", "must be a list of exactly two participants")
        for j, pid in enumerate(pair):
            if pid not in participants:
                raise InstanceError(f"{path}.participants[{j}]", f"unknown participant {pid!r}")
        if pair[0] == pair[1]:
            raise InstanceError(f"{path}.participants", f"{pair[0]!r} cannot meet themselves")
        session = obj.get("session", "any")
        if session not in MEETING_SESSIONS:
            raise InstanceError(
                f"{path}.session", f"must be 'morning', 'afternoon' or 'any', got {session!r}"
            )
        remote = obj.get("remote", False)
        if not isinstance(remote, bool):
            raise InstanceError(f"{path}.remote", f"must be true or false, got {remote!r}")
        meetings.append(
            Meeting(id=mid, participants=(pair[0], pair[1]), session=session, remote=remote)
        )
    return tuple(meetings)


def _parse_forbidden(data: dict, participants: set[str], slots: set[str]) -> frozenset:
    pairs = set()
    for i, value in enumerate(_require_list(data, "forbidden", required=False)):
        path = f"forbidden[{i}]"
        obj = _require_object(value, path, {"participant", "slot"}, {"participant", "slot"})
        if obj["participant"] not in participants:
            raise InstanceError(
                f"{path}.participant", f"unknown participant {obj['participant']!r}"
            )
        if obj["slot"] not in slots:
            raise InstanceError(f"{path}.slot", f"unknown slot {obj['slot']!r}")
        pairs.add((obj["participant"], obj["slot"]))
    return frozenset(pairs)


def _parse_fixed(data: dict, meetings: set[str], slots: set[str]) -> dict[str, str]:
    fixed: dict[str, str] = {}
    for i, value in enumerate(_require_list(data, "fixed", required=False)):
        path = f"fixed[{i}]"
        obj = _require_object(value, path, {"meeting", "slot"}, {"meeting", "slot"})
        if obj["meeting"] not in meetings:
            raise InstanceError(f"{path}.meeting", f"unknown meeting {obj['meeting']!r}")
        if obj["slot"] not in slots:
            raise InstanceError(f"{path}.slot", f"unknown slot {obj['slot']!r}")
        if obj["meeting"] in fixed:
            raise InstanceError(f"{path}.meeting", f"meeting {obj['meeting']!r} is fixed twice")
        fixed[obj["meeting"]] = obj["slot"]
    return fixed


def _parse_precedences(data: dict, meetings: set[str]) -> tuple[tuple[str, str], ...]:
    result = []
    for i, value in enumerate(_require_list(data, "precedences", required=False)):
        path = f"precedences[{i}]"
        if not isinstance(value, list) or len(value) != 2:
            raise InstanceError(path, "must be a pair [first, second] of meeting ids")
        for j, mid in enumerate(value):
            if mid not in meetings:
                raise InstanceError(f"{path}[{j}]", f"unknown meeting {mid!r}")
        if value[0] == value[1]:
            raise InstanceError(path, f"meeting {value[0]!r} cannot precede itself")
        # Cycles are left to the solver: they make the instance infeasible, which it reports.
        result.append((value[0], value[1]))
    return tuple(result)


def parse_instance(data: Any) -> Instance:
    """Validate the JSON form of an instance; raise InstanceError naming the bad field."""
    if not isinstance(data, dict):
        raise InstanceError("(instance)", f"must be a JSON object, got {type(data).__name__}")
    unknown = sorted(set(data) - _TOP_LEVEL_KEYS)
    if unknown:
        raise InstanceError(unknown[0], "unknown field")
    name = data.get("name", "")
    if not isinstance(name, str):
        raise InstanceError("name", f"must be a string, got {type(name).__name__}")
    participants = _parse_participants(data)
    slots = _parse_slots(data)
    if "tables" not in data:
        raise InstanceError("tables", "is required")
    tables = data["tables"]
    # 0 is allowed: an all-remote (virtual) session has no tables at all.
    if not _is_int(tables) or tables < 0:
        raise InstanceError("tables", f"must be a non-negative integer, got {tables!r}")
    meetings = _parse_meetings(data, set(participants))
    slot_ids = {s.id for s in slots}
    meeting_ids = {m.id for m in meetings}
    forbidden = _parse_forbidden(data, set(participants), slot_ids)
    fixed = _parse_fixed(data, meeting_ids, slot_ids)
    precedences = _parse_precedences(data, meeting_ids)
    fairness = data.get("fairness")
    if fairness is not None and (not _is_int(fairness) or fairness < 0):
        raise InstanceError("fairness", f"must be null or a non-negative integer, got {fairness!r}")
    return Instance(
        name=name,
        participants=participants,
        slots=slots,
        tables=tables,
        meetings=meetings,
        forbidden=forbidden,
        fixed=fixed,
        precedences=precedences,
        fairness=fairness,
    )
