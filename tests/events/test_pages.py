import datetime as dt
import json
import re
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.factories import PASSWORD, EventFactory, ProfileFactory, UserFactory

from scdt.events import services
from scdt.events.models import RegistrationStatus

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")


def _login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return user


def _turku_event(**kwargs):
    start = dt.datetime(2031, 5, 12, 12, 0, tzinfo=HELSINKI)
    return EventFactory(start=start, end=start + dt.timedelta(hours=4, minutes=30), **kwargs)


def test_list_shows_local_time_with_zone_named(client):
    _turku_event(title="Turku harbour twin")
    start = dt.datetime(2031, 6, 3, 10, 0, tzinfo=WARSAW)
    EventFactory(
        title="Wrocław mobility data",
        city="Wrocław",
        time_zone="Europe/Warsaw",
        start=start,
        end=start + dt.timedelta(hours=2),
    )

    html = client.get(reverse("events:list")).content.decode()

    assert "12:00–16:30 (Europe/Helsinki)" in html
    assert "10:00–12:00 (Europe/Warsaw)" in html
    assert "Wrocław" in html


def test_list_unknown_time_says_time_not_published(client):
    _turku_event(time_known=False)

    html = client.get(reverse("events:list")).content.decode()

    assert "time not published" in html
    assert "12:00" not in html


def test_list_groups_upcoming_and_past_hides_drafts(client):
    EventFactory(title="Future workshop")
    past_start = timezone.now() - dt.timedelta(days=40)
    EventFactory(title="Old workshop", start=past_start, end=past_start + dt.timedelta(hours=3))
    EventFactory(title="Secret draft", status="draft")

    html = client.get(reverse("events:list")).content.decode()

    assert html.index("Future workshop") < html.index("Past workshops") < html.index("Old workshop")
    assert "Secret draft" not in html


def test_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(8):
        EventFactory()
    past_start = timezone.now() - dt.timedelta(days=40)
    for _ in range(4):
        EventFactory(start=past_start, end=past_start + dt.timedelta(hours=2))

    with django_assert_max_num_queries(6):
        response = client.get(reverse("events:list"))

    assert response.status_code == 200


def test_detail_json_ld_parses_with_offsets(client):
    event = _turku_event(address="Joukahaisenkatu 3", capacity=20)

    html = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    data = json.loads(raw)
    assert data["@type"] == "Event"
    assert data["startDate"] == "2031-05-12T12:00:00+03:00"
    assert data["endDate"] == "2031-05-12T16:30:00+03:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    place, virtual = data["location"]
    assert place["@type"] == "Place"
    assert place["address"]["@type"] == "PostalAddress"
    assert place["address"]["streetAddress"] == "Joukahaisenkatu 3"
    assert virtual["@type"] == "VirtualLocation"
    assert data["url"].endswith(f"/events/{event.slug}/")
    assert data["organizer"]["name"]


def test_detail_json_ld_escapes_script_end(client):
    event = _turku_event(title="</script><b>x</b>")

    html = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL).group(1)
    assert json.loads(raw)["name"] == "</script><b>x</b>"


def test_detail_anonymous_sees_login_reason(client):
    event = _turku_event(capacity=10)

    html = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()

    assert "12:00–16:30 (Europe/Helsinki)" in html
    assert "10 places left" in html
    assert "Log in or join" in html
    assert 'name="attendance"' not in html


def test_detail_unverified_told_to_confirm(client):
    user = _login(client, UserFactory(email_verified_at=None))
    event = _turku_event()

    html = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()

    assert user.email_verified_at is None
    assert "Confirm your e-mail address" in html


def test_detail_verified_sees_attendance_radios(client):
    _login(client, UserFactory())
    event = _turku_event()

    html = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()

    assert 'type="radio" name="attendance" value="onsite"' in html
    assert 'value="remote"' in html


def test_detail_full_explains_waitlist(client):
    _login(client, UserFactory())
    event = _turku_event(capacity=1)
    services.register(user=UserFactory(), event=event)

    html = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()

    assert "join the waiting list" in html


