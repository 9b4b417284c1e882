"""DCAT-AP and dane.gov.pl harvesting against a local server, and the offline demo loader."""

import json
from pathlib import Path

import pytest

from scdt.catalogue.demo import RECORDS, load_demo_catalogue
from scdt.catalogue.harvesting.transport import HttpTransport
from scdt.catalogue.models import Dataset, Distribution, HarvestSource, RunStatus
from scdt.catalogue.services import create_harvest_source, run_harvest

pytestmark = pytest.mark.django_db

PAGE_1 = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix hydra: <http://www.w3.org/ns/hydra/core#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<{base}/catalog.ttl> a dcat:Catalog ;
  dcat:dataset <https://example.org/ds/1>, <https://example.org/ds/2> .
<{base}/catalog.ttl?page=1> a hydra:PagedCollection ; hydra:nextPage "{base}/catalog.ttl?page=2" .
<https://example.org/ds/1> a dcat:Dataset ;
  dct:identifier "ds-1" ;
  dct:title "Liikennemäärät"@fi, "Traffic volumes"@en ;
  dct:description "Autot <script>alert(1)</script>laskettuna"@fi ;
  dcat:keyword "liikenne"@fi ;
  dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN> ;
  <http://data.europa.eu/r5r/hvdCategory> <http://data.europa.eu/bna/c_b79e35eb> ;
  dct:publisher [ a foaf:Organization ; foaf:name "Turun kaupunki"@fi ] ;
  dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/DAILY> ;
  dct:modified "2024-03-01T10:00:00"^^<http://www.w3.org/2001/XMLSchema#dateTime> ;
  dct:spatial [ a dct:Location ;
    dcat:bbox "POLYGON((22.1 60.3,22.5 60.3,22.5 60.6,22.1 60.6,22.1 60.3))" ] ;
  dcat:distribution [ a dcat:Distribution ;
     dcat:accessURL <https://example.org/ds/1.csv> ;
     dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
     dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ] .
<https://example.org/ds/2> a dcat:Dataset ; dct:identifier "ds-2" ; dct:title "Ilmanlaatu"@fi .
<https://example.org/ds/3> a dcat:Dataset ; dct:identifier "ds-3" .
"""
PAGE_2 = """
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<https://example.org/ds/4> a dcat:Dataset ; dct:identifier "ds-4" ; dct:title "Väestö"@fi ;
  dct:modified "not a date" .
