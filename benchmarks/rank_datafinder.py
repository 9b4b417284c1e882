"""DataFinder dev benchmark of the matching engine, and the latency benchmark.

    .venv/bin/python benchmarks/rank_datafinder.py [--data DIR] [--cache-dir DIR]
        [--tune] [--latency-only] [--skip-latency] [--evaluate-py PATH]

Runs BM25, dense and hybrid on both query styles (full sentence, keyphrase) through
the same code as ``scdt rank`` (scdt.matching.engine.batch), evaluates each run
normally and with the paper's temporal filter, and prints one table. ``--tune``
first prints the grid used to choose the numbers in engine/weights.py.

Metrics follow trec_eval: nDCG@10 (ndcg_cut.10, binary gains), P@5, R@5
(recall.5), MAP@5 (map_cut.5), MRR@5 (reciprocal rank, 0 below rank 5); relevant
documents missing from the corpus still count in the denominators. The temporal
filter drops, per query, documents whose year is known and later than the query
paper's year, before cutting. Values are percentages, as in the paper.
If ``--evaluate-py`` names the shared evaluate.py, it is also run on each run
file (normal and --temporal) and its output printed as is.
"""

import argparse
import json
import math
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from scdt.matching.engine import batch, dense, fusion, text, weights  # noqa: E402
from scdt.matching.engine.index import MatchIndex, top_k  # noqa: E402
from scdt.matching.engine.lexical import BM25Index, index_terms  # noqa: E402
from scdt.matching.engine.recommend import recommend  # noqa: E402

DEFAULT_DATA = Path("/work/shared/benchmarks/datafinder-dev")
STYLES = ("full", "keyphrase")
MODES = ("bm25", "dense", "hybrid")
METRICS = ("nDCG@10", "P@5", "R@5", "MAP@5", "MRR@5")


def log(message):
    print(message, file=sys.stderr, flush=True)


# --- evaluation -------------------------------------------------------------------


class Judgements:
    def __init__(self, data: Path):
        self.relevant: dict[str, set[str]] = defaultdict(set)
        for line in (data / "qrels.txt").read_text().splitlines():
            parts = line.split()
            if len(parts) == 4 and int(parts[3]) > 0:
                self.relevant[parts[0]].add(parts[2])
        self.doc_year = {}
        for line in (data / "docs_meta.jsonl").read_text().splitlines():
            row = json.loads(line)
            if row.get("year_known") and row.get("year") is not None:
                self.doc_year[row["id"]] = int(row["year"])
        self.query_year = {}
        for line in (data / "queries_meta.jsonl").read_text().splitlines():
            row = json.loads(line)
            if row.get("year") is not None:
                self.query_year[row["id"]] = int(row["year"])

    def allowed(self, query_id: str, doc_id: str) -> bool:
        year = self.query_year.get(query_id)
        doc_year = self.doc_year.get(doc_id)
        return year is None or doc_year is None or doc_year <= year

    def evaluate(self, run: dict[str, list[str]], *, temporal: bool) -> dict[str, float]:
        totals = dict.fromkeys(METRICS, 0.0)
        queries = [q for q in run if self.relevant.get(q)]
        for query_id in queries:
            relevant = self.relevant[query_id]
            ranked = run[query_id]
            if temporal:
                ranked = [d for d in ranked if self.allowed(query_id, d)]
            hits = [doc in relevant for doc in ranked[:10]]
            dcg = sum(1 / math.log2(i + 2) for i, hit in enumerate(hits) if hit)
            ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), 10)))
            totals["nDCG@10"] += dcg / ideal
            top5 = hits[:5]
            totals["P@5"] += sum(top5) / 5
            totals["R@5"] += sum(top5) / len(relevant)
            found, precision_sum = 0, 0.0
            for i, hit in enumerate(top5):
                if hit:
                    found += 1
                    precision_sum += found / (i + 1)
            totals["MAP@5"] += precision_sum / len(relevant)
            first = next((i for i, hit in enumerate(top5) if hit), None)
            totals["MRR@5"] += 1 / (first + 1) if first is not None else 0.0
        return {name: 100 * value / len(queries) for name, value in totals.items()}


def run_dict(results) -> dict[str, list[str]]:
    return {query_id: [hit.id for hit in hits] for query_id, hits in results}


