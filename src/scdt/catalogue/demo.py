"""The demo catalogue: the four cities' portals as harvest sources, harvested offline.

Each source carries its real endpoint (so ``scdt harvest SOURCE`` fetches live when a
network is there); the demo answers the same harvesters' requests from the bundled
records in ``demo_records/`` through an in-memory transport, so CKAN paging, DCAT
parsing and JSON:API reading all run exactly as they do live.
"""

import json
from pathlib import Path

from scdt.catalogue.harvesting.transport import CallableTransport, HarvestError, Response
from scdt.catalogue.models import HarvestSource
from scdt.catalogue.services import create_harvest_source, run_harvest

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
    return created
