"""iCalendar output: one event's ``.ics`` file and each person's private agenda feed.

The feed is built from components so other apps can add theirs: a feature with its own
dated things (the meetings app, later) writes a function returning ``icalendar.Event``
components with zone-aware DTSTART/DTEND and a stable UID, and the feed view passes
``[*registration_components(...), *meeting_components(...)]`` to :func:`build_calendar`.
:func:`build_calendar` adds the VTIMEZONE of every zone the components use.
"""

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from scdt.events.models import Attendance, Event, EventStatus, Registration, RegistrationStatus

PRODID = "-//SCDT Marketplace//Workshops//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"

REGISTRATION_ICAL_STATUS = {
    RegistrationStatus.APPROVED: "CONFIRMED",
    RegistrationStatus.PENDING: "TENTATIVE",
    RegistrationStatus.WAITLISTED: "TENTATIVE",
    RegistrationStatus.REJECTED: "CANCELLED",
    RegistrationStatus.CANCELLED: "CANCELLED",
}


def build_calendar(
    components: Iterable[icalendar.Component], *, name: str = "", method: str = "PUBLISH"
) -> icalendar.Calendar:
    """A VCALENDAR holding ``components`` plus a VTIMEZONE for every TZID they use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    dates = []
    for component in components:
        calendar.add_component(component)
        start = component.get("dtstart")
        if start is not None:
            value = start.dt
            dates.append(value.date() if isinstance(value, dt.datetime) else value)
    if dates:
        # Transitions only for the years that matter keep the file small.
        calendar.add_missing_timezones(
            first_date=min(dates) - dt.timedelta(days=366),
            last_date=max(dates) + dt.timedelta(days=366),
        )
    return calendar


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _location(event: Event, attendance: str | None) -> str:
    if attendance == Attendance.REMOTE or (
        attendance is None and not event.venue and event.online_url
    ):
        return event.online_url
    parts = [event.venue, event.room, event.address, event.city]
    return ", ".join(part for part in parts if part)


def event_component(
    event: Event, *, uid: str, sequence: int, status: str, attendance: str | None = None
) -> icalendar.Event:
    """One VEVENT for ``event`` in its own zone (all-day dates when the time is unknown)."""
    component = icalendar.Event()
    component.add("uid", uid)
    component.add("dtstamp", timezone.now())
    component.add("last-modified", event.updated_at)
    component.add("sequence", sequence)
    component.add("summary", event.title)
    if event.time_known:
        component.add("dtstart", event.local_start)
        component.add("dtend", event.local_end)
    else:
        component.add("dtstart", event.local_start.date())
        # DTEND of an all-day entry is exclusive.
        component.add("dtend", event.local_end.date() + dt.timedelta(days=1))
    location = _location(event, attendance)
    if location:
        component.add("location", location)
    url = _absolute(reverse("events:detail", kwargs={"slug": event.slug}))
    component.add("url", url)
    description = event.description
    if event.online_url and attendance != Attendance.ONSITE:
        description = f"{description}\n\n{event.online_url}".strip()
    component.add("description", f"{description}\n\n{url}".strip())
    if event.status == EventStatus.CANCELLED:
        status = "CANCELLED"
    component.add("status", status)
    return component


def event_calendar(event: Event) -> bytes:
    """The public ``.ics`` file of one event."""
    component = event_component(
        event, uid=f"event-{event.pk}@scdt", sequence=event.sequence, status="CONFIRMED"
    )
    return build_calendar([component], name=event.title).to_ical()


def registration_component(registration: Registration) -> icalendar.Event:
    return event_component(
        registration.event,
        uid=f"registration-{registration.uid}@scdt",
        # Both a change of the registration and a change of the event must update the entry.
        sequence=registration.sequence + registration.event.sequence,
        status=REGISTRATION_ICAL_STATUS[registration.status],
        attendance=registration.attendance,
    )


def registration_calendar(registration: Registration) -> bytes:
    """The ``.ics`` attached to registration e-mails: the same UID as in the person's feed."""
    return build_calendar([registration_component(registration)]).to_ical()


def registration_components(user) -> list[icalendar.Event]:
    """Every registration of ``user``, cancelled ones included so calendars drop them."""
    registrations = (
        Registration.objects.filter(user=user)
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event")
        .order_by("event__start")
    )
    return [registration_component(registration) for registration in registrations]


def user_feed(user, *, name: str) -> bytes:
    return build_calendar(registration_components(user), name=name).to_ical()