"""


def _turtle(text):
    return lambda _query: (200, {"Content-Type": "text/turtle"}, text.encode())


def _fast():
    return HttpTransport(min_interval=0, backoff=0.01, timeout=5)


def _dcat_source(portal):
    return create_harvest_source(
        actor=None, name="DCAT", type="dcat", url=portal.url + "/catalog.ttl", default_language="fi"
    )


def test_harvest_dcat_follows_pages_and_maps_dcat_ap(portal):
    pages = {"1": PAGE_1.replace("{base}", portal.url), "2": PAGE_2}
    portal.routes["/catalog.ttl"] = lambda q: _turtle(pages[q.get("page", "1")])(q)
    source = _dcat_source(portal)

    run = run_harvest(source=source, transport=_fast())

    assert run.status == RunStatus.FINISHED
    assert (run.created, run.failed) == (3, 1)  # ds-3 has no title
    first = Dataset.objects.get(identifier="ds-1")
    assert first.title == {"fi": "Liikennemäärät", "en": "Traffic volumes"}
    assert "script" not in first.description["fi"]
    assert first.themes == ["TRAN"]
    assert first.hvd_category == "c_b79e35eb"
    assert first.frequency == "DAILY"
    assert first.publisher_name == "Turun kaupunki"
    assert first.spatial_bbox == [22.1, 60.3, 22.5, 60.6]
    assert first.distributions.get().format == "CSV"
    assert first.licence == "CC_BY_4_0"
    assert Dataset.objects.get(identifier="ds-4").modified is None


def test_harvest_dcat_rerun_unchanged_and_withdraws(portal):
    pages = {"1": PAGE_1.replace("{base}", portal.url), "2": PAGE_2}
    portal.routes["/catalog.ttl"] = lambda q: _turtle(pages[q.get("page", "1")])(q)
    source = _dcat_source(portal)
    run_harvest(source=source, transport=_fast())
    pages["2"] = "@prefix dcat: <http://www.w3.org/ns/dcat#> ."

    run = run_harvest(source=source, transport=_fast())

    assert (run.created, run.unchanged, run.withdrawn) == (0, 2, 1)
    assert Dataset.objects.get(identifier="ds-4").withdrawn


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/turtle", b"@prefix broken"),
        (
            "application/rdf+xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x/>',
        ),
        ("application/ld+json", b'{"@context": "https://example.org/context.jsonld", "@id": "x"}'),
    ],
)
def test_harvest_dcat_bad_documents_fail_the_run_without_loss(portal, content_type, body):
    portal.routes["/catalog.ttl"] = lambda _q: (200, {"Content-Type": content_type}, body)

    run = run_harvest(source=_dcat_source(portal), transport=_fast())

    assert run.status == RunStatus.FAILED
    assert run.failed == 1
    assert Dataset.objects.count() == 0


def test_harvest_dcat_reads_rdf_xml_sample(portal):
    content = (RECORDS / "vilnius-data-gov-lt-dcat-ap.rdf").read_bytes()
    portal.routes["/dcat-ap.rdf"] = lambda _q: (
        200,
        {"Content-Type": "application/rdf+xml"},
        content,
    )
    source = create_harvest_source(actor=None, name="LT", type="dcat", url=portal.url + "/dcat-ap.rdf")

    run = run_harvest(source=source, transport=_fast())

    assert run.status == RunStatus.FINISHED
    assert run.created == 24
    dataset = Dataset.objects.get(identifier="2100")
    assert set(dataset.title) == {"lt", "en"}
    assert dataset.languages == ["lt"]
    assert dataset.spatial_bbox is not None
    assert dataset.contact_email == "atviriduomenys@vilnius.example"


def test_harvest_danegovpl_pages_through_json_api(portal):
    body = json.loads((RECORDS / "danegovpl-jsonapi-datasets.json").read_text())
    first, second = dict(body), dict(body)
    first["data"], second["data"] = body["data"][:6], body["data"][6:]
    first["links"] = {"next": portal.url + "/1.4/datasets?page=2&per_page=6"}
    second["links"] = {}
    second["data"].append({"id": "broken", "type": "dataset"})
    pages = {"1": first, "2": second}
    portal.routes["/1.4/datasets"] = lambda q: (200, {}, json.dumps(pages[q["page"]]).encode())
    source = create_harvest_source(
        actor=None, name="PL", type="danegovpl", url=portal.url + "/1.4/", default_language="pl"
    )

    run = run_harvest(source=source, transport=_fast())

    assert run.status == RunStatus.FINISHED
    assert (run.created, run.failed) == (10, 1)
    dataset = Dataset.objects.get(identifier="1200")
    assert dataset.title["en"] == "Register of alternative fuel stations"
    assert dataset.publisher_name == "Główny Urząd Statystyczny"
    assert dataset.frequency == "WEEKLY"
    assert dataset.licence == "CC_BY_4_0"
    assert "<p>" not in dataset.description["pl"]
    assert dataset.distributions.count() == 1


def test_load_demo_catalogue_harvests_the_four_cities_offline():
    created = load_demo_catalogue()
    again = load_demo_catalogue()

    assert created == Dataset.objects.count() > 100
    assert again == 0
    assert HarvestSource.objects.count() == 5
    assert set(Dataset.objects.values_list("city", flat=True)) == {
        "Turku",
        "Gdańsk",
        "Wrocław",
        "Vilnius",
        "",
    }
    assert Distribution.objects.count() > Dataset.objects.count()
    turku = Dataset.objects.filter(city="Turku").first()
    assert set(turku.title) == {"fi", "en"}
    assert Path(RECORDS).is_dir()


def test_load_demo_catalogue_adds_requests_and_reuses_once_demo_people_exist():
    from tests.factories import ProfileFactory

    from scdt.catalogue.models import DataRequest, Reuse

    ProfileFactory(is_demo=True)

    load_demo_catalogue()
    load_demo_catalogue()

    assert DataRequest.objects.filter(is_demo=True).count() == 3
    assert Reuse.objects.filter(is_demo=True).count() == 2
    assert all(reuse.datasets.exists() for reuse in Reuse.objects.all())
