"""`make bench`: every benchmark of the project, one after the other, each printing its medians.

Run one alone with `.venv/bin/python benchmarks/<name>.py --help`. PostgreSQL runs use
BENCH_POSTGRES_URL (default: the local server at 127.0.0.1:5432) and are skipped when it is down.
"""

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _postgres_up() -> bool:
    try:
        import psycopg

        psycopg.connect(POSTGRES, connect_timeout=3).close()
    except Exception:
        return False
    return True


def main() -> int:
    postgres = _postgres_up()
    runs = [
        ["schedule_b2b.py"],
        ["rank_datafinder.py"],
        ["search_marketplace.py", "--vendor", "both" if postgres else "sqlite"],
        ["harvest_ckan.py", "--vendor", "sqlite"],
        ["search_catalogue.py", "--vendor", "sqlite"],
        ["recommend_database.py", "--vendor", "both" if postgres else "sqlite", "--postgres-url", POSTGRES],
    ]
    if postgres:
        runs += [
            ["harvest_ckan.py", "--vendor", "postgresql", "--postgres-url", POSTGRES],
            ["search_catalogue.py", "--vendor", "postgresql", "--postgres-url", POSTGRES],
        ]
    else:
        print("PostgreSQL is not reachable: its benchmark runs are skipped", flush=True)
    failed = []
    for script, *args in runs:
        print(f"\n=== {script} {' '.join(args)}", flush=True)
        if subprocess.run([sys.executable, str(HERE / script), *args], check=False).returncode:
            failed.append(script)
    if failed:
        print(f"\nbenchmarks that failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
