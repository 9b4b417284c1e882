"""Marketplace search latency: a text query plus two facets, counts included, at 50,000 rows.

    .venv/bin/python benchmarks/search_marketplace.py [--rows 50000] [--queries 300] [--rounds 3]
        [--vendor sqlite|postgresql|both] [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]

For each database the script starts itself in a child process pointed at a throw-away
database (SQLite: a temporary file; PostgreSQL: a temporary database it creates and drops),
migrates it, bulk-inserts generated opportunities in four languages (the full-text index is
built as rows go in: FTS5 triggers / generated tsvector + GIN) and prints the build time.
Then it times ``queries.browse`` - the page the browse view renders: the matching rows of
one page with their card data, the total count and all six facet counts - for several
hundred random queries of one or two words, each with two facet filters (kind and
country). It reports p50 and p95 per round and the medians over the rounds. Target: p95 < 50 ms.
"""

import argparse
import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS = {
    "en": "parking occupancy real-time sensor data air quality fusion city model update traffic flow "
    "energy consumption building heat island flood simulation open api platform twin digital mobility "
    "noise map citizen participation district heating forecast tram bus delay pedestrian counting "
    "lidar survey procurement pilot funding research cooperation water leak detection dashboard",
    "fi": "pysäköinti reaaliaikainen anturi ilmanlaatu kaupunkimalli liikenne energiankulutus rakennus "
    "tulvariski simulointi avoin rajapinta kaksonen liikkuminen melu asukas kaukolämpö ennuste "
    "raitiovaunu bussi kävijävirrat kartoitus hankinta pilotti rahoitus tutkimus vesijohto vuoto",
    "pl": "parking zajętość czas rzeczywisty czujnik jakość powietrza fuzja model miasta ruch energia "
    "budynek wyspa ciepła powódź symulacja otwarte dane platforma bliźniak mobilność hałas mieszkańcy "
    "ciepłownictwo prognoza tramwaj autobus opóźnienia skanowanie zamówienie pilotaż finansowanie",
    "lt": "stovėjimas užimtumas realiuoju laiku jutiklis oro kokybė suliejimas miesto modelis eismas "
    "energija pastatas šilumos sala potvynis modeliavimas atvirieji duomenys platforma dvynys judumas "
    "triukšmas gyventojai šilumos tiekimas prognozė tramvajus autobusas vėlavimai pirkimas finansavimas",
}
SYLLABLES = ["ka", "lo", "mi", "ne", "ra", "su", "ti", "vo", "pe", "da", "ri", "jo", "ul", "as", "en", "or"]
FILLER_SIZE = 4000
THEME_SIZE = 4


def themes() -> list[tuple[str, list[str]]]:
    """Groups of domain words per language; each generated opportunity is about one group."""
    groups = []
    for language, text in WORDS.items():
        words = text.split()
        groups.extend((language, words[i : i + THEME_SIZE]) for i in range(0, len(words) - 1, THEME_SIZE))
    groups = [(language, words) for language, words in groups if len(words) >= 2]
    return groups


def filler_words(rng: random.Random) -> list[str]:
    """Made-up words standing for the long tail of ordinary vocabulary (Zipf-weighted)."""
    words = set()
    while len(words) < FILLER_SIZE:
        words.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
    return sorted(words)


CITIES = [
    ("Turku", "FI"),
    ("Helsinki", "FI"),
    ("Gdańsk", "PL"),
    ("Wrocław", "PL"),
    ("Kraków", "PL"),
    ("Vilnius", "LT"),
    ("Kaunas", "LT"),
    ("Riga", "LV"),
    ("Tallinn", "EE"),
    ("Stockholm", "SE"),
]
ORG_TYPES = ["city", "public", "company", "research", "ngo"]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


# --- the child: one database --------------------------------------------------------------


