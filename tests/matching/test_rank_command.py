"""``scdt rank``: TREC output on a tiny set, and exit status 2 on bad input."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

DOCS = [
    {"id": "citygml-3", "title": "Gdańsk 3D", "description": "City model as CityGML 3.0.",
     "tags": ["Gdansk LOD2"], "language": "en"},
    {"id": "parking", "title": "Parking occupancy", "description": "Free spaces in garages."},
    {"id": "air", "title": "Air quality", "description": "PM2.5 and NO2 sensors in Vilnius."},
    {"id": "noise", "title": "Noise map", "description": "Road traffic noise, Wrocław."},
]
QUERIES = [
    {"id": "q1", "text": "CityGML 3.0 building model"},
    {"id": "q2", "text": "how full are the parking garages"},
]


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return write_jsonl(tmp_path / "docs.jsonl", DOCS), write_jsonl(tmp_path / "q.jsonl", QUERIES)


def run(documents, queries, **options):
    out, err = StringIO(), StringIO()
    call_command(
        "rank", documents=str(documents), queries=str(queries), stdout=out, stderr=err,
        **options,
    )
    return [line.split(" ") for line in out.getvalue().splitlines()], err.getvalue()


@pytest.mark.parametrize("mode", ["bm25", "hybrid", "dense"])
def test_rank_prints_trec_run_per_query(files, tmp_path, mode):
    documents, queries = files

    lines, progress = run(
        documents, queries, top=3, run_name="test-run", mode=mode, cache_dir=str(tmp_path / "c")
    )

    assert all(len(line) == 6 for line in lines)
    assert {line[0] for line in lines} == {"q1", "q2"}
    for query_id in ("q1", "q2"):
        rows = [line for line in lines if line[0] == query_id]
        assert [int(row[3]) for row in rows] == list(range(1, len(rows) + 1))
        assert 1 <= len(rows) <= 3
        scores = [float(row[4]) for row in rows]
        assert scores == sorted(scores, reverse=True)
    assert all(line[1] == "Q0" and line[5] == "test-run" for line in lines)
    assert {line[2] for line in lines} <= {doc["id"] for doc in DOCS}
    assert "4 documents, 2 queries" in progress


def test_rank_finds_exact_code_and_paraphrase_first(files, tmp_path):
    documents, queries = files

    lines, _ = run(documents, queries, top=2, cache_dir=str(tmp_path / "c"))

    first = {line[0]: line[2] for line in lines if line[3] == "1"}
    assert first == {"q1": "citygml-3", "q2": "parking"}


def test_rank_reuses_embedding_cache(files, tmp_path):
    documents, queries = files
    run(documents, queries, top=1, mode="dense", cache_dir=str(tmp_path / "c"))

    _, progress = run(documents, queries, top=1, mode="dense", cache_dir=str(tmp_path / "c"))

    assert "(0 not cached)" in progress


def test_rank_rejects_missing_file(files, tmp_path):
    _, queries = files

    with pytest.raises(CommandError, match="No such file") as caught:
        run(tmp_path / "nope.jsonl", queries)
    assert caught.value.returncode == 2


def test_rank_rejects_invalid_json_with_line_number(files, tmp_path):
    documents, _ = files
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "q1", "text": "ok"}\n{"id": "q2", "text": \n', encoding="utf-8")

    with pytest.raises(CommandError, match="line 2: invalid JSON") as caught:
        run(documents, bad)
    assert caught.value.returncode == 2


def test_rank_rejects_missing_id(files, tmp_path):
    _, queries = files
    bad = write_jsonl(tmp_path / "bad.jsonl", [DOCS[0], {"title": "no id"}])

    with pytest.raises(CommandError, match="line 2: missing 'id'"):
        run(bad, queries)


def test_rank_rejects_query_without_text(files, tmp_path):
    documents, _ = files
    bad = write_jsonl(tmp_path / "bad.jsonl", [{"id": "q1"}])

    with pytest.raises(CommandError, match="line 1: missing 'text'"):
        run(documents, bad)


def test_rank_exits_2_from_the_console(files, tmp_path):
    documents, _ = files
    scdt = Path(sys.executable).with_name("scdt")
    env = {**os.environ, "SCDT_HOME": str(tmp_path), "SCDT_TESTING": "1"}

    completed = subprocess.run(  # noqa: S603 -- our own console script, fixed arguments
        [str(scdt), "rank", "--documents", str(documents), "--queries", str(tmp_path / "x")],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=False, timeout=120,
    )

    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "QUERIES file" in completed.stderr
