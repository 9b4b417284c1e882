"""The demo catalogue: the four cities' portals as harvest sources, harvested offline.

Each source carries its real endpoint (so ``scdt harvest SOURCE`` fetches live when a
network is there); the demo answers the same harvesters' requests from the bundled
records in ``demo_records/`` through an in-memory transport, so CKAN paging, DCAT
parsing and JSON:API reading all run exactly as they do live.
"""

import json
from pathlib import Path

from scdt.catalogue.harvesting.transport import CallableTransport, HarvestError, Response
from scdt.catalogue.models import DataRequest, Dataset, HarvestSource, Reuse
from scdt.catalogue.services import create_harvest_source, create_reuse, file_data_request, run_harvest
from scdt.directory.models import Profile

RECORDS = Path(__file__).resolve().parent / "demo_records"

# slug, name, type, real endpoint, city, country, language, bundled file
SOURCES = [
    (
        "turku-avoindata",
        "Turku on avoindata.fi",
        "ckan",
        "https://www.avoindata.fi/data/api/3/action/?fq=organization:turun-kaupunki",
        "Turku",
        "FI",
        "fi",
        "turku-avoindata-package_search.json",
    ),
    (
        "gdansk-ckan",
        "Gdańsk open data (CKAN)",
        "ckan",
        "https://ckan.multimediagdansk.pl/api/3/action/",
        "Gdańsk",
        "PL",
        "pl",
        "gdansk-ckan-package_search.json",
    ),
    (
        "wroclaw-ckan",
        "Otwarte Dane Wrocław (CKAN)",
        "ckan",
        "https://opendata.cui.wroclaw.pl/api/3/action/",
        "Wrocław",
        "PL",
        "pl",
        "wroclaw-ckan-package_search.json",
    ),
    (
        "vilnius-data-gov-lt",
        "Vilnius on data.gov.lt (DCAT-AP)",
        "dcat",
        "https://data.gov.lt/edp/dcat-ap.rdf",
        "Vilnius",
        "LT",
        "lt",
        "vilnius-data-gov-lt-dcat-ap.rdf",
    ),
    (
        "dane-gov-pl",
        "dane.gov.pl (Poland)",
        "danegovpl",
        "https://api.dane.gov.pl/1.4/",
        "",
        "PL",
        "pl",
        "danegovpl-jsonapi-datasets.json",
    ),
]


def ckan_answer(records: list[dict]):
    """Answer ``package_search`` the way CKAN does, over ``records`` (rows, start, sort, fq on
    metadata_modified, fl=id)."""

    def answer(url: str, params: dict) -> bytes:
        if not url.endswith("/package_search"):
            raise HarvestError(f"HTTP 404 from {url}")
        selected = records
        fq = str(params.get("fq", ""))
        if "metadata_modified:[" in fq:
            since = fq.split("metadata_modified:[", 1)[1].split(" TO", 1)[0].rstrip("Z")
            selected = [r for r in selected if r.get("metadata_modified", "") >= since]
        selected = sorted(selected, key=lambda r: r.get("metadata_modified", ""))
        start, rows = int(params.get("start", 0)), int(params.get("rows", 10))
        page = selected[start : start + rows]
        if params.get("fl") == "id":
            page = [{"id": r["id"]} for r in page]
        body = {"success": True, "result": {"count": len(selected), "results": page}}
        return json.dumps(body).encode()

    return answer


def transport_for(file_name: str) -> CallableTransport:
    content = (RECORDS / file_name).read_bytes()
    if file_name.endswith(".json") and "package_search" in file_name:
        return CallableTransport(ckan_answer(json.loads(content)["result"]["results"]))
    content_type = "application/rdf+xml" if file_name.endswith(".rdf") else "application/json"
    return CallableTransport(lambda url, _params: Response(url=url, content=content, content_type=content_type))


def load_demo_catalogue() -> int:
    """Create the demo harvest sources (once) and harvest the bundled records; idempotent.

    Returns how many datasets the runs created (0 on a second call).
    """
    created = 0
    for slug, name, kind, url, city, country, language, file_name in SOURCES:
        source = HarvestSource.objects.filter(slug=slug).first()
        if source is None:
            source = create_harvest_source(
                actor=None,
                name=name,
                type=kind,
                url=url,
                city=city,
                country=country,
                default_language=language,
                slug=slug,
                is_demo=True,
                enabled=False,
            )
        run = run_harvest(source=source, transport=transport_for(file_name), full=True)
        created += run.created
    _demand_examples()
    return created


# Demand side of the demo: filed by demo participants, so it appears once the demo
# network (profiles) exists; skipped quietly before that.
REQUESTS = [
    ("Snow plough positions in real time", "Turku",
     "Live GPS positions of snow ploughs and the streets cleared in the last hours.",
     "A winter cycling route planner that avoids uncleared streets.", "GEOJSON", "CONT"),
    ("Tram stop passenger counts", "Gdańsk",
     "Boardings and alightings per tram stop and hour, anonymised.",
     "Calibrating a mobility digital twin of Gdańsk.", "CSV", "MONTHLY"),
    ("Heat consumption of municipal buildings", "Vilnius",
     "Monthly district heating consumption per municipal building with floor area.",
     "Benchmarking renovation needs in the city's building stock.", "CSV", "MONTHLY"),
]  # fmt: skip
REUSES = [
    ("Turku cycling twin", "solution", "Turku", "A digital twin of cycling flows built on the city's counters."),
    ("Gdańsk transit delay map", "visualisation", "Gdańsk", "Live delays of trams and buses on a city map."),
]


def _demand_examples() -> None:
    people = [p.user for p in Profile.objects.filter(is_demo=True, user__email_verified_at__isnull=False)[:5]]
    if not people:
        return
    for n, (title, city, description, purpose, wanted_format, frequency) in enumerate(REQUESTS):
        if not DataRequest.objects.filter(title=title).exists():
            file_data_request(
                user=people[n % len(people)], title=title, description=description, purpose=purpose,
                wanted_format=wanted_format, wanted_frequency=frequency, city=city, is_demo=True,
            )  # fmt: skip
    for n, (title, kind, city, description) in enumerate(REUSES):
        datasets = list(Dataset.objects.filter(city=city, theme_index__contains="|TRAN|")[:2])
        if datasets and not Reuse.objects.filter(title=title).exists():
            create_reuse(
                actor=people[n % len(people)], title=title, kind=kind, description=description,
                datasets=datasets, is_demo=True,
            )  # fmt: skip
