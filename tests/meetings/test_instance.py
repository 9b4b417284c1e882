"""Strict parsing of scheduling instances: every error names the field."""

import copy

import pytest

from scdt.meetings.scheduling import InstanceError, parse_instance


@pytest.fixture
def raw(make_instance):
    return make_instance(
        [("m1", "a", "b"), ("m2", "a", "c")],
        fixed=[{"meeting": "m1", "slot": "s1"}],
        precedences=[["m1", "m2"]],
        forbidden=[{"participant": "c", "slot": "s1"}],
        fairness=2,
    )


def test_parse_instance_valid_round_trips(raw):
    instance = parse_instance(raw)

    assert parse_instance(instance.to_dict()) == instance
    assert instance.fixed == {"m1": "s1"}
    assert instance.slots[2].index == 2
    assert not instance.meetings[0].remote


def test_parse_instance_remote_meetings_round_trip(raw):
    raw["meetings"][1]["remote"] = True
    raw["tables"] = 0

    instance = parse_instance(raw)

    assert [m.remote for m in instance.meetings] == [False, True]
    assert instance.tables == 0
    assert parse_instance(instance.to_dict()) == instance


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda d: d["meetings"][1]["participants"].__setitem__(1, "p99"),
         "meetings[1].participants[1]", "unknown participant 'p99'"),
        (lambda d: d["meetings"][1].__setitem__("id", "m1"), "meetings[1].id", "duplicate meeting"),
        (lambda d: d["participants"].append("a"), "participants[3]", "duplicate participant"),
        (lambda d: d["slots"][1].__setitem__("id", "s1"), "slots[1].id", "duplicate slot"),
        (lambda d: d["slots"][0].__setitem__("session", "evening"), "slots[0].session", "must be"),
        (lambda d: d["fixed"].append({"meeting": "m9", "slot": "s1"}), "fixed[1].meeting",
         "unknown meeting"),
        (lambda d: d["fixed"].append({"meeting": "m1", "slot": "s2"}), "fixed[1].meeting",
         "fixed twice"),
        (lambda d: d["fixed"][0].__setitem__("slot", "s9"), "fixed[0].slot", "unknown slot"),
        (lambda d: d["forbidden"][0].__setitem__("slot", "s9"), "forbidden[0].slot",
         "unknown slot"),
        (lambda d: d["precedences"].append(["m1"]), "precedences[1]", "pair"),
        (lambda d: d["precedences"].append(["m1", "m7"]), "precedences[1][1]", "unknown meeting"),
        (lambda d: d.__setitem__("tables", -1), "tables", "non-negative integer"),
        (lambda d: d.__setitem__("tables", True), "tables", "non-negative integer"),
        (lambda d: d["meetings"][0].__setitem__("remote", "yes"), "meetings[0].remote",
         "true or false"),
        (lambda d: d.__setitem__("fairness", -1), "fairness", "non-negative"),
        (lambda d: d.__setitem__("fairnes", 2), "fairnes", "unknown field"),
        (lambda d: d.pop("meetings"), "meetings", "is required"),
        (lambda d: d.__setitem__("slots", []), "slots", "at least one"),
        (lambda d: d["meetings"][0].__setitem__("participants", ["a"]), "meetings[0].participants",
         "exactly two"),
        (lambda d: d["meetings"][0].__setitem__("participants", ["a", "a"]),
         "meetings[0].participants", "cannot meet themselves"),
        (lambda d: d["meetings"][0].__setitem__("session", "noon"), "meetings[0].session",
         "must be"),
        (lambda d: d["meetings"][0].__setitem__("room", 1), "meetings[0].room", "unknown field"),
    ],
)
def test_parse_instance_malformed_names_the_field(raw, change, field, message):
    data = copy.deepcopy(raw)
    change(data)

    with pytest.raises(InstanceError) as caught:
        parse_instance(data)

    assert caught.value.field == field
    assert message in caught.value.message
    assert str(caught.value).startswith(f"{field}: ")


def test_parse_instance_not_an_object():
    with pytest.raises(InstanceError, match="must be a JSON object"):
        parse_instance([1, 2])
