"""CKAN harvesting against a real HTTP server serving the recorded Gdańsk catalogue."""

import copy

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from tests.catalogue.portal import FakeCkan, json_answer, slow_chunks
from tests.factories import UserFactory

from scdt.catalogue.harvesting.transport import HttpTransport
from scdt.catalogue.models import Dataset, DatasetFollow, Distribution, RunStatus
from scdt.catalogue.services import create_harvest_source, run_harvest
from scdt.messaging.models import Notification

pytestmark = pytest.mark.django_db


def _source(portal, **extra):
    return create_harvest_source(
        actor=None,
        name="Gdańsk",
        type="ckan",
        url=portal.url + "/api/3/action/",
        city="Gdańsk",
        default_language="pl",
        **extra,
    )


def _fast():
    return HttpTransport(min_interval=0, backoff=0.01, timeout=5)


def test_harvest_ckan_gdansk_creates_every_dataset_and_resource(portal, gdansk_records):
    FakeCkan(gdansk_records).install(portal)
    source = _source(portal)

    run = run_harvest(source=source, transport=_fast())

    assert run.status == RunStatus.FINISHED
    assert run.report == {"created": 66, "updated": 0, "unchanged": 0, "withdrawn": 0, "failed": 0}
    assert Dataset.objects.filter(source=source).count() == 66
    assert Distribution.objects.filter(dataset__source=source).count() == 364
    dataset = Dataset.objects.get(identifier="c24aa637-3619-4dc2-a171-a23eec8f2172")
    assert dataset.title["pl"]
    assert dataset.licence == "CC_BY_4_0"
    assert dataset.publisher_name == "ZTM Gdańsk"
    assert dataset.city == "Gdańsk"
    assert "TRAN" in dataset.themes
    assert dataset.landing_page.endswith(f"/dataset/{gdansk_records[0]['name']}")
    assert set(Distribution.objects.values_list("format", flat=True)) >= {"CSV", "XLSX", "JSON"}


def test_harvest_ckan_rerun_is_idempotent(portal, gdansk_records):
    FakeCkan(gdansk_records).install(portal)
    source = _source(portal)
    run_harvest(source=source, transport=_fast())

    full = run_harvest(source=source, transport=_fast(), full=True)
    incremental = run_harvest(source=source, transport=_fast())

    assert full.report == {"created": 0, "updated": 0, "unchanged": 66, "withdrawn": 0, "failed": 0}
    assert incremental.incremental is True
    assert incremental.created == incremental.updated == incremental.withdrawn == 0
    assert incremental.seen < 66  # only what changed since the newest modification seen
    assert Dataset.objects.count() == 66
    assert Distribution.objects.count() == 364


def test_harvest_ckan_incremental_picks_up_changes_and_tells_followers(portal, gdansk_records):
    ckan = FakeCkan(copy.deepcopy(gdansk_records))
    ckan.install(portal)
    source = _source(portal)
    run_harvest(source=source, transport=_fast())
    changed = ckan.records[5]
    follower = UserFactory()
    DatasetFollow.objects.create(user=follower, dataset=Dataset.objects.get(identifier=changed["id"]))
    changed["title"] = "Nowy tytuł"
    changed["metadata_modified"] = "2024-01-01T10:00:00.000000"

    run = run_harvest(source=source, transport=_fast())

    assert run.incremental
    assert run.updated == 1
    assert Dataset.objects.get(identifier=changed["id"]).title == {"pl": "Nowy tytuł"}
    assert Notification.objects.filter(user=follower, kind="catalogue.dataset.changed").count() == 1


@pytest.mark.parametrize("full", [True, False])
def test_harvest_ckan_vanished_datasets_are_withdrawn_not_deleted(portal, gdansk_records, full):
    ckan = FakeCkan(copy.deepcopy(gdansk_records))
    ckan.install(portal)
    source = _source(portal)
    run_harvest(source=source, transport=_fast())
    gone = [ckan.records.pop(0)["id"], ckan.records.pop(0)["id"]]

    run = run_harvest(source=source, transport=_fast(), full=full)

    assert run.withdrawn == 2
    assert set(Dataset.objects.filter(withdrawn=True).values_list("identifier", flat=True)) == set(gone)
    assert Dataset.objects.count() == 66


def test_harvest_ckan_malformed_records_are_skipped_and_reported(portal, gdansk_records):
    records = copy.deepcopy(gdansk_records[:10])
    records[2]["title"] = ""
    records[2]["notes"] = ""
    records.insert(4, "not a record")
    records.append(copy.deepcopy(records[0]))  # duplicate identifier
    records[6]["title"] = "<script>alert(1)</script><b>Rozkład</b> jazdy"
    records[7]["metadata_modified"] = "yesterday-ish"
    FakeCkan(records, with_search=False).install(portal)

    run = run_harvest(source=_source(portal), transport=_fast())

    assert run.status == RunStatus.FINISHED
    assert run.created == 9
    assert run.failed == 3
    messages = " ".join(error["message"] for error in run.errors)
    assert "no title" in messages
    assert "twice" in messages
    assert Dataset.objects.get(identifier=records[6]["id"]).title["pl"] == "Rozkład jazdy"
    assert Dataset.objects.get(identifier=records[7]["id"]).modified is None


