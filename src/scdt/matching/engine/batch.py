"""Batch ranking of JSONL files: what ``scdt rank`` and the benchmark run.

DOCS lines: {"id", "title", "description", "tags" (optional), "language" (optional)}
QUERIES lines: {"id", "text"}. Output: TREC run lines ``qid Q0 docid rank score run``.
"""

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from . import dense, text, weights
from .index import MODES, Hit, MatchIndex


class InputError(ValueError):
    """A DOCS or QUERIES file that cannot be read; the message names file and line."""


def read_jsonl(path: str | Path, *, required: tuple[str, ...], kind: str) -> list[dict]:
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{kind} file {path}: {error.strerror or error}") from error
    rows, seen = [], set()
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(
                    f"{kind} file {path}, line {number}: invalid JSON ({error.msg})"
                ) from error
            if not isinstance(row, dict):
                raise InputError(f"{kind} file {path}, line {number}: not a JSON object")
            for name in required:
                value = row.get(name)
                if value is None or (name == "id" and not str(value).strip()):
                    raise InputError(f"{kind} file {path}, line {number}: missing {name!r}")
            if any(char.isspace() for char in str(row["id"])):
                raise InputError(
                    f"{kind} file {path}, line {number}: id contains whitespace "
                    "(TREC runs are space-separated)"
                )
            if str(row["id"]) in seen:
                raise InputError(
                    f"{kind} file {path}, line {number}: duplicate id {row['id']!r}"
                )
            seen.add(str(row["id"]))
            rows.append(row)
    return rows


def read_documents(path) -> list[dict]:
    return read_jsonl(path, required=("id",), kind="DOCS")


def read_queries(path) -> list[dict]:
    return read_jsonl(path, required=("id", "text"), kind="QUERIES")


@dataclass
class Timings:
    index_seconds: float = 0.0  # tokenising + BM25
    embed_documents_seconds: float = 0.0
    embed_queries_seconds: float = 0.0
    rank_seconds: float = 0.0
    documents_embedded: int = 0  # not found in the cache
    extra: dict = field(default_factory=dict)


def build_index(
    documents: list[dict],
    *,
    mode: str,
    cache: dense.EmbeddingCache | None,
    timings: Timings,
    progress: Callable[[str], None] | None = None,
    max_words: int | None = None,
) -> MatchIndex:
    max_words = weights.DOC_MAX_WORDS if max_words is None else max_words
    texts = [text.item_text(doc, max_words=max_words) for doc in documents]
    vectors = None
    if mode != "bm25":
        before = len(cache) if cache is not None else 0
        started = time.perf_counter()
        vectors = dense.embed(
            texts,
            is_query=False,
            cache=cache,
            progress=(
                (lambda done, todo: progress(f"embedded {done}/{todo} documents"))
                if progress
                else None
            ),
        )
        timings.embed_documents_seconds = time.perf_counter() - started
        timings.documents_embedded = (len(cache) - before) if cache is not None else len(texts)
    started = time.perf_counter()
    index = MatchIndex(documents, vectors, texts=texts)
    timings.index_seconds = time.perf_counter() - started
    return index


def rank(
    index: MatchIndex,
    queries: list[dict],
    *,
    mode: str,
    top: int,
    cache: dense.EmbeddingCache | None,
    timings: Timings,
) -> Iterator[tuple[str, list[Hit]]]:
    """(query id, hits) for every query, in input order."""
    if mode not in MODES:
        raise InputError(f"mode must be one of {', '.join(MODES)}")
    vectors = None
    if mode != "bm25":
        started = time.perf_counter()
        vectors = dense.embed([str(q["text"]) for q in queries], is_query=True, cache=cache)
        timings.embed_queries_seconds = time.perf_counter() - started
    started = time.perf_counter()
    results = []
    for row, query in enumerate(queries):
        vector = vectors[row] if vectors is not None else None
        hits = index.search(str(query["text"]), vector, k=top, mode=mode)
        results.append((str(query["id"]), hits))
    timings.rank_seconds = time.perf_counter() - started
    yield from results


def trec_lines(results, run_name: str) -> Iterator[str]:
    for query_id, hits in results:
        for position, hit in enumerate(hits, start=1):
            score = hit.score if np.isfinite(hit.score) else 0.0
            yield f"{query_id} Q0 {hit.id} {position} {score:.6f} {run_name}"
