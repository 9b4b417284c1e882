"""Fixtures of the catalogue tests: a local portal server, the recorded Gdańsk catalogue."""

import json

import pytest
from tests.catalogue.portal import PortalServer


@pytest.fixture
def portal():
    server = PortalServer()
    yield server
    server.close()


@pytest.fixture(autouse=True)
def _allow_loopback_harvests(monkeypatch):
    monkeypatch.setenv("SCDT_HARVEST_ALLOW_PRIVATE", "1")


@pytest.fixture
def gdansk_records(shared_dir):
    path = shared_dir / "data" / "ckan" / "gdansk-current_package_list_with_resources.json"
    if not path.exists():
        pytest.skip(f"{path} is absent")
    return json.loads(path.read_text())["result"]
