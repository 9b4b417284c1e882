"""Catalogue search latency with 100,000 datasets (FTS5 on SQLite, tsvector on PostgreSQL).

    .venv/bin/python benchmarks/search_catalogue.py [--datasets 100000] [--queries 300]
        [--vendor sqlite|postgresql] [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]

Builds a throw-away database (a temporary SQLite file, or a temporary PostgreSQL database
created and dropped), bulk-inserts generated datasets in four languages with two
distributions each (the full-text index fills as rows go in), then times, for random
queries of one or two words, half of them with a facet filter (city or theme):

- search: the first page of 20 results with their distributions, and the total count -
  what ``queries.search_datasets`` gives the catalogue page and the API;
- search + facets: the same plus all seven facet counts (``queries.facet_counts``).

Reports p50 and p95 in milliseconds. Target: search p95 < 50 ms.
"""

import argparse
import itertools
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = {
    "en": "traffic cycling air quality population buildings energy parking noise water trees budget schools "
    "tourism weather port harbour bus tram timetable counters sensors flood heat map plan address",
    "fi": "liikenne pyöräily ilmanlaatu väestö rakennukset energia pysäköinti melu vesi puut talousarvio "
    "koulut matkailu sää satama bussi raitiovaunu aikataulu laskenta anturi tulva kartta kaava osoite",
    "pl": "ruch rowery powietrze ludność budynki energia parkingi hałas woda drzewa budżet szkoły "
    "turystyka pogoda port autobus tramwaj rozkład liczniki czujniki powódź mapa plan adresy",
    "lt": "eismas dviračiai oras gyventojai pastatai energija stovėjimas triukšmas vanduo medžiai biudžetas "
    "mokyklos turizmas orai uostas autobusas tramvajus tvarkaraštis skaitikliai jutikliai potvynis žemėlapis",
}
CITIES = {"Turku": "fi", "Gdańsk": "pl", "Wrocław": "pl", "Vilnius": "lt"}
THEMES = ["TRAN", "ENVI", "ENER", "SOCI", "REGI", "ECON", "GOVE", "EDUC"]
FORMATS = ["CSV", "JSON", "XLSX", "GEOJSON", "XML", "PDF", "SHP", "ZIP"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))]


def setup_django(vendor: str, postgres_url: str) -> str | None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scdt.settings")
    os.environ["SCDT_VAR_DIR"] = tempfile.mkdtemp(prefix="scdt-bench-")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    database = None
    if vendor == "postgresql":
        import psycopg

        database = f"scdt_bench_{os.getpid()}"
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {database}")
        os.environ["DATABASE_URL"] = postgres_url.rsplit("/", 1)[0] + f"/{database}"
    sys.path.insert(0, str(ROOT / "src"))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return database


SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ra",
    "tu",
    "vi",
    "sa",
    "po",
    "le",
    "ja",
    "ki",
    "no",
    "ru",
    "me",
    "ta",
    "va",
    "si",
    "ho",
    "ly",
]


def vocabulary(rng: random.Random) -> dict[str, list[str]]:
    """Per language: the common words above, then 3,000 rarer terms (place names, codes,
    subjects), in Zipf order - real catalogues have a long tail, not 30 words."""
    vocab = {}
    for language, text in WORDS.items():
        rare = {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(3000)}
        vocab[language] = text.split() + sorted(rare)
    return vocab


_CUMULATIVE: dict[int, list[float]] = {}


def zipf_words(rng: random.Random, words: list[str], k: int) -> list[str]:
    if len(words) not in _CUMULATIVE:
        _CUMULATIVE[len(words)] = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(words))))
    return rng.choices(words, cum_weights=_CUMULATIVE[len(words)], k=k)