def external_evaluation(evaluate_py: Path, data: Path, run: dict, name: str):
    with tempfile.NamedTemporaryFile("w", suffix=".run", delete=False) as handle:
        for query_id, doc_ids in run.items():
            for position, doc_id in enumerate(doc_ids, start=1):
                handle.write(f"{query_id} Q0 {doc_id} {position} {-position} {name}\n")
    for extra in ([], ["--temporal", str(data)]):
        completed = subprocess.run(
            [sys.executable, str(evaluate_py), str(data / "qrels.txt"), handle.name, *extra],
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"# evaluate.py {name} {' '.join(extra)}\n{completed.stdout}{completed.stderr}")


# --- tuning -----------------------------------------------------------------------


def tune(data, judgements, documents, queries_by_style, cache, *, bm25_grid=True):
    """Print the grid that chose weights.py; returns nothing (numbers go in by hand)."""

    def score(style, ranking_fn):
        run = {}
        for query in queries_by_style[style]:
            run[query["id"]] = ranking_fn(query)
        return judgements.evaluate(run, temporal=False)["nDCG@10"]

    ids = [str(doc["id"]) for doc in documents]
    full_texts = [text.item_text(doc) for doc in documents]

    print("## BM25: stemming prefix x (k1, b)  -- nDCG@10 full / keyphrase")
    best_bm25 = {}
    for prefix in (0, 4, 5, 6, 7) if bm25_grid else ():
        doc_terms = [text.tokenize(t, prefix=prefix) for t in full_texts]
        for k1, b in ((0.9, 0.4), (1.2, 0.75), (1.2, 0.5), (0.6, 0.3)):
            bm25 = BM25Index(doc_terms, k1=k1, b=b)
            cells = []
            for style in STYLES:
                value = score(
                    style,
                    lambda q, bm25=bm25, prefix=prefix: [
                        ids[i]
                        for i in top_k(bm25.scores(text.tokenize(q["text"], prefix=prefix)), 100)
                    ],
                )
                cells.append(value)
            best_bm25[(prefix, k1, b)] = cells
            print(f"prefix={prefix} k1={k1} b={b}: {cells[0]:.2f} / {cells[1]:.2f}")
    glossary_index = BM25Index([index_terms(t) for t in full_texts])
    cells = [
        score(style, lambda q: [
            ids[i] for i in top_k(glossary_index.scores(index_terms(q["text"])), 100)
        ])
        for style in STYLES
    ]
    print(f"weights.py settings, glossary={weights.USE_GLOSSARY}: {cells[0]:.2f} / {cells[1]:.2f}")

    print("\n## dense: description words kept (0 = all) -- nDCG@10 full / keyphrase")
    query_vectors = {
        style: dense.embed([q["text"] for q in queries_by_style[style]], is_query=True, cache=cache)
        for style in STYLES
    }
    doc_vectors = {}
    for max_words in (50, 100, 0):
        texts = [text.item_text(doc, max_words=max_words or None) for doc in documents]
        keys = [dense.content_key(t, is_query=False) for t in texts]
        if any(cache.get(key) is None for key in keys):
            print(f"max_words={max_words}: not all cached, skipped")
            continue
        doc_vectors[max_words] = np.stack([cache.get(key) for key in keys])
        cells = []
        for style in STYLES:
            sims = query_vectors[style] @ doc_vectors[max_words].T
            run = {
                q["id"]: [ids[i] for i in top_k(sims[row], 100)]
                for row, q in enumerate(queries_by_style[style])
            }
            cells.append(judgements.evaluate(run, temporal=False)["nDCG@10"])
        print(f"max_words={max_words}: {cells[0]:.2f} / {cells[1]:.2f}")

    vectors = doc_vectors.get(weights.DOC_MAX_WORDS or 0)
    if vectors is None:
        print("current DOC_MAX_WORDS not cached; hybrid and bands skipped")
        return

    print("\n## score bands: share of relevant top-10 hits by dense cosine (both styles)")
    pairs = []
    for style in STYLES:
        sims = query_vectors[style] @ vectors.T
        for row, q in enumerate(queries_by_style[style]):
            for i in top_k(sims[row], 10):
                pairs.append((float(sims[row, i]), ids[i] in judgements.relevant[q["id"]]))
    cosines = np.array([c for c, _ in pairs])
    hits = np.array([h for _, h in pairs])
    for threshold in np.quantile(cosines, [0.0, 0.5, 0.75, 0.9, 0.95, 0.99]):
        above = cosines >= threshold
        print(
            f"cosine >= {threshold:.3f}: {above.sum()} hits, "
            f"{100 * hits[above].mean():.1f}% relevant"
        )

    print("\n## hybrid (current BM25 and DOC_MAX_WORDS): fusion x weight x depth")
    bm25 = BM25Index([index_terms(t) for t in full_texts])
    lexical = {
        style: [bm25.scores(index_terms(q["text"])) for q in queries_by_style[style]]
        for style in STYLES
    }
    sims = {style: query_vectors[style] @ vectors.T for style in STYLES}

    def fused_run(style, method, parameter, depth):
        run = {}
        for row, q in enumerate(queries_by_style[style]):
            d, lex = sims[style][row], lexical[style][row]
            d_top = top_k(d, depth)
            l_top = top_k(lex, depth)
            l_top = l_top[lex[l_top] > 0]
            candidates = np.union1d(d_top, l_top)
            final = np.full(len(d), -np.inf, dtype=np.float32)
            if method == "rrf":
                fused = np.zeros(len(d), dtype=np.float32)
                ranks = np.arange(1, depth + 1, dtype=np.float32)
                fused[d_top] += parameter / (weights.RRF_K + ranks[: len(d_top)])
                fused[l_top] += (1 - parameter) / (weights.RRF_K + ranks[: len(l_top)])
                final[candidates] = fused[candidates]
            else:
                final[candidates] = fusion.normalised_sum(
                    d, lex, candidates, dense_weight=parameter
                )
            run[q["id"]] = [ids[i] for i in top_k(final, 100) if np.isfinite(final[i])]
        return judgements.evaluate(run, temporal=False)["nDCG@10"]

    for method, parameters in (
        ("sum", (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)),
        ("rrf", (0.5, 0.6, 0.7, 0.8)),
    ):
        for depth in (100, 200):
            for parameter in parameters:
                cells = [fused_run(style, method, parameter, depth) for style in STYLES]
                print(
                    f"{method} w_dense={parameter} depth={depth}: "
                    f"{cells[0]:.2f} / {cells[1]:.2f} (mean {(cells[0] + cells[1]) / 2:.2f})"
                )


