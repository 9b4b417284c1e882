"""The meetings API: sessions, availability, requests, meetings, scheduler runs; errors in the common body."""

import pytest
from django.test import Client
from tests.meetings.world import join, make_session, organiser_of

from scdt.directory.models import Profile
from scdt.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _post(client, path, body=None):
    return client.post(path, body or {}, content_type="application/json")


def test_session_api_lists_slots_in_event_zone():
    session = make_session()
    body = Client().get(f"/api/v1/meetings/sessions/{session.pk}").json()
    assert body["time_zone"] == "Europe/Helsinki"
    assert len(body["slots"]) == 4
    assert body["slots"][0]["start"].endswith("+02:00") or body["slots"][0]["start"].endswith("+03:00")


def test_request_accept_flow_over_api():
    session = make_session()
    anna, ben = join(session), join(session)
    slot = session.slots.order_by("position")[2]
    created = _post(
        _client(anna),
        "/api/v1/me/meeting-requests",
        {"session": session.pk, "to": Profile.objects.get(user=ben).pk, "message": "Hi"},
    )
    assert created.status_code == 201, created.content
    uid = created.json()["uid"]
    accepted = _post(_client(ben), f"/api/v1/me/meeting-requests/{uid}/accept", {"slot": slot.pk})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "accepted"
    [meeting] = _client(anna).get("/api/v1/me/meetings").json()
    assert meeting["slot"] == slot.pk
    assert meeting["location"] == "Table 1"


def test_accept_taken_slot_over_api_is_400_with_common_body():
    session = make_session()
    anna, ben, carl = join(session), join(session), join(session)
    slot = session.slots.first()
    client = _client(ben)
    first = _post(
        _client(anna), "/api/v1/me/meeting-requests", {"session": session.pk, "to": Profile.objects.get(user=ben).pk}
    )
    second = _post(
        _client(carl), "/api/v1/me/meeting-requests", {"session": session.pk, "to": Profile.objects.get(user=ben).pk}
    )
    assert (
        _post(client, f"/api/v1/me/meeting-requests/{first.json()['uid']}/accept", {"slot": slot.pk}).status_code == 200
    )
    response = _post(client, f"/api/v1/me/meeting-requests/{second.json()['uid']}/accept", {"slot": slot.pk})
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
    assert Meeting.objects.count() == 1


def test_request_to_oneself_over_api_is_400():
    session = make_session()
    anna = join(session)
    response = _post(
        _client(anna), "/api/v1/me/meeting-requests", {"session": session.pk, "to": Profile.objects.get(user=anna).pk}
    )
    assert response.status_code == 400


def test_availability_over_api_rejects_foreign_slot():
    session, other = make_session(), make_session()
    anna = join(session)
    client = _client(anna)
    ok = client.put(
        f"/api/v1/meetings/sessions/{session.pk}/availability",
        {"unavailable": [session.slots.first().pk]},
        content_type="application/json",
    )
    assert ok.status_code == 200
    bad = client.put(
        f"/api/v1/meetings/sessions/{session.pk}/availability",
        {"unavailable": [other.slots.first().pk]},
        content_type="application/json",
    )
    assert bad.status_code == 400


def test_scheduler_run_over_api(django_capture_on_commit_callbacks):
    session = make_session(booking_mode="organiser")
    anna, ben = join(session), join(session)
    uid = _post(
        _client(anna), "/api/v1/me/meeting-requests", {"session": session.pk, "to": Profile.objects.get(user=ben).pk}
    ).json()["uid"]
    _post(_client(ben), f"/api/v1/me/meeting-requests/{uid}/accept")
    client = _client(organiser_of(session))
    with django_capture_on_commit_callbacks(execute=True):
        started = _post(client, f"/api/v1/meetings/sessions/{session.pk}/scheduler-runs", {"time_limit": 5})
    assert started.status_code == 202, started.content
    run = client.get(f"/api/v1/meetings/scheduler-runs/{started.json()['id']}").json()
    assert run["status"] == "done"
    assert run["placed"] == 1
    published = _post(client, f"/api/v1/meetings/scheduler-runs/{run['id']}/publish")
    assert published.json()["status"] == "published"
    assert Meeting.objects.count() == 1
    assert _post(_client(anna), f"/api/v1/meetings/sessions/{session.pk}/scheduler-runs").status_code == 403


def test_openapi_documents_meetings_paths():
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/meetings/sessions",
        "/api/v1/me/meeting-requests",
        "/api/v1/me/meeting-requests/{uid}/accept",
        "/api/v1/me/meetings",
        "/api/v1/meetings/sessions/{pk}/scheduler-runs",
        "/api/v1/meetings/scheduler-runs/{pk}/publish",
    ):
        assert path in paths
