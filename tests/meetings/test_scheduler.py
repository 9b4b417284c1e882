"""The CP-SAT scheduler, judged by the independent checker rather than its own claims."""

import json
import time

import pytest

from scdt.meetings.scheduling import check_schedule, first_fit, parse_instance, solve
from scdt.meetings.scheduling.bounds import participant_lower_bounds, zero_break_windows
from scdt.meetings.scheduling.domains import compute_domains
from scdt.meetings.scheduling.generator import generate_event

LIMIT = 10.0


def run(raw, **kwargs):
    result = solve(parse_instance(raw), time_limit=kwargs.pop("time_limit", LIMIT), **kwargs)
    data = result.to_dict()
    check = check_schedule(raw, data)
    assert check["valid"], check["errors"]
    return data, check


def slot_of(data):
    return {a["meeting"]: a["slot"] for a in data["assignments"]}


def test_solve_chain_of_meetings_has_no_break(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "a", "c"), ("m3", "a", "d")], tables=1)

    data, check = run(raw)

    assert data["status"] == "optimal"
    assert data["breaks"] == 0
    assert check["complete"]


def test_solve_forbidden_slots_force_the_known_optimum(make_instance):
    # b cannot meet in s2 and c only in s3, so a meets b in s1 and c in s3: one break.
    raw = make_instance(
        [("m1", "a", "b"), ("m2", "a", "c")],
        forbidden=[
            {"participant": "b", "slot": "s2"},
            {"participant": "c", "slot": "s1"},
            {"participant": "c", "slot": "s2"},
        ],
    )

    data, check = run(raw)

    assert data["status"] == "optimal"
    assert slot_of(data) == {"m1": "s1", "m2": "s3"}
    assert check["breaks"] == data["breaks"] == 1


def test_solve_fairness_bound_leaves_a_meeting_unplaced(make_instance):
    raw = make_instance(
        [("m1", "a", "b"), ("m2", "a", "c")],
        forbidden=[
            {"participant": "b", "slot": "s2"},
            {"participant": "c", "slot": "s1"},
            {"participant": "c", "slot": "s2"},
        ],
        fairness=0,
    )

    data, check = run(raw)

    assert data["status"] == "infeasible"
    assert len(data["assignments"]) == 1
    assert len(data["unplaced"]) == 1
    assert "fairness" in data["unplaced"][0]["reason"]
    assert max(check["per_participant"].values()) == 0


def test_solve_table_capacity_places_the_maximum(make_instance):
    raw = make_instance(
        [("m1", "a", "b"), ("m2", "c", "d"), ("m3", "e", "f")], slot_count=1, tables=2
    )

    data, check = run(raw)

    assert data["status"] == "infeasible"
    assert len(data["assignments"]) == 2
    assert [u["meeting"] for u in data["unplaced"]] == ["m3"] or len(data["unplaced"]) == 1
    assert data["unplaced"][0]["reason"]
    assert not check["complete"]


def test_solve_remote_meetings_take_no_table(make_instance):
    # Four meetings in one slot and one table: the three remote pairs need no table.
    raw = make_instance(
        [("m1", "a", "b"), ("m2", "c", "d"), ("m3", "e", "f"), ("m4", "g", "h")],
        slot_count=1,
        tables=1,
    )
    for meeting in raw["meetings"][1:]:
        meeting["remote"] = True

    data, check = run(raw)

    assert data["status"] == "optimal"
    assert check["complete"]
    tables = {a["meeting"]: a["table"] for a in data["assignments"]}
    assert tables == {"m1": 1, "m2": None, "m3": None, "m4": None}


def test_solve_remote_meetings_still_leave_on_site_pairs_out(make_instance):
    # The table limit still holds for the on-site pairs: two of them, one table, one slot.
    raw = make_instance([("m1", "a", "b"), ("m2", "c", "d"), ("m3", "e", "f")], slot_count=1, tables=1)
    raw["meetings"][2]["remote"] = True

    data, _check = run(raw)

    assert data["status"] == "infeasible"
    assert len(data["unplaced"]) == 1
    assert data["unplaced"][0]["meeting"] in {"m1", "m2"}
    assert "m3" in slot_of(data)


def test_solve_only_remote_meetings_need_no_tables_at_all(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "a", "c")], tables=0)
    for meeting in raw["meetings"]:
        meeting["remote"] = True

    data, check = run(raw)
    baseline = first_fit(parse_instance(raw)).to_dict()

    assert data["status"] == "optimal"
    assert check["complete"]
    assert check_schedule(raw, baseline)["complete"]


def test_solve_overloaded_participant_is_named_in_the_reason(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "a", "c"), ("m3", "a", "d")], slot_count=2)

    data, _ = run(raw)

    assert data["status"] == "infeasible"
    assert len(data["unplaced"]) == 1
    assert "a has 3 meetings but only 2 usable slots" in data["unplaced"][0]["reason"]


def test_solve_session_without_slots_is_explained(make_instance):
    raw = make_instance([("m1", "a", "b", "afternoon"), ("m2", "a", "c")])

    data, _ = run(raw)

    assert data["status"] == "infeasible"
    assert data["unplaced"] == [{"meeting": "m1", "reason": "the event has no afternoon slot"}]


