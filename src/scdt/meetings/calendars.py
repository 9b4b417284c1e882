"""Meetings in iCalendar: components for the personal feed and the ``.ics`` attached to mails.

UID ``meeting-<uuid>@scdt`` never changes; SEQUENCE is the meeting's counter, bumped by
every service that changes it; cancelled meetings stay in the feed as STATUS:CANCELLED so
calendar apps remove them. Times carry the event's TZID.
"""

import icalendar
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from scdt.events.calendars import build_calendar
from scdt.events.models import EventStatus
from scdt.meetings.models import Meeting, MeetingStatus
from scdt.meetings.queries import PERSON_RELATED, person_name


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.uid}@scdt"


def meeting_component(meeting: Meeting, *, viewer) -> icalendar.Event:
    """One VEVENT for ``meeting`` as ``viewer`` (one of its participants) sees it."""
    session = meeting.session
    event = session.event
    tz = event.tz
    other = meeting.other_participant(viewer)
    component = icalendar.Event()
    component.add("uid", meeting_uid(meeting))
    component.add("dtstamp", timezone.now())
    component.add("last-modified", meeting.updated_at)
    component.add("sequence", meeting.sequence)
    component.add("summary", _("Meeting with %(name)s") % {"name": person_name(other)})
    component.add("dtstart", meeting.slot.start.astimezone(tz))
    component.add("dtend", meeting.slot.end.astimezone(tz))
    if meeting.video_url:
        component.add("location", meeting.video_url)
    elif meeting.table_id:
        parts = [meeting.table.name, event.venue, event.room, event.city]
        component.add("location", ", ".join(part for part in parts if part))
    url = f"{settings.SITE_URL}{reverse('meetings:mine')}"
    component.add("url", url)
    component.add("description", f"{event.title} — {session.name}\n\n{url}")
    cancelled = meeting.status == MeetingStatus.CANCELLED or event.status == EventStatus.CANCELLED
    component.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return component


def meeting_components(user) -> list[icalendar.Event]:
    """Every meeting of ``user``, cancelled ones included so calendars drop them."""
    meetings = (
        Meeting.objects.filter(Q(participant_a=user) | Q(participant_b=user))
        .exclude(session__event__status=EventStatus.DRAFT)
        .select_related("session", "session__event", "slot", "table", *PERSON_RELATED)
        .order_by("slot__start", "id")
    )
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        return [meeting_component(meeting, viewer=user) for meeting in meetings]


def meeting_calendar(meeting: Meeting, *, viewer) -> bytes:
    """The ``.ics`` attached to meeting e-mails: the same UID as in the person's feed."""
    return build_calendar([meeting_component(meeting, viewer=viewer)]).to_ical()