# --- latency ----------------------------------------------------------------------


def latency(rng: np.random.Generator, documents: list[dict], cache) -> None:
    """p50/p95 of one recommendation request with 5,000 + 50,000 items indexed.

    Embedding 55,000 texts would take ~2 hours here, so the index holds random
    unit vectors around the real document vectors' mean (same dimension, same
    cosine range) and texts resampled from the real corpus; the query is embedded
    live (that is part of the request).
    """
    texts = [text.item_text(doc, max_words=weights.DOC_MAX_WORDS) for doc in documents]
    keys = [dense.content_key(t, is_query=False) for t in texts]
    real = np.stack([cache.get(k) for k in keys if cache.get(k) is not None])
    mean, spread = real.mean(axis=0), real.std(axis=0)
    size = 55_000
    vectors = (mean + rng.standard_normal((size, dense.DIM)) * spread).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    picks = rng.integers(0, len(documents), size)
    cities = ("Turku", "Gdańsk", "Wrocław", "Vilnius")
    items = [
        {
            **documents[p],
            "id": f"{'opportunity' if i < 5000 else 'dataset'}-{i}",
            "kind": ("offer", "request")[i % 2] if i < 5000 else "dataset",
            "city": cities[i % 4],
        }
        for i, p in enumerate(picks)
    ]
    started = time.perf_counter()
    index = MatchIndex(items, vectors, texts=[texts[p] for p in picks])
    build = time.perf_counter() - started
    query_docs = rng.choice(len(documents), 200, replace=False)
    warm = dense.embed_one("warm up", is_query=True)
    index.search("warm up", warm, k=10)
    search_only, total, recommended = [], [], []
    for p in query_docs:
        source = {**documents[p], "kind": "request", "city": "Turku"}
        query_text = text.item_text(source, max_words=40)
        started = time.perf_counter()
        vector = dense.embed_one(query_text, is_query=True)
        embedded = time.perf_counter()
        index.search(query_text, vector, k=20, mode="hybrid")
        done = time.perf_counter()
        recommend(index, source, vector, k=10)
        recommended.append(time.perf_counter() - done)
        search_only.append(done - embedded)
        total.append(done - started)
    ms = lambda values, q: 1000 * float(np.percentile(values, q))  # noqa: E731
    print("\n## latency: 55,000 items (5,000 opportunities + 50,000 datasets), 200 queries")
    print(f"index build (BM25 + matrix): {build:.1f} s")
    print("| step | p50 ms | p95 ms |\n|---|---|---|")
    print(
        f"| hybrid search (vector given) | {ms(search_only, 50):.1f} "
        f"| {ms(search_only, 95):.1f} |"
    )
    print(f"| embed query + hybrid search | {ms(total, 50):.1f} | {ms(total, 95):.1f} |")
    print(
        f"| recommend: hybrid search + rerank 50 + explain 10 (vector stored) "
        f"| {ms(recommended, 50):.1f} | {ms(recommended, 95):.1f} |"
    )


