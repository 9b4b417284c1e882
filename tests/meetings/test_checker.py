"""The independent checker itself: it must catch what a buggy solver would claim."""

from scdt.meetings.scheduling import check_schedule


def result(assignments, breaks, unplaced=()):
    return {
        "status": "feasible",
        "assignments": [{"meeting": m, "slot": s, "table": t} for m, s, t in assignments],
        "unplaced": [{"meeting": m, "reason": "x"} for m in unplaced],
        "breaks": breaks,
    }


def test_check_schedule_recomputes_breaks(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "a", "c")])

    check = check_schedule(raw, result([("m1", "s1", 1), ("m2", "s3", 1)], breaks=0))

    assert not check["valid"]
    assert check["breaks"] == 1
    assert "recomputed 1" in check["errors"][0]


def test_check_schedule_detects_double_booking_and_tables(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "a", "c")], tables=1)

    check = check_schedule(raw, result([("m1", "s1", 1), ("m2", "s1", 1)], breaks=0))

    assert any("both in s1" in e for e in check["errors"])
    assert any("table 1 given twice" in e for e in check["errors"])


def test_check_schedule_detects_every_hard_constraint(make_instance):
    raw = make_instance(
        [("m1", "a", "b", "afternoon"), ("m2", "c", "d"), ("m3", "e", "f")],
        afternoon_from=2,
        forbidden=[{"participant": "c", "slot": "s2"}],
        fixed=[{"meeting": "m3", "slot": "s3"}],
        precedences=[["m3", "m2"]],
    )

    check = check_schedule(
        raw, result([("m1", "s1", 1), ("m2", "s2", 1), ("m3", "s2", 2)], breaks=0)
    )

    errors = " ".join(check["errors"])
    assert "must be in the afternoon" in errors
    assert "forbidden slot s2" in errors
    assert "pinned to s3" in errors
    assert "must come before m2" in errors


def test_check_schedule_requires_unplaced_meetings_to_be_listed(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "c", "d")])

    listed = check_schedule(raw, result([("m1", "s1", 1)], breaks=0, unplaced=["m2"]))
    silent = check_schedule(raw, result([("m1", "s1", 1)], breaks=0))

    assert listed["valid"]
    assert not listed["complete"]
    assert not silent["valid"]


def test_check_schedule_fairness(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "a", "c")], fairness=0)

    check = check_schedule(raw, result([("m1", "s1", 1), ("m2", "s3", 1)], breaks=1))

    assert any("fairness" in e for e in check["errors"])


def test_check_schedule_remote_meetings_take_no_table(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "c", "d"), ("m3", "e", "f")], slot_count=1, tables=1)
    raw["meetings"][1]["remote"] = True
    raw["meetings"][2]["remote"] = True

    fine = check_schedule(raw, result([("m1", "s1", 1), ("m2", "s1", None), ("m3", "s1", None)], 0))
    tabled = check_schedule(raw, result([("m1", "s1", 1), ("m2", "s1", 1), ("m3", "s1", None)], 0))

    assert fine["valid"], fine["errors"]
    assert fine["complete"]
    assert any("m2 is remote but given table 1" in e for e in tabled["errors"])


def test_check_schedule_on_site_meetings_need_a_table(make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "c", "d")], slot_count=1, tables=1)
    raw["meetings"][1]["remote"] = False

    check = check_schedule(raw, result([("m1", "s1", 1), ("m2", "s1", None)], 0))

    assert any("m2: table None outside 1..1" in e for e in check["errors"])