def child(rows: int, query_count: int, rounds: int, seed: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scdt.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from scdt.marketplace.models import Opportunity

    call_command("migrate", verbosity=0)
    vendor = connection.vendor
    # A database kept from an earlier run (DATABASE_URL given by hand) is reused as it is.
    if Opportunity.objects.filter(slug__startswith="bench-").count() < rows:
        build_seconds = build(rows, seed)
        started = time.perf_counter()
        with connection.cursor() as cursor:
            # What a maintained database has: merged FTS5 segments / vacuumed heap, statistics.
            if vendor == "sqlite":
                fts = "marketplace_opportunity_fts"
                cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('optimize')")  # noqa: S608 constant
                cursor.execute("ANALYZE")
            else:
                cursor.execute("VACUUM ANALYZE")
        print(
            f"[{vendor}] {rows} opportunities inserted and indexed in {build_seconds:.1f} s, "
            f"then optimised and analysed in {time.perf_counter() - started:.1f} s",
            flush=True,
        )
    run_queries(vendor, query_count, rounds, seed)


def build(rows: int, seed: int) -> float:
    from django.db import transaction
    from django.utils import timezone

    from scdt.accounts.models import User
    from scdt.directory.models import Organisation, Topic
    from scdt.marketplace import search
    from scdt.marketplace.models import Category, Opportunity, Place, Status

    rng = random.Random(seed)
    owner = User.objects.create_user(email=f"bench-{uuid.uuid4().hex[:8]}@example.org")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench organisation {i}",
            slug=f"bench-org-{i}",
            type=ORG_TYPES[i % 5],
            country=CITIES[i % len(CITIES)][1],
            city=CITIES[i % len(CITIES)][0],
        )
        for i in range(300)
    )
    categories = list(Category.objects.all())
    topics = list(Topic.objects.all())
    groups = themes()
    filler = filler_words(rng)
    cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(filler))))
    started = time.perf_counter()
    batch = 2000
    now = timezone.now()
    expires = now.date().replace(year=now.year + 1)
    with transaction.atomic():
        for start in range(0, rows, batch):
            made = []
            for index in range(start, min(rows, start + batch)):
                language, theme = rng.choice(groups)
                title_words = rng.sample(theme, k=2) + rng.choices(filler, cum_weights=cumulative, k=rng.randint(2, 5))
                rng.shuffle(title_words)
                body_words = rng.choices(theme, k=rng.randint(3, 8)) + rng.choices(
                    filler, cum_weights=cumulative, k=rng.randint(30, 70)
                )
                rng.shuffle(body_words)
                title = " ".join(title_words).capitalize()
                body = " ".join(body_words)
                organisation = rng.choice(organisations)
                made.append(
                    Opportunity(
                        kind=rng.choice(["offer", "request"]),
                        category=rng.choice(categories),
                        title=title[:150],
                        slug=f"bench-{index}",
                        description=body,
                        description_html=body,
                        language=language,
                        owner=owner,
                        organisation=organisation,
                        status=Status.PUBLISHED,
                        expires_on=expires,
                        published_at=now,
                        search_title=search.document(title),
                        search_body=search.document(body, organisation.name),
                    )
                )
            created = Opportunity.objects.bulk_create(made)
            places, links = [], []
            for opportunity in created:
                for city, country in rng.sample(CITIES, k=rng.randint(1, 2)):
                    places.append(Place(opportunity=opportunity, city=city, country=country))
                for topic in rng.sample(topics, k=rng.randint(1, 3)):
                    links.append(Opportunity.topics.through(opportunity=opportunity, topic=topic))
            Place.objects.bulk_create(places)
            Opportunity.topics.through.objects.bulk_create(links)
    return time.perf_counter() - started


def run_queries(vendor: str, query_count: int, rounds: int, seed: int) -> None:
    from scdt.marketplace import queries, search

    rng = random.Random(seed + 1)
    groups = themes()
    workload = []
    for _ in range(query_count):
        _language, theme = rng.choice(groups)
        words = rng.sample(theme, k=rng.choice([1, 1, 2]))
        # Some queries typed without accents, some as prefixes: both must hit the index.
        if rng.random() < 0.3:
            words = [search.fold(w) for w in words]
        if rng.random() < 0.2:
            words = [w[: max(3, len(w) - 2)] for w in words]
        country = rng.choice(CITIES)[1]
        workload.append(queries.Filters(q=" ".join(words), kind=rng.choice(["offer", "request"]), country=country))
    for filters in workload[:20]:  # warm caches
        evaluate(queries, filters)
    p50s, p95s = [], []
    for round_number in range(1, rounds + 1):
        timings = []
        for filters in workload:
            started = time.perf_counter()
            evaluate(queries, filters)
            timings.append((time.perf_counter() - started) * 1000)
        p50, p95 = percentile(timings, 0.50), percentile(timings, 0.95)
        p50s.append(p50)
        p95s.append(p95)
        print(
            f"[{vendor}] round {round_number}: {len(timings)} queries, p50 {p50:.1f} ms, "
            f"p95 {p95:.1f} ms, max {max(timings):.1f} ms",
            flush=True,
        )
    print(
        f"[{vendor}] median over {rounds} rounds: p50 {statistics.median(p50s):.1f} ms, "
        f"p95 {statistics.median(p95s):.1f} ms (target p95 < 50 ms)",
        flush=True,
    )


def evaluate(queries, filters):
    result = queries.browse(filters)
    list(result.page.object_list)
    return result.count


# --- the parent: one child per database ---------------------------------------------------


def spawn(database_url: str, args) -> int:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "EMAIL_URL": "locmem:",
        "SCDT_VAR_DIR": tempfile.mkdtemp(prefix="scdt-bench-var-"),
    }
    env.pop("SCDT_TESTING", None)
    command = [
        sys.executable,
        __file__,
        "--child",
        "--rows",
        str(args.rows),
        "--queries",
        str(args.queries),
        "--rounds",
        str(args.rounds),
        "--seed",
        str(args.seed),
    ]
    return subprocess.run(command, env=env, check=False).returncode


def run_sqlite(args) -> int:
    with tempfile.TemporaryDirectory(prefix="scdt-bench-") as folder:
        return spawn(f"sqlite:///{folder}/bench.sqlite3", args)


def run_postgresql(args) -> int:
    import psycopg

    name = f"scdt_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(args.postgres_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = args.postgres_url.rsplit("/", 1)[0]
        return spawn(f"{base}/{name}", args)
    finally:
        with psycopg.connect(args.postgres_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.rows, args.queries, args.rounds, args.seed)
        return 0
    status = 0
    if args.vendor in {"sqlite", "both"}:
        status |= run_sqlite(args)
    if args.vendor in {"postgresql", "both"}:
        status |= run_postgresql(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
