import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from tests.factories import PASSWORD, EventFactory, EventSeriesFactory, ProfileFactory, UserFactory

from scdt.events import services
from scdt.events.models import RegistrationStatus

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return user


def test_api_events_list_filters_and_query_count(client, django_assert_max_num_queries):
    for _ in range(5):
        EventFactory(city="Turku")
    EventFactory(city="Vilnius", time_zone="Europe/Vilnius")
    past_start = timezone.now() - dt.timedelta(days=40)
    EventFactory(city="Turku", start=past_start, end=past_start + dt.timedelta(hours=2))
    EventFactory(status="draft")

    with django_assert_max_num_queries(3):
        everything = client.get("/api/v1/events").json()
    upcoming_turku = client.get("/api/v1/events", {"upcoming": "true", "city": "Turku"}).json()

    assert len(everything) == 7
    assert len(upcoming_turku) == 5


def test_api_event_detail_times_with_offset(client):
    start = dt.datetime(2031, 5, 12, 12, 0, tzinfo=HELSINKI)
    event = EventFactory(start=start, end=start + dt.timedelta(hours=4, minutes=30), capacity=3)

    data = client.get(f"/api/v1/events/{event.slug}").json()

    assert data["start"] == "2031-05-12T12:00:00+03:00"
    assert data["end"] == "2031-05-12T16:30:00+03:00"
    assert data["time_zone"] == "Europe/Helsinki"
    assert data["places_left"] == 3


def test_api_event_detail_draft_404(client):
    event = EventFactory(status="draft")

    response = client.get(f"/api/v1/events/{event.slug}")

    assert response.status_code == 404
    assert response.json()["detail"]


def test_api_register_created_then_duplicate_400(client):
    user = _login(client, UserFactory())
    event = EventFactory()

    created = client.post(
        "/api/v1/me/registrations",
        {"event": event.slug, "attendance": "remote"},
        content_type="application/json",
    )
    duplicate = client.post(
        "/api/v1/me/registrations",
        {"event": event.slug, "attendance": "onsite"},
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["status"] == "approved"
    assert created.json()["attendance"] == "remote"
    assert duplicate.status_code == 400
    assert "already registered" in duplicate.json()["detail"]
    assert user.registrations.count() == 1


def test_api_register_closed_400(client):
    _login(client, UserFactory())
    event = EventFactory(registration_closes=timezone.now() - dt.timedelta(hours=1))

    response = client.post(
        "/api/v1/me/registrations", {"event": event.slug}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "closed" in response.json()["detail"]


def test_api_register_wrong_attendance_names_field(client):
    _login(client, UserFactory())
    event = EventFactory(format="onsite")

    response = client.post(
        "/api/v1/me/registrations",
        {"event": event.slug, "attendance": "remote"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "attendance"


def test_api_register_unverified_403(client):
    _login(client, UserFactory(email_verified_at=None))

    response = client.post(
        "/api/v1/me/registrations", {"event": EventFactory().slug}, content_type="application/json"
    )

    assert response.status_code == 403


def test_api_register_anonymous_401(client):
    response = client.post(
        "/api/v1/me/registrations", {"event": EventFactory().slug}, content_type="application/json"
    )

    assert response.status_code == 401


def test_api_register_unknown_event_404(client):
    _login(client, UserFactory())

    response = client.post(
        "/api/v1/me/registrations", {"event": "nope"}, content_type="application/json"
    )

    assert response.status_code == 404


def test_api_my_registrations_and_cancel(client, django_assert_max_num_queries):
    user = _login(client, UserFactory())
    registrations = [services.register(user=user, event=EventFactory()) for _ in range(4)]

    with django_assert_max_num_queries(4):
        listed = client.get("/api/v1/me/registrations").json()
    cancelled = client.post(f"/api/v1/me/registrations/{registrations[0].uid}/cancel")
    again = client.post(f"/api/v1/me/registrations/{registrations[0].uid}/cancel")

    assert len(listed) == 4
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == RegistrationStatus.CANCELLED
    assert cancelled.json()["sequence"] == 1
    assert again.status_code == 400


def test_api_cancel_someone_elses_registration_404(client):
    registration = services.register(user=UserFactory(), event=EventFactory())
    _login(client, UserFactory())

    response = client.post(f"/api/v1/me/registrations/{registration.uid}/cancel")

    assert response.status_code == 404


def test_api_event_registrations_for_organisers_only(client, django_assert_max_num_queries):
    organiser = UserFactory()
    event = EventFactory(series=EventSeriesFactory(organisers=[organiser]))
    for _ in range(4):
        services.register(user=ProfileFactory().user, event=event)
    url = f"/api/v1/events/{event.slug}/registrations"

    _login(client, UserFactory())
    forbidden = client.get(url)
    _login(client, organiser)
    with django_assert_max_num_queries(8):
        allowed = client.get(url)

    assert forbidden.status_code == 403
    assert allowed.status_code == 200
    assert len(allowed.json()) == 4
    assert allowed.json()[0]["organisation"]
