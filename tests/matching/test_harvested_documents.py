"""A harvest writes datasets in bulk (no post_save); matching still gets a document for each."""

import pytest
from tests.catalogue.portal import FakeCkan, PortalServer

from scdt.catalogue.harvesting.transport import HttpTransport
from scdt.catalogue.models import Dataset
from scdt.catalogue.services import create_harvest_source, run_harvest
from scdt.matching.models import MatchDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal(monkeypatch):
    monkeypatch.setenv("SCDT_HARVEST_ALLOW_PRIVATE", "1")
    server = PortalServer()
    yield server
    server.close()


def test_harvested_datasets_get_match_documents_and_withdrawn_ones_leave_the_index(
    portal, shared_dir, django_capture_on_commit_callbacks
):
    import json

    path = shared_dir / "data" / "ckan" / "gdansk-current_package_list_with_resources.json"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    records = json.loads(path.read_text())["result"]
    FakeCkan(records).install(portal)
    source = create_harvest_source(
        actor=None, name="Gdańsk", type="ckan", url=portal.url + "/api/3/action/", city="Gdańsk", default_language="pl"
    )
    transport = HttpTransport(min_interval=0, backoff=0.01, timeout=5)

    with django_capture_on_commit_callbacks(execute=True):
        run_harvest(source=source, transport=transport)

    documents = MatchDocument.objects.filter(kind="dataset")
    assert documents.count() == Dataset.objects.count() == 66
    assert documents.filter(active=True).count() == 66
    transit = documents.get(object_id=Dataset.objects.get(identifier=records[0]["id"]).pk)
    assert transit.fields["city"] == "Gdańsk"
    assert transit.text

    FakeCkan(records[1:]).install(portal)
    with django_capture_on_commit_callbacks(execute=True):
        run_harvest(source=source, transport=transport, full=True)

    withdrawn = Dataset.objects.get(identifier=records[0]["id"])
    assert withdrawn.withdrawn
    assert not MatchDocument.objects.get(kind="dataset", object_id=withdrawn.pk).active