def build(count: int, rng: random.Random, words: dict[str, list[str]]) -> float:
    from django.db import connection, transaction

    from scdt.catalogue.models import Dataset, Distribution

    started = time.perf_counter()
    batch = 2000
    # Two distributions a dataset; their formats are known before the rows go in (as in harvests).
    formats = [rng.sample(FORMATS, 2) for _ in range(997)]
    for offset in range(0, count, batch):
        rows = []
        for n in range(offset, min(count, offset + batch)):
            city = rng.choice(list(CITIES))
            language = CITIES[city]
            title = " ".join(zipf_words(rng, words[language], 4))
            dataset = Dataset(
                identifier=f"gen-{n}", slug=f"dataset-{n}",
                title={language: title, "en": " ".join(zipf_words(rng, words["en"], 4))},
                description={language: " ".join(zipf_words(rng, words[language], 30))},
                keywords=zipf_words(rng, words[language], 3), themes=rng.sample(THEMES, rng.randint(1, 2)),
                city=city, publisher_name=f"{city} open data", publisher_slug=f"{city.lower()}-open-data",
                licence=rng.choice(["CC_BY_4_0", "CC0", "ODBL"]), frequency=rng.choice(["DAILY", "MONTHLY", "ANNUAL"]),
                hvd_category=rng.choice(["", "", "c_b79e35eb", "c_ac64a52d"]), languages=[language],
            )  # fmt: skip
            dataset.refresh_indexes(formats=formats[n % len(formats)])
            rows.append(dataset)
        with transaction.atomic():
            created = Dataset.objects.bulk_create(rows)
            Distribution.objects.bulk_create([
                Distribution(dataset=d, access_url=f"https://data.example.org/{d.slug}/{k}",
                             format=formats[int(d.identifier[4:]) % len(formats)][k])
                for d in created for k in range(2)
            ])  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE catalogue_dataset")
            cursor.execute("ANALYZE catalogue_distribution")
    return time.perf_counter() - started


def run_queries(count: int, rng: random.Random, vocab: dict[str, list[str]]) -> tuple[list[float], list[float]]:
    from scdt.catalogue import queries

    search_times, facet_times = [], []
    for n in range(count):
        language = rng.choice(list(vocab))
        params = {"q": " ".join(zipf_words(rng, vocab[language], rng.choice([1, 1, 2])))}
        if n % 4 == 1:
            params["city"] = rng.choice(list(CITIES))
        elif n % 4 == 3:
            params["theme"] = rng.choice(THEMES)
        filters = queries.DatasetFilters(
            q=params["q"], city=[params["city"]] if "city" in params else [],
            theme=[params["theme"]] if "theme" in params else [],
        )  # fmt: skip
        started = time.perf_counter()
        results = queries.search_datasets(filters)
        total = results.count()
        page = list(results[0:20])
        for dataset in page:
            list(dataset.distributions.all())
        search_times.append((time.perf_counter() - started) * 1000)
        queries.facet_counts(filters, total=total)
        facet_times.append((time.perf_counter() - started) * 1000)
        assert total >= 0
    return search_times, facet_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    database = setup_django(args.vendor, args.postgres_url)
    try:
        rng = random.Random(11)
        vocab = vocabulary(rng)
        seconds = build(args.datasets, rng, vocab)
        load = os.getloadavg()[0]
        print(f"{args.vendor}: built {args.datasets} datasets in {seconds:.1f} s (load average {load:.1f})")
        run_queries(20, rng, vocab)  # warm caches
        search, with_facets = run_queries(args.queries, rng, vocab)
        print(
            f"  search (page + count):   p50 {statistics.median(search):6.1f} ms  "
            f"p95 {percentile(search, 0.95):6.1f} ms"
        )
        print(f"  search + 7 facet counts: p50 {statistics.median(with_facets):6.1f} ms  "
              f"p95 {percentile(with_facets, 0.95):6.1f} ms")  # fmt: skip
    finally:
        if database:
            import psycopg
            from django.db import connections

            connections.close_all()
            with psycopg.connect(args.postgres_url, autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {database}")


if __name__ == "__main__":
    main()
