"""CKAN harvest throughput, end to end over HTTP on loopback.

    .venv/bin/python benchmarks/harvest_ckan.py [--records 20000] [--page-size 1000]
        [--vendor sqlite|postgresql] [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
        [--skip-gdansk]

1. The recorded Gdańsk catalogue (../shared/data/ckan, 66 datasets, 364 resources) served
   by a local CKAN stand-in: first harvest, then an unchanged full re-harvest.
2. ``--records`` generated CKAN records (three resources, tags, extras each) served in
   pages of ``--page-size``: first harvest (datasets/s), a full re-harvest with nothing
   changed (content hashes, no writes), and an incremental re-harvest (metadata_modified fq
   plus the id listing for withdrawals).

Everything goes through ``run_harvest`` with the real HTTP transport (httpx, size caps,
address checks); only the polite pause between requests is set to 0 for loopback. The
database is a throw-away one (a temporary SQLite file, or a temporary PostgreSQL database
created and dropped). Targets: >= 500 datasets/s, unchanged re-harvest >= 5x faster.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parent.parent
GDANSK = ROOT.parent / "shared" / "data" / "ckan" / "gdansk-current_package_list_with_resources.json"
WORDS = [
    "liikenne",
    "pyöräily",
    "ilmanlaatu",
    "väestö",
    "rakennukset",
    "energia",
    "komunikacja",
    "rowery",
    "powietrze",
    "ludność",
    "budynki",
    "energia",
    "transportas",
    "dviračiai",
    "oras",
    "gyventojai",
    "pastatai",
    "traffic",
    "cycling",
    "air",
    "population",
    "buildings",
    "energy",
    "parking",
    "noise",
    "water",
    "trees",
    "budget",
    "schools",
    "tourism",
    "weather",
    "port",
    "harbour",
]
FORMATS = ["CSV", "JSON", "XLSX", "GeoJSON", "XML", "PDF", "SHP", "ZIP"]


class Portal:
    """A CKAN package_search over an in-memory list, on 127.0.0.1."""

    def __init__(self, records):
        self.records = sorted(records, key=lambda r: r["metadata_modified"])
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
                body = json.dumps(portal.search(query)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/3/action/"

    def search(self, query):
        records = self.records
        fq = query.get("fq", "")
        if "metadata_modified:[" in fq:
            since = fq.split("metadata_modified:[", 1)[1].split(" TO", 1)[0].rstrip("Z")
            records = [r for r in records if r["metadata_modified"] >= since]
        start, rows = int(query.get("start", 0)), int(query.get("rows", 10))
        page = records[start : start + rows]
        if query.get("fl") == "id":
            page = [{"id": r["id"]} for r in page]
        return {"success": True, "result": {"count": len(records), "results": page}}


def generated_records(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    records = []
    for n in range(count):
        pid = str(uuid.UUID(int=rng.getrandbits(128)))
        words = rng.sample(WORDS, 5)
        modified = f"20{rng.randint(15, 24):02d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00.000000"
        organisation = rng.choice(["turun-kaupunki", "um-gdansk", "um-wroclaw", "vilniaus-savivaldybe"])
        records.append({
            "id": pid, "name": f"dataset-{n}-{words[0]}", "title": " ".join(words).capitalize(),
            "notes": " ".join(rng.choices(WORDS, k=40)), "state": "active", "private": False, "type": "dataset",
            "license_id": rng.choice(["cc-by", "cc-by-4.0", "cc-zero", "odc-odbl"]),
            "license_title": "Creative Commons Attribution", "metadata_created": modified,
            "metadata_modified": modified, "maintainer": "Open data team", "maintainer_email": "data@example.org",
            "organization": {"name": organisation, "title": organisation.replace("-", " ").title()},
            "tags": [{"name": w} for w in words[:3]], "groups": [{"name": rng.choice(["transport", "energia"])}],
            "extras": [{"key": "frequency", "value": rng.choice(["daily", "monthly", "annual"])}],
            "resources": [
                {"id": str(uuid.UUID(int=rng.getrandbits(128))), "name": f"Resource {k}",
                 "format": rng.choice(FORMATS), "url": f"https://data.example.org/{pid}/{k}.dat",
                 "size": rng.randint(1000, 10**8), "state": "active", "last_modified": modified}
                for k in range(3)
            ],
        })  # fmt: skip
    return records


def setup_django(vendor: str, postgres_url: str) -> str | None:
    os.environ["SCDT_HARVEST_ALLOW_PRIVATE"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scdt.settings")
    os.environ["SCDT_VAR_DIR"] = tempfile.mkdtemp(prefix="scdt-bench-")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # As in production: the harvest refreshes the match documents itself, the embedding
    # tasks it queues run later in `scdt worker` (the dummy backend only records them;
    # the immediate backend of development would embed 20,000 texts inside the harvest).
    os.environ.setdefault("SCDT_TASK_BACKEND", "django_tasks.backends.dummy.DummyBackend")
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


def drop_database(postgres_url: str, database: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {database}")


def timed_harvest(source, **options):
    from scdt.catalogue.harvesting.transport import HttpTransport
    from scdt.catalogue.services import run_harvest

    transport = HttpTransport(min_interval=0, max_bytes=500 * 1024 * 1024)
    started = time.perf_counter()
    run = run_harvest(source=source, transport=transport, **options)
    transport.close()
    return run, time.perf_counter() - started


def bench(label: str, records: list[dict], page_size: int) -> dict:
    from scdt.catalogue.services import create_harvest_source

    portal = Portal(records)
    source = create_harvest_source(actor=None, name=label, type="ckan", url=portal.url, default_language="pl")
    from scdt.catalogue.harvesting import ckan

    original = ckan.CkanHarvester.__init__

    def with_page_size(self, **kwargs):
        original(self, **kwargs, page_size=page_size)

    ckan.CkanHarvester.__init__ = with_page_size
    try:
        first, first_s = timed_harvest(source)
        again, again_s = timed_harvest(source, full=True)
        incremental, incremental_s = timed_harvest(source)
    finally:
        ckan.CkanHarvester.__init__ = original
    portal.httpd.shutdown()
    return {
        "label": label,
        "records": len(records),
        "first": (first.report, first_s),
        "unchanged_full": (again.report, again_s),
        "incremental": (incremental.report, incremental_s, incremental.seen),
    }


def show(result: dict) -> None:
    n = result["records"]
    report, seconds = result["first"]
    print(f"\n{result['label']}: {n} datasets")
    print(f"  first harvest:            {seconds:7.2f} s  {n / seconds:8.0f} datasets/s  {report}")
    report, unchanged = result["unchanged_full"]
    print(f"  full re-harvest, no change:{unchanged:7.2f} s  {n / unchanged:8.0f} datasets/s  "
          f"speed-up {seconds / unchanged:4.1f}x  {report}")  # fmt: skip
    report, incremental, seen = result["incremental"]
    print(f"  incremental re-harvest:   {incremental:7.2f} s  speed-up {seconds / incremental:5.1f}x  "
          f"(read {seen} changed records + the id listing)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--vendor", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-gdansk", action="store_true")
    args = parser.parse_args()
    database = setup_django(args.vendor, args.postgres_url)
    try:
        print(f"database: {args.vendor}; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start")
        if not args.skip_gdansk:
            if GDANSK.exists():
                show(bench("Gdańsk (recorded)", json.loads(GDANSK.read_text())["result"], 100))
            else:
                print(f"skipped Gdańsk: {GDANSK} is absent")
        show(bench("generated", generated_records(args.records), args.page_size))
    finally:
        if database:
            drop_database(args.postgres_url, database)


if __name__ == "__main__":
    main()