def test_detail_closed_says_closed(client):
    _login(client, UserFactory())
    event = _turku_event(registration_closes=timezone.now() - dt.timedelta(hours=1))

    html = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()

    assert "Registration is closed." in html


def test_detail_draft_is_404_for_public(client):
    event = EventFactory(status="draft")

    assert client.get(reverse("events:detail", kwargs={"slug": event.slug})).status_code == 404


def test_register_post_creates_and_shows_own_registration(client):
    user = _login(client, UserFactory())
    event = _turku_event()

    response = client.post(
        reverse("events:register", kwargs={"slug": event.slug}), {"attendance": "remote"}
    )

    assert response.status_code == 302
    registration = user.registrations.get(event=event)
    assert registration.attendance == "remote"
    html = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()
    assert "Your registration" in html
    assert reverse("events:cancel", kwargs={"uid": registration.uid}) in html


def test_register_post_invalid_attendance_shows_form_error(client):
    _login(client, UserFactory())
    event = _turku_event(format="onsite")

    response = client.post(
        reverse("events:register", kwargs={"slug": event.slug}), {"attendance": "remote"}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_register_post_duplicate_shows_error(client):
    user = _login(client, UserFactory())
    event = _turku_event()
    services.register(user=user, event=event)

    response = client.post(
        reverse("events:register", kwargs={"slug": event.slug}), {"attendance": "onsite"}
    )

    assert response.status_code == 400
    assert "already registered" in response.content.decode()


def test_register_post_anonymous_redirects_to_login(client):
    event = _turku_event()

    response = client.post(
        reverse("events:register", kwargs={"slug": event.slug}), {"attendance": "onsite"}
    )

    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_cancel_post_by_owner(client):
    user = _login(client, UserFactory())
    registration = services.register(user=user, event=_turku_event())

    response = client.post(reverse("events:cancel", kwargs={"uid": registration.uid}))

    registration.refresh_from_db()
    assert response.status_code == 302
    assert registration.status == RegistrationStatus.CANCELLED


def test_cancel_post_by_stranger_forbidden(client):
    registration = services.register(user=UserFactory(), event=_turku_event())
    _login(client, UserFactory())

    response = client.post(reverse("events:cancel", kwargs={"uid": registration.uid}))

    assert response.status_code == 403


def test_cancel_ignores_offsite_next(client):
    user = _login(client, UserFactory())
    registration = services.register(user=user, event=_turku_event())

    response = client.post(
        reverse("events:cancel", kwargs={"uid": registration.uid}),
        {"next": "https://evil.example/"},
    )

    assert response["Location"] == reverse(
        "events:detail", kwargs={"slug": registration.event.slug}
    )


def test_agenda_lists_upcoming_first_with_feed_url(client):
    user = _login(client, UserFactory())
    soon = EventFactory(title="Soon", start=timezone.now() + dt.timedelta(days=3))
    later = EventFactory(title="Later", start=timezone.now() + dt.timedelta(days=9))
    services.register(user=user, event=later)
    services.register(user=user, event=soon)

    html = client.get(reverse("events:agenda")).content.decode()

    assert html.index("Soon") < html.index("Later")
    assert f"/calendar/{user.calendar_token}.ics" in html


def test_agenda_query_count_does_not_grow(client, django_assert_max_num_queries):
    user = _login(client, UserFactory())
    ProfileFactory(user=user)
    for _ in range(8):
        services.register(user=user, event=EventFactory())
    past_start = timezone.now() - dt.timedelta(days=40)
    for _ in range(3):
        past = EventFactory(start=past_start, end=past_start + dt.timedelta(hours=2))
        services.register(user=UserFactory(), event=EventFactory())
        past.registrations.create(user=user, status=RegistrationStatus.APPROVED)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("events:agenda"))

    assert response.status_code == 200


def test_agenda_anonymous_redirects(client):
    response = client.get(reverse("events:agenda"))

    assert response.status_code == 302


def test_reset_feed_changes_token(client):
    user = _login(client, UserFactory())
    old = user.calendar_token

    response = client.post(reverse("events:reset_feed"))

    user.refresh_from_db()
    assert response.status_code == 302
    assert user.calendar_token != old
