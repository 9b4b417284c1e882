"""Fixtures of the meetings tests: small hand-made scheduling instances."""

import pytest


def _slots(count, afternoon_from=None):
    return [
        {
            "id": f"s{i + 1}",
            "session": "afternoon" if afternoon_from is not None and i >= afternoon_from else "morning",
        }
        for i in range(count)
    ]


def _instance(meetings, *, participants=None, slot_count=3, tables=5, **extra):
    """An instance dict; meetings as (id, a, b) or (id, a, b, session)."""
    people = participants or sorted({p for m in meetings for p in m[1:3]})
    data = {
        "name": "hand",
        "participants": people,
        "slots": _slots(slot_count, extra.pop("afternoon_from", None)),
        "tables": tables,
        "meetings": [
            {"id": m[0], "participants": [m[1], m[2]], "session": m[3] if len(m) > 3 else "any"}
            for m in meetings
        ],
        "forbidden": [],
        "fixed": [],
        "precedences": [],
        "fairness": None,
    }
    data.update(extra)
    return data


@pytest.fixture
def make_instance():
    """Build an instance dict: ``make_instance([("m1", "a", "b"), ...], slot_count=3, ...)``."""
    return _instance
