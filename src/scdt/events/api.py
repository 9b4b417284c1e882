"""Workshops and my registrations on the API; organisers read an event's registrations."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from scdt.accounts.authentication import API_AUTH
from scdt.events import queries, services
from scdt.events.models import Attendance, Event, EventStatus, Registration
from scdt.events.rules import can_manage_event

router = Router(tags=["events"])


class ErrorOut(Schema):
    detail: str = Field(examples=["Registration for this workshop is closed."])
    errors: list[dict] = Field(
        examples=[[{"field": "", "message": "Registration for this workshop is closed."}]]
    )


class EventOut(Schema):
    slug: str = Field(examples=["turku-digital-twins-2026"])
    title: str = Field(examples=["Digital twins of Turku harbour"])
    series: str = Field(examples=["SCDT workshops 2026"])
    description: str
    city: str = Field(examples=["Turku"])
    venue: str = Field(examples=["EDUCity"])
    room: str
    address: str
    format: str = Field(description="onsite, online or hybrid.", examples=["hybrid"])
    status: str = Field(description="published or cancelled.", examples=["published"])
    time_zone: str = Field(
        description="The zone the event is held and shown in.", examples=["Europe/Helsinki"]
    )
    start: dt.datetime = Field(
        description="In the event's zone, with offset.", examples=["2026-05-12T12:00:00+03:00"]
    )
    end: dt.datetime = Field(examples=["2026-05-12T16:30:00+03:00"])
    time_known: bool = Field(description="False when only the date is published.")
    capacity: int | None = Field(
        description="Places (on-site ones for hybrid events); null: no limit."
    )
    places_left: int | None
    registration_opens: dt.datetime | None
    registration_closes: dt.datetime = Field(description="Defaults to the start of the event.")
    requires_approval: bool
    url: str = Field(examples=["/events/turku-digital-twins-2026/"])


class RegistrationOut(Schema):
    uid: uuid.UUID
    event: str = Field(description="The event's slug.", examples=["turku-digital-twins-2026"])
    event_title: str
    attendance: str = Field(examples=["onsite"])
    status: str = Field(
        description="pending, approved, waitlisted, rejected or cancelled.", examples=["approved"]
    )
    sequence: int = Field(description="Bumped on every change (iCalendar SEQUENCE).")
    registered_at: dt.datetime


class OrganiserRegistrationOut(RegistrationOut):
    name: str = Field(examples=["Anna Virtanen"])
    email: str | None = Field(description="null once the person erased their account.")
    organisation: str


class RegistrationIn(Schema):
    event: str = Field(description="The event's slug.", examples=["turku-digital-twins-2026"])
    attendance: Attendance = Field(default=Attendance.ONSITE, examples=["onsite"])


class EventFilters(Schema):
    upcoming: bool = Field(default=False, description="Only events that have not ended.")
    city: str = Field(default="", description="Exact city name, e.g. Turku.")


def _event_out(event: Event) -> dict:
    tz = event.tz
    return {
        "slug": event.slug,
        "title": event.title,
        "series": event.series.title,
        "description": event.description,
        "city": event.city,
        "venue": event.venue,
        "room": event.room,
        "address": event.address,
        "format": event.format,
        "status": event.status,
        "time_zone": event.time_zone,
        "start": event.local_start,
        "end": event.local_end,
        "time_known": event.time_known,
        "capacity": event.capacity,
        "places_left": queries.places_left(event),
        "registration_opens": event.registration_opens.astimezone(tz)
        if event.registration_opens
        else None,
        "registration_closes": event.registration_closes_at.astimezone(tz),
        "requires_approval": event.requires_approval,
        "url": reverse("events:detail", kwargs={"slug": event.slug}),
    }


def _registration_out(registration: Registration) -> dict:
    return {
        "uid": registration.uid,
        "event": registration.event.slug,
        "event_title": registration.event.title,
        "attendance": registration.attendance,
        "status": registration.status,
        "sequence": registration.sequence,
        "registered_at": registration.created_at,
    }


def _published_event(slug: str) -> Event:
    return get_object_or_404(queries.with_places_taken(queries.published_events()), slug=slug)


@router.get("/events", auth=None, response=list[EventOut], summary="Published workshops")
def list_events(request, filters: Query[EventFilters]):
    events = queries.published_events().order_by("start", "id")
    if filters.upcoming:
        events = events.filter(end__gte=timezone.now())
    if filters.city:
        events = events.filter(city__iexact=filters.city)
    return [_event_out(event) for event in queries.with_places_taken(events)]


@router.get(
    "/events/{slug}", auth=None, response={200: EventOut, 404: ErrorOut}, summary="One workshop"
)
def get_event(request, slug: str):
    return _event_out(_published_event(slug))


@router.get(
    "/events/{slug}/registrations",
    auth=API_AUTH,
    response={200: list[OrganiserRegistrationOut], 403: ErrorOut, 404: ErrorOut},
    summary="Registrations of a workshop (organisers and admins)",
)
def event_registrations(request, slug: str):
    event = get_object_or_404(Event.objects.select_related("series"), slug=slug)
    if not can_manage_event(request.auth, event):
        raise PermissionDenied(_("Only the organisers of this workshop can see its registrations."))
    rows = []
    for registration in queries.filter_registrations(event):
        user = registration.user
        profile = getattr(user, "profile", None) if user else None
        rows.append(
            {
                **_registration_out(registration),
                "name": profile.full_name if profile else "",
                "email": user.email if user else None,
                "organisation": profile.organisation.name
                if profile and profile.organisation
                else "",
            }
        )
    return rows


@router.get(
    "/me/registrations",
    auth=API_AUTH,
    response={200: list[RegistrationOut], 401: ErrorOut},
    summary="My registrations",
)
def my_registrations(request):
    registrations = (
        Registration.objects.filter(user=request.auth)
        .select_related("event")
        .order_by("event__start")
    )
    return [_registration_out(registration) for registration in registrations]


@router.post(
    "/me/registrations",
    auth=API_AUTH,
    response={201: RegistrationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Register to a workshop",
    description="The status is approved, pending (the organisers approve) or waitlisted (full). "
    "A 400 explains why registration is not possible "
    "(closed, already registered, wrong attendance).",
)
def create_registration(request, payload: RegistrationIn):
    event = get_object_or_404(Event.objects.exclude(status=EventStatus.DRAFT), slug=payload.event)
    registration = services.register(user=request.auth, event=event, attendance=payload.attendance)
    return 201, _registration_out(registration)


@router.post(
    "/me/registrations/{uid}/cancel",
    auth=API_AUTH,
    response={200: RegistrationOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Cancel my registration",
)
def cancel_registration(request, uid: uuid.UUID):
    registration = get_object_or_404(
        Registration.objects.select_related("event", "event__series"), uid=uid, user=request.auth
    )
    registration = services.cancel_registration(actor=request.auth, registration=registration)
    return _registration_out(registration)
