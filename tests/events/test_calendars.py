import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from tests.factories import EventFactory, UserFactory

from scdt.events import services
from scdt.events.models import EventFormat

pytestmark = pytest.mark.django_db

HELSINKI = zoneinfo.ZoneInfo("Europe/Helsinki")


def _turku_event(**kwargs):
    start = dt.datetime(2031, 5, 12, 12, 0, tzinfo=HELSINKI)
    defaults = {"start": start, "end": start + dt.timedelta(hours=4, minutes=30), "room": "Room 2"}
    return EventFactory(**(defaults | kwargs))


def _vevents(content: bytes):
    return icalendar.Calendar.from_ical(content).walk("VEVENT")


def test_event_ics_has_tzid_and_vtimezone(client):
    event = _turku_event(address="Joukahaisenkatu 3")

    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Helsinki"]
    vevent = calendar.walk("VEVENT")[0]
    assert vevent["UID"] == f"event-{event.pk}@scdt"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Helsinki"
    assert vevent["DTSTART"].dt.hour == 12
    assert vevent["DTEND"].dt.strftime("%H:%M") == "16:30"
    assert "EDUCity, Room 2, Joukahaisenkatu 3" in str(vevent["LOCATION"])


def test_event_ics_unknown_time_is_all_day(client):
    event = _turku_event(time_known=False)

    response = client.get(reverse("events:ics", kwargs={"slug": event.slug}))

    vevent = _vevents(response.content)[0]
    assert vevent["DTSTART"].params.get("VALUE") == "DATE"
    assert vevent["DTSTART"].dt == dt.date(2031, 5, 12)
    assert vevent["DTEND"].dt == dt.date(2031, 5, 13)


def test_event_ics_draft_is_404(client):
    event = _turku_event(status="draft")

    assert client.get(reverse("events:ics", kwargs={"slug": event.slug})).status_code == 404


def test_feed_uid_stable_sequence_bumps_and_cancelled_kept(client):
    user = UserFactory()
    event = _turku_event()
    registration = services.register(user=user, event=event)
    feed_url = reverse("events:feed", kwargs={"token": user.calendar_token})
    before = _vevents(client.get(feed_url).content)[0]

    services.cancel_registration(actor=user, registration=registration)
    after = _vevents(client.get(feed_url).content)[0]

    assert before["UID"] == after["UID"] == f"registration-{registration.uid}@scdt"
    assert before["STATUS"] == "CONFIRMED"
    assert after["STATUS"] == "CANCELLED"
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1


def test_feed_statuses_and_remote_location(client):
    user = UserFactory()
    pending_event = _turku_event(requires_approval=True)
    online_event = _turku_event(
        format=EventFormat.ONLINE, online_url="https://meet.example.org/scdt"
    )
    services.register(user=user, event=pending_event)
    services.register(user=user, event=online_event, attendance="remote")

    response = client.get(reverse("events:feed", kwargs={"token": user.calendar_token}))

    by_title = {str(v["SUMMARY"]): v for v in _vevents(response.content)}
    assert by_title[pending_event.title]["STATUS"] == "TENTATIVE"
    assert by_title[online_event.title]["STATUS"] == "CONFIRMED"
    assert str(by_title[online_event.title]["LOCATION"]) == "https://meet.example.org/scdt"


def test_feed_unknown_token_is_404(client):
    UserFactory()

    assert client.get(reverse("events:feed", kwargs={"token": "nope"})).status_code == 404


def test_feed_old_token_404_after_reset(client):
    user = UserFactory()
    old_url = reverse("events:feed", kwargs={"token": user.calendar_token})
    services.reset_calendar_token(user=user)

    assert client.get(old_url).status_code == 404


def test_feed_warsaw_event_uses_warsaw_zone(client):
    user = UserFactory()
    warsaw = zoneinfo.ZoneInfo("Europe/Warsaw")
    start = dt.datetime(2031, 6, 3, 9, 30, tzinfo=warsaw)
    event = EventFactory(
        city="Gdańsk", time_zone="Europe/Warsaw", start=start, end=start + dt.timedelta(hours=3)
    )
    services.register(user=user, event=event)

    calendar = icalendar.Calendar.from_ical(
        client.get(reverse("events:feed", kwargs={"token": user.calendar_token})).content
    )

    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    assert calendar.walk("VEVENT")[0]["DTSTART"].dt.strftime("%H:%M") == "09:30"


def test_registration_mail_attachment_is_calendar(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.register(user=UserFactory(), event=_turku_event())

    raw = mailoutbox[0].message().as_string()
    assert 'text/calendar; method="PUBLISH"' in raw
    _, content, _ = mailoutbox[0].attachments[0]
    vevent = _vevents(content.encode() if isinstance(content, str) else content)[0]
    assert vevent["UID"] == f"registration-{registration.uid}@scdt"