def test_harvest_ckan_malformed_page_keeps_what_is_stored(portal, gdansk_records):
    ckan = FakeCkan(gdansk_records)
    ckan.install(portal)
    source = _source(portal)
    run_harvest(source=source, transport=_fast())
    portal.routes["/api/3/action/package_search"] = lambda _q: (200, {}, b"{not json")
    portal.routes["/api/3/action/current_package_list_with_resources"] = lambda _q: (
        200,
        {},
        b"<html>",
    )

    run = run_harvest(source=source, transport=_fast(), full=True)

    assert run.status == RunStatus.FAILED
    assert run.withdrawn == 0
    assert Dataset.objects.filter(withdrawn=False).count() == 66


def test_harvest_ckan_huge_response_is_cut_off(portal):
    endless = (b"x" * 65536 for _ in range(10**6))
    portal.routes["/api/3/action/package_search"] = lambda _q: (200, {}, endless)
    portal.routes["/api/3/action/current_package_list_with_resources"] = lambda _q: (
        200,
        {},
        endless,
    )
    transport = HttpTransport(min_interval=0, max_bytes=1024 * 1024, retries=0)

    run = run_harvest(source=_source(portal), transport=transport)

    assert run.status == RunStatus.FAILED
    assert "cut off" in run.errors[0]["message"]


def test_harvest_ckan_trickling_response_is_cut_off_in_time(portal):
    portal.routes["/api/3/action/current_package_list_with_resources"] = lambda _q: (
        200,
        {},
        slow_chunks(5),
    )
    transport = HttpTransport(min_interval=0, max_seconds=0.5, retries=0)

    run = run_harvest(source=_source(portal), transport=transport)

    assert run.status == RunStatus.FAILED
    assert "cut off" in run.errors[0]["message"]


def test_harvest_ckan_retries_after_server_errors(portal, gdansk_records):
    answers = iter([(503, {"Retry-After": "0"}, b"busy")])
    ckan = FakeCkan(gdansk_records[:3])

    def flaky(query):
        return next(answers, None) or ckan.package_search(query)

    portal.routes["/api/3/action/package_search"] = flaky

    run = run_harvest(source=_source(portal), transport=_fast())

    assert run.status == RunStatus.FINISHED
    assert run.created == 3


def test_harvest_ckan_refuses_redirects_to_other_hosts(portal):
    other = portal.url.replace("127.0.0.1", "localhost")
    redirect = (302, {"Location": other + "/api/3/action/package_search"}, b"")
    portal.routes["/api/3/action/package_search"] = lambda _q: redirect
    portal.routes["/api/3/action/current_package_list_with_resources"] = lambda _q: redirect

    run = run_harvest(source=_source(portal), transport=_fast())

    assert run.status == RunStatus.FAILED
    assert "another host" in run.errors[0]["message"]


def test_harvest_refuses_loopback_without_permission(portal, gdansk_records, monkeypatch):
    FakeCkan(gdansk_records).install(portal)
    source = _source(portal)
    monkeypatch.delenv("SCDT_HARVEST_ALLOW_PRIVATE")

    run = run_harvest(source=source, transport=_fast())

    assert run.status == RunStatus.FAILED
    assert "non-public" in run.errors[0]["message"]
    assert not portal.requests


def test_create_harvest_source_refuses_loopback_urls(monkeypatch):
    monkeypatch.delenv("SCDT_HARVEST_ALLOW_PRIVATE")

    with pytest.raises(Exception, match="loopback"):
        create_harvest_source(actor=None, name="x", type="ckan", url="http://127.0.0.1:9/api/3/action/")


def test_run_harvest_needs_an_organiser(portal):
    with pytest.raises(PermissionDenied):
        run_harvest(source=_source(portal), actor=UserFactory())


def test_harvest_command_harvests_ad_hoc_url(portal, gdansk_records, capsys):
    FakeCkan(gdansk_records[:5]).install(portal)

    call_command("harvest", "--type", "ckan", "--url", portal.url + "/api/3/action/", verbosity=0)

    assert Dataset.objects.count() == 5
    assert "created 5" in capsys.readouterr().out


def test_json_answer_is_what_the_fake_portal_sends():
    status, _headers, body = json_answer({"a": 1})
    assert status == 200
    assert body == b'{"a": 1}'


def test_harvest_due_queues_periodic_harvests(portal, gdansk_records, capsys):
    FakeCkan(gdansk_records[:5]).install(portal)
    _source(portal)

    call_command("harvest", "--due")
    call_command("harvest", "--due")

    output = capsys.readouterr().out
    assert "Queued 1 harvest(s)." in output
    assert "Queued 0 harvest(s)." in output
    assert Dataset.objects.count() == 5
