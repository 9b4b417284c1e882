import datetime as dt

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from tests.factories import EventFactory, EventSeriesFactory, RegistrationFactory, UserFactory

from scdt.events.calendars import registration_calendar
from scdt.events.services import save_event

pytestmark = pytest.mark.django_db


def _sequence(registration) -> int:
    calendar = icalendar.Calendar.from_ical(registration_calendar(registration))
    return next(c for c in calendar.walk("VEVENT"))["SEQUENCE"]


def test_moving_an_event_bumps_sequence_and_tells_registrants(django_capture_on_commit_callbacks):
    organiser = UserFactory()
    event = EventFactory(series=EventSeriesFactory(organisers=[organiser]))
    registration = RegistrationFactory(event=event)
    before = _sequence(registration)

    event.start += dt.timedelta(hours=1)
    event.end += dt.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        save_event(actor=organiser, event=event, changed_fields=["start", "end"])

    registration.refresh_from_db()
    assert _sequence(registration) == before + 1
    assert [m.to for m in mail.outbox] == [[registration.user.email]]
    assert mail.outbox[0].attachments[0][0].endswith(".ics")


def test_editing_the_description_does_not_move_calendars():
    organiser = UserFactory()
    event = EventFactory(series=EventSeriesFactory(organisers=[organiser]))
    event.description = "More details."
    save_event(actor=organiser, event=event, changed_fields=["description"])
    event.refresh_from_db()
    assert event.sequence == 0


def test_only_organisers_of_the_series_may_change_an_event():
    event = EventFactory(series=EventSeriesFactory(organisers=[UserFactory()]))
    other_organiser = UserFactory()
    EventSeriesFactory(organisers=[other_organiser])
    with pytest.raises(PermissionDenied):
        save_event(actor=other_organiser, event=event, changed_fields=["start"])