def test_solve_session_restrictions_hold(make_instance):
    raw = make_instance(
        [("m1", "a", "b", "afternoon"), ("m2", "a", "c", "morning"), ("m3", "b", "c")],
        slot_count=4,
        afternoon_from=2,
    )

    data, _ = run(raw)

    assert data["status"] == "optimal"
    assert slot_of(data)["m1"] in {"s3", "s4"}
    assert slot_of(data)["m2"] in {"s1", "s2"}


def test_solve_pinned_meeting_stays_even_if_it_costs_a_break(make_instance):
    raw = make_instance(
        [("m1", "a", "b"), ("m2", "a", "c")], slot_count=4, fixed=[{"meeting": "m1", "slot": "s4"}]
    )
    raw["forbidden"] = [{"participant": "c", "slot": "s3"}]

    data, check = run(raw)

    assert slot_of(data)["m1"] == "s4"
    assert data["status"] == "optimal"
    assert check["breaks"] == 1


def test_solve_precedences_hold(make_instance):
    raw = make_instance(
        [("m1", "a", "b"), ("m2", "c", "d"), ("m3", "e", "f")],
        precedences=[["m3", "m2"], ["m2", "m1"]],
    )

    data, _ = run(raw)

    assert slot_of(data) == {"m3": "s1", "m2": "s2", "m1": "s3"}


def test_solve_precedence_cycle_is_infeasible(make_instance):
    raw = make_instance(
        [("m1", "a", "b"), ("m2", "c", "d")], precedences=[["m1", "m2"], ["m2", "m1"]]
    )

    data, _ = run(raw)

    assert data["status"] == "infeasible"
    assert len(data["unplaced"]) == 1


def test_solve_generated_event_respects_fairness():
    raw = generate_event(participants=40, slots=8, tables=15, seed=3, fairness=1, pinned=3)

    _data, check = run(raw, time_limit=5.0)

    assert check["complete"]
    spread = max(check["per_participant"].values()) - min(check["per_participant"].values())
    assert spread <= 1


def test_first_fit_is_checked_valid_but_not_better_than_solver():
    raw = generate_event(participants=24, slots=8, tables=9, seed=5, fairness=None, pinned=3)
    baseline = first_fit(parse_instance(raw)).to_dict()

    data, _ = run(raw, time_limit=5.0)

    assert check_schedule(raw, baseline)["valid"]
    assert len(data["unplaced"]) <= len(baseline["unplaced"])
    if not baseline["unplaced"]:
        assert data["breaks"] <= baseline["breaks"]


def test_zero_break_windows_and_lower_bounds(make_instance):
    # a: m1 only in s1, m2 only in s3 -> no run of 2 slots holds both: at least one break.
    # d: two meetings, any of 4 slots -> runs starting at s1, s2 or s3.
    raw = make_instance(
        [("m1", "a", "b"), ("m2", "a", "c"), ("m3", "d", "e"), ("m4", "d", "f")],
        slot_count=4,
        forbidden=[
            {"participant": "b", "slot": "s2"},
            {"participant": "b", "slot": "s3"},
            {"participant": "b", "slot": "s4"},
            {"participant": "c", "slot": "s1"},
            {"participant": "c", "slot": "s2"},
            {"participant": "c", "slot": "s4"},
        ],
    )
    instance = parse_instance(raw)

    windows = zero_break_windows(instance, compute_domains(instance))

    assert windows == {"a": [], "d": [0, 1, 2]}
    assert participant_lower_bounds(windows) == {"a": 1, "d": 0}
    data, check = run(raw)
    assert data["status"] == "optimal"
    assert check["breaks"] == 1


@pytest.mark.parametrize("name", ["tic-12", "tic-14crafa", "forumt-14", "forumt-14crafd"])
def test_solve_published_instance_reaches_published_optimum(shared_dir, name):
    folder = shared_dir / "benchmarks" / "b2b-meetings"
    raw = json.loads((folder / "instances" / f"{name}.json").read_text())
    optimum = json.loads((folder / "reference.json").read_text())[name]["published_optimum_breaks"]

    data, check = run(raw, time_limit=30.0)

    assert check["complete"]
    assert data["status"] == "optimal"
    assert check["breaks"] == optimum


def test_solve_time_limit_bounds_the_wall_time(shared_dir):
    # forum-13crafc is not solved to optimality in 3 s: every phase has to stop in time.
    folder = shared_dir / "benchmarks" / "b2b-meetings"
    raw = json.loads((folder / "instances" / "forum-13crafc.json").read_text())

    started = time.perf_counter()
    data, check = run(raw, time_limit=3.0)
    elapsed = time.perf_counter() - started

    # CP-SAT stops at its next check and each phase at its own; on a loaded 2-core machine
    # that overshoots by tens of milliseconds (3.08 s seen in CI). "About the time limit"
    # is the contract: half a second of slack, a second for process start and checking.
    assert data["seconds"] < 3.5
    assert elapsed < 4.5
    assert check["valid"]
