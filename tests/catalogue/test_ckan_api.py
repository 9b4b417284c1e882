"""The CKAN-compatible API, read with the real ckanapi client over HTTP (live_server)."""

import pytest
from ckanapi import NotFound, RemoteCKAN, ValidationError

from scdt.catalogue.demo import load_demo_catalogue
from scdt.catalogue.models import Dataset

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def ckan(live_server):
    load_demo_catalogue()
    with RemoteCKAN(live_server.url, user_agent="scdt-tests/1.0") as remote:
        yield remote


def test_ckan_status_show(ckan):
    status = ckan.action.status_show()

    assert status["ckan_version"].startswith("2.")
    assert status["site_title"] == "SCDT Marketplace"


def test_ckan_package_list_and_show(ckan):
    names = ckan.action.package_list()
    package = ckan.action.package_show(id=names[0])
    by_id = ckan.action.package_show(id=package["id"])

    assert len(names) == Dataset.objects.filter(withdrawn=False).count()
    assert package["name"] == names[0] == by_id["name"]
    assert package["resources"]
    assert {"title", "notes", "license_id", "organization", "tags", "metadata_modified"} <= set(package)


def test_ckan_package_search_with_query_filters_paging_and_facets(ckan):
    everything = ckan.action.package_search(rows=0)
    page = ckan.action.package_search(
        q="rowery",
        fq="res_format:CSV",
        rows=2,
        start=0,
        sort="metadata_modified desc",
        **{"facet.field": '["organization", "res_format", "tags", "license_id", "groups"]'},
    )
    second = ckan.action.package_search(q="rowery", fq="res_format:CSV", rows=2, start=2, sort="metadata_modified desc")

    assert everything["count"] == Dataset.objects.filter(withdrawn=False).count()
    assert page["count"] >= 3
    assert len(page["results"]) == 2
    assert {r["name"] for r in page["results"]}.isdisjoint({r["name"] for r in second["results"]})
    assert all(any(res["format"] == "CSV" for res in r["resources"]) for r in page["results"])
    modified = [r["metadata_modified"] for r in page["results"]]
    assert modified == sorted(modified, reverse=True)
    assert page["facets"]["res_format"]["CSV"] == page["count"]
    assert "rowery" in page["facets"]["tags"]
    assert page["search_facets"]["organization"]["items"]


def test_ckan_package_search_incremental_fq_like_a_harvester(ckan):
    result = ckan.action.package_search(fq="metadata_modified:[2024-01-01T00:00:00Z TO *]", rows=1000)

    assert all(r["metadata_modified"] >= "2024-01-01" for r in result["results"])
    assert result["count"] < Dataset.objects.count()


def test_ckan_organizations_and_tags(ckan):
    names = ckan.action.organization_list()
    full = ckan.action.organization_list(all_fields=True)
    organisation = ckan.action.organization_show(id="urzad-miejski-w-gdansku", include_datasets=True)
    tags = ckan.action.tag_list()

    assert "urzad-miejski-w-gdansku" in names
    assert all("package_count" in o for o in full)
    assert organisation["package_count"] == len(organisation["packages"]) > 0
    assert "rowery" in tags


def test_ckan_errors_have_ckan_shapes(ckan):
    with pytest.raises(NotFound):
        ckan.action.package_show(id="no-such-dataset")
    with pytest.raises(NotFound):
        ckan.action.organization_show(id="nobody")
    with pytest.raises(ValidationError):
        ckan.action.package_search(rows="many")


def test_ckan_unknown_action_and_bad_input_are_4xx(client):
    unknown = client.get("/api/3/action/package_delete")
    bad_fq = client.get("/api/3/action/package_search", {"fq": "secret_field:x"})
    bad_body = client.post("/api/3/action/package_search", data="{", content_type="application/json")

    assert unknown.status_code == 400
    assert unknown.json()["success"] is False
    assert bad_fq.status_code == 409
    assert bad_fq.json()["error"]["__type"] == "Search Query Error"
    assert bad_body.status_code == 400
