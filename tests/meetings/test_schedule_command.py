"""``scdt schedule``: one JSON object on stdout, exit code 2 with a clear message on bad input."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scdt.meetings.scheduling import check_schedule

SCDT = Path(sys.executable).with_name("scdt")


def write(tmp_path, content):
    path = tmp_path / "instance.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_schedule_command_prints_one_json_object(tmp_path, make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "a", "c")])
    out = io.StringIO()

    call_command("schedule", instance=str(write(tmp_path, raw)), time_limit=5, stdout=out)

    data = json.loads(out.getvalue())
    assert set(data) == {"status", "assignments", "unplaced", "breaks", "seconds"}
    assert data["status"] == "optimal"
    assert check_schedule(raw, data)["valid"]


def test_schedule_command_first_fit_baseline(tmp_path, make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "a", "c")])
    out = io.StringIO()

    call_command("schedule", instance=str(write(tmp_path, raw)), baseline="first-fit", stdout=out)

    data = json.loads(out.getvalue())
    assert data["status"] == "feasible"
    assert check_schedule(raw, data)["valid"]


def test_schedule_command_malformed_instance_names_field(tmp_path, make_instance):
    raw = make_instance([("m1", "a", "b")])
    raw["meetings"][0]["participants"][1] = "p99"

    with pytest.raises(CommandError) as caught:
        call_command("schedule", instance=str(write(tmp_path, raw)))

    assert caught.value.returncode == 2
    assert "meetings[0].participants[1]: unknown participant 'p99'" in str(caught.value)


def test_schedule_command_missing_file(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("schedule", instance=str(tmp_path / "nope.json"))

    assert caught.value.returncode == 2
    assert "cannot read" in str(caught.value)


def test_schedule_cli_invalid_json_exits_2_with_position(tmp_path):
    path = write(tmp_path, '{"participants": [\n  "a",\n}')

    completed = subprocess.run(  # noqa: S603 - our own console script
        [str(SCDT), "schedule", "--instance", str(path)],
        capture_output=True, text=True, check=False, timeout=60,
    )

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "invalid JSON at line 3, column 1" in completed.stderr


def test_schedule_cli_runs_without_database(tmp_path, make_instance):
    raw = make_instance([("m1", "a", "b"), ("m2", "b", "c")])
    path = write(tmp_path, raw)

    completed = subprocess.run(  # noqa: S603 - our own console script
        [str(SCDT), "schedule", "--instance", str(path), "--time-limit", "5"],
        capture_output=True, text=True, check=False, timeout=60,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:////nonexistent/dir/db.sqlite3"},
    )

    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["breaks"] == 0
