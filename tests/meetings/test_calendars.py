"""Meetings in the private feed: stable UID, SEQUENCE bumped on change, CANCELLED, TZID, LOCATION."""

import icalendar
import pytest
from django.test import Client
from tests.meetings.world import join, make_session

from scdt.meetings.models import Meeting
from scdt.meetings.services import accept_meeting_request, cancel_meeting, request_meeting, reschedule_meeting

pytestmark = pytest.mark.django_db


def _feed(user) -> icalendar.Calendar:
    response = Client().get(f"/calendar/{user.calendar_token}.ics")
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def _meeting_events(calendar):
    return [c for c in calendar.walk("VEVENT") if str(c["uid"]).startswith("meeting-")]


def _book(session, anna, ben):
    accept_meeting_request(actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session))
    return Meeting.objects.get()


def test_feed_carries_meeting_in_event_zone_with_table():
    session = make_session()
    anna, ben = join(session), join(session)
    meeting = _book(session, anna, ben)
    [component] = _meeting_events(_feed(anna))
    assert str(component["uid"]) == f"meeting-{meeting.uid}@scdt"
    assert component["dtstart"].params["TZID"] == "Europe/Helsinki"
    assert component["dtstart"].dt == meeting.slot.start
    assert str(component["location"]).startswith("Table 1")
    assert str(component["status"]) == "CONFIRMED"
    assert int(component["sequence"]) == 0
    assert _meeting_events(_feed(ben))[0]["uid"] == component["uid"]


def test_feed_bumps_sequence_on_reschedule_and_cancels():
    session = make_session()
    anna, ben = join(session), join(session)
    meeting = _book(session, anna, ben)
    reschedule_meeting(actor=anna, meeting=meeting)
    [moved] = _meeting_events(_feed(ben))
    assert int(moved["sequence"]) == 1
    assert moved["dtstart"].dt == Meeting.objects.get().slot.start
    cancel_meeting(actor=ben, meeting=meeting, reason="Ill")
    [cancelled] = _meeting_events(_feed(anna))
    assert int(cancelled["sequence"]) == 2
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == f"meeting-{meeting.uid}@scdt"


def test_feed_gives_remote_pair_the_video_link():
    session = make_session(video_link_pattern="https://meet.jit.si/scdt-{session}-{meeting}")
    anna, ben = join(session, attendance="remote"), join(session)
    _book(session, anna, ben)
    [component] = _meeting_events(_feed(anna))
    assert str(component["location"]).startswith("https://meet.jit.si/scdt-")


def test_acceptance_mail_attaches_meeting_ics(django_capture_on_commit_callbacks, mailoutbox):
    session = make_session()
    anna, ben = join(session), join(session)
    request = request_meeting(requester=anna, recipient=ben, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        accept_meeting_request(actor=ben, request=request)
    [message] = [m for m in mailoutbox if m.to == [anna.email]]
    filename, content, _mimetype = message.attachments[0]
    assert filename.endswith(".ics")
    [component] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(component["uid"]) == f"meeting-{Meeting.objects.get().uid}@scdt"
