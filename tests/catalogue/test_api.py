"""The catalogue on /api/v1/: datasets, harvest sources, data requests, reuses."""

import datetime as dt

import pytest
from django.utils import timezone
from tests.factories import PASSWORD, EventSeriesFactory, OrganisationFactory, UserFactory

from scdt.catalogue import services
from scdt.catalogue.demo import load_demo_catalogue
from scdt.catalogue.models import DataRequest, Dataset, RequestStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    load_demo_catalogue()


def _login(client, user=None):
    user = user or UserFactory()
    client.login(username=user.email, password=PASSWORD)
    return user


def _organiser():
    user = UserFactory()
    EventSeriesFactory(organisers=[user])
    return user


def test_api_datasets_search_with_facets(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        response = client.get("/api/v1/datasets", {"q": "dane", "theme": ["TRAN"], "page_size": 5})

    body = response.json()
    assert response.status_code == 200
    assert body["count"] >= 5
    assert len(body["results"]) == 5
    assert all("TRAN" in item["themes"] for item in body["results"])
    assert {f["value"] for f in body["facets"]["theme"] if f["selected"]} == {"TRAN"}


def test_api_dataset_detail_and_404(client, catalogue):
    dataset = Dataset.objects.filter(city="Vilnius").first()

    body = client.get(f"/api/v1/datasets/{dataset.slug}").json()
    missing = client.get("/api/v1/datasets/nothing")

    assert body["slug"] == dataset.slug
    assert body["distributions"]
    assert {d["name"] for d in body["quality"]} >= {"Findability", "Reusability"}
    assert missing.status_code == 404
    assert missing.json()["detail"] == "Not found."


def test_api_follow_dataset_needs_auth(client, catalogue):
    dataset = Dataset.objects.first()

    anonymous = client.post(f"/api/v1/datasets/{dataset.slug}/follow")
    _login(client)
    followed = client.post(f"/api/v1/datasets/{dataset.slug}/follow")

    assert anonymous.status_code == 401
    assert followed.json() == {"following": True}


def test_api_harvest_sources_for_organisers_only(client, catalogue):
    _login(client)
    assert client.get("/api/v1/harvest-sources").status_code == 403
    client.logout()
    _login(client, _organiser())

    sources = client.get("/api/v1/harvest-sources").json()
    runs = client.get("/api/v1/harvest-sources/gdansk-ckan/runs").json()
    bad = client.post(
        "/api/v1/harvest-sources", {"name": "x", "type": "ckan", "url": "ftp://x"}, content_type="application/json"
    )

    assert {s["slug"] for s in sources} >= {"gdansk-ckan", "vilnius-data-gov-lt"}
    assert runs[0]["status"] == "finished"
    assert runs[0]["created"] > 0
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "url"


def test_api_data_request_lifecycle(client, catalogue):
    organisation = OrganisationFactory()
    _login(client)
    created = client.post(
        "/api/v1/data-requests",
        {"title": "Snow ploughs", "description": "Positions", "addressed_to": organisation.slug},
        content_type="application/json",
    )
    request_id = created.json()["id"]
    client.post(f"/api/v1/data-requests/{request_id}/comments", {"text": "Yes!"}, content_type="application/json")
    forbidden = client.post(
        f"/api/v1/data-requests/{request_id}/transitions", {"action": "acknowledge"}, content_type="application/json"
    )
    client.logout()
    _login(client, _organiser())
    voted = client.post(f"/api/v1/data-requests/{request_id}/vote").json()
    planned = client.post(
        f"/api/v1/data-requests/{request_id}/transitions",
        {"action": "plan", "planned_for": str(timezone.localdate() + dt.timedelta(days=9))},
        content_type="application/json",
    ).json()
    dataset = Dataset.objects.first()
    fulfilled = client.post(
        f"/api/v1/data-requests/{request_id}/transitions",
        {"action": "fulfil", "dataset": dataset.slug},
        content_type="application/json",
    ).json()
    again = client.post(
        f"/api/v1/data-requests/{request_id}/transitions",
        {"action": "decline", "reason": "late"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert forbidden.status_code == 403
    assert voted["vote_count"] == 2
    assert planned["status"] == "planned"
    assert fulfilled["status"] == "fulfilled"
    assert fulfilled["fulfilled_by"] == dataset.slug
    assert again.status_code == 400
    assert DataRequest.objects.get(pk=request_id).comments.count() == 1


def test_api_merge_and_list(client, django_assert_max_num_queries):
    keep = services.file_data_request(user=UserFactory(), title="A", description="D")
    duplicate = services.file_data_request(user=UserFactory(), title="B", description="D")
    for n in range(8):
        services.file_data_request(user=UserFactory(), title=f"N{n}", description="D")
    _login(client, _organiser())

    merged = client.post(
        f"/api/v1/data-requests/{duplicate.pk}/merge", {"into": keep.pk}, content_type="application/json"
    )
    with django_assert_max_num_queries(6):
        listing = client.get("/api/v1/data-requests", {"status": "active", "order": "votes"}).json()

    assert merged.json()["vote_count"] == 2
    assert DataRequest.objects.get(pk=duplicate.pk).status == RequestStatus.MERGED
    assert listing["count"] == 9
    assert listing["results"][0]["id"] == keep.pk


def test_api_reuses(client, catalogue):
    dataset = Dataset.objects.first()
    _login(client)

    created = client.post(
        "/api/v1/reuses",
        {"title": "Route app", "kind": "application", "datasets": [dataset.slug]},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/v1/reuses", {"title": "X", "kind": "study", "datasets": ["nope"]}, content_type="application/json"
    )
    listed = client.get("/api/v1/reuses", {"dataset": dataset.slug}).json()

    assert created.status_code == 201
    assert unknown.status_code == 400
    assert [r["title"] for r in listed] == ["Route app"]


def test_api_openapi_lists_catalogue_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/datasets", "/api/v1/data-requests", "/api/v1/harvest-sources", "/api/v1/reuses"} <= set(paths)


def test_api_broad_search_count_is_an_estimate_only_on_postgresql(client, catalogue, monkeypatch):
    from django.db import connection

    from scdt.catalogue import search

    monkeypatch.setattr(search, "ESTIMATE_ABOVE", 0)

    body = client.get("/api/v1/datasets", {"q": "dane"}).json()

    assert body["count_is_estimate"] is (connection.vendor == "postgresql")
    assert body["count"] > 0
    assert body["results"]
