"""The DCAT-AP 3 output validates against the official SHACL shapes."""

import json

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, RDF

from scdt.catalogue.demo import load_demo_catalogue
from scdt.catalogue.models import Dataset

pytestmark = pytest.mark.django_db
SH = Namespace("http://www.w3.org/ns/shacl#")


@pytest.fixture
def shapes(shared_dir):
    folder = shared_dir / "data" / "shacl"
    graph = Graph()
    for name in ("dcat-ap-3.0.1-SHACL.ttl", "dcat-ap-3.0.1-ranges.ttl"):
        if not (folder / name).exists():
            pytest.skip(f"{folder / name} is absent")
        graph.parse(folder / name)
    # The 3.0.1 ranges file lists a property shape of dcat:Distribution (accessURL) that
    # neither file defines; pyshacl refuses such dangling references, so drop just those.
    for shape, reference in list(graph.subject_objects(SH.property)):
        if graph.value(reference, SH.path) is None:
            graph.remove((shape, SH.property, reference))
    return graph


def test_dcat_turtle_conforms_to_dcat_ap_3_shapes(client, shapes):
    load_demo_catalogue()

    response = client.get("/catalogue/dcat.ttl")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/turtle")
    data = Graph().parse(data=response.content, format="turtle")
    assert len(set(data.subjects(RDF.type, DCAT.Dataset))) == Dataset.objects.filter(withdrawn=False).count()
    conforms, _graph, report = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms, report


@pytest.mark.parametrize(("extension", "fmt"), [("rdf", "xml"), ("jsonld", "json-ld")])
def test_dcat_other_serialisations_parse(client, extension, fmt):
    load_demo_catalogue()

    response = client.get(f"/catalogue/dcat.{extension}")

    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format=fmt)
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) > 100
    if fmt == "json-ld":
        assert isinstance(json.loads(response.content), dict | list)


def test_dcat_unknown_extension_is_not_found(client):
    assert client.get("/catalogue/dcat.csv").status_code == 404