# --- main -------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache-dir", type=Path, default=ROOT / "var" / "cache" / "embeddings")
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--latency-only", action="store_true")
    parser.add_argument("--skip-latency", action="store_true")
    parser.add_argument("--evaluate-py", type=Path, default=None)
    args = parser.parse_args()

    documents = batch.read_documents(args.data / "docs.jsonl")
    queries = {
        style: batch.read_queries(args.data / f"queries.{style}.jsonl") for style in STYLES
    }
    judgements = Judgements(args.data)
    cache = dense.EmbeddingCache(args.cache_dir)
    log(f"{len(documents)} documents; cache holds {len(cache)} vectors")
    if args.latency_only:
        latency(np.random.default_rng(7), documents, cache)
        return
    if args.tune:
        tune(args.data, judgements, documents, queries, cache)

    rows, timings_rows = [], []
    indexes = {}
    for mode in MODES:
        timings = batch.Timings()
        started = time.perf_counter()
        indexes[mode] = batch.build_index(
            documents, mode=mode, cache=cache, timings=timings, progress=log
        )
        build = time.perf_counter() - started
        for style in STYLES:
            style_timings = batch.Timings()
            results = list(
                batch.rank(
                    indexes[mode], queries[style], mode=mode, top=100, cache=cache,
                    timings=style_timings,
                )
            )
            run = run_dict(results)
            for temporal in (False, True):
                metrics = judgements.evaluate(run, temporal=temporal)
                rows.append((mode, style, "temporal" if temporal else "all", metrics))
            if args.evaluate_py:
                external_evaluation(args.evaluate_py, args.data, run, f"{mode}-{style}")
            timings_rows.append(
                (
                    mode, style, timings.embed_documents_seconds, timings.documents_embedded,
                    timings.index_seconds, style_timings.embed_queries_seconds,
                    style_timings.rank_seconds, build,
                )
            )

    print("\n## DataFinder dev (198 queries, 7,564 datasets), top 100, percentages")
    print("| mode | queries | filter | " + " | ".join(METRICS) + " |")
    print("|---|---|---|" + "---|" * len(METRICS))
    for mode, style, which, metrics in rows:
        cells = " | ".join(f"{metrics[name]:.1f}" for name in METRICS)
        print(f"| {mode} | {style} | {which} | {cells} |")
    print("\nPaper, fine-tuned bi-encoder (temporal): P@5 16.5, R@5 31.6, MAP@5 23.6, MRR@5 42.4")

    print("\n## timings (s)")
    print(
        "| mode | queries | embed docs (not cached) | BM25 index "
        "| embed 198 queries | rank 198 |"
    )
    print("|---|---|---|---|---|---|")
    for mode, style, embed_docs, embedded, index_s, embed_q, rank_s, _ in timings_rows:
        print(
            f"| {mode} | {style} | {embed_docs:.1f} ({embedded}) | {index_s:.1f} | "
            f"{embed_q:.1f} | {rank_s:.2f} |"
        )
    if not args.skip_latency:
        latency(np.random.default_rng(7), documents, cache)


if __name__ == "__main__":
    main()
