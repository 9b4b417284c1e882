"""Reusable reads of events and registrations."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from scdt.events.models import (
    Attendance,
    Event,
    EventFormat,
    EventSeries,
    EventStatus,
    Registration,
    RegistrationStatus,
)

# An approved registration takes one of the places: on-site ones at on-site and hybrid
# events, every one at online events.
PLACE_TAKING = Q(registrations__status=RegistrationStatus.APPROVED) & (
    Q(registrations__attendance=Attendance.ONSITE) | Q(format=EventFormat.ONLINE)
)


def places_taken(event: Event) -> int:
    registrations = event.registrations.filter(status=RegistrationStatus.APPROVED)
    if event.format != EventFormat.ONLINE:
        registrations = registrations.filter(attendance=Attendance.ONSITE)
    return registrations.count()


def places_left(event: Event) -> int | None:
    """Free places, or None when the event has no limit."""
    if event.capacity is None:
        return None
    taken = getattr(event, "places_taken", None)
    if taken is None:
        taken = places_taken(event)
    return max(0, event.capacity - taken)


def with_places_taken(events: QuerySet) -> QuerySet:
    return events.annotate(places_taken=Count("registrations", filter=PLACE_TAKING, distinct=True))


def published_events() -> QuerySet:
    return Event.objects.filter(
        status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]
    ).select_related("series")


def upcoming_events(now=None) -> QuerySet:
    now = now or timezone.now()
    return published_events().filter(end__gte=now).order_by("start", "id")


def past_events(now=None) -> QuerySet:
    now = now or timezone.now()
    return published_events().filter(end__lt=now).order_by("-start", "-id")


def registration_of(user, event: Event) -> Registration | None:
    if not user.is_authenticated:
        return None
    return Registration.objects.filter(user=user, event=event).first()


def agenda_registrations(user) -> tuple[list[Registration], list[Registration]]:
    """The person's registrations: (upcoming, soonest first; past, latest first)."""
    now = timezone.now()
    registrations = Registration.objects.filter(user=user).select_related("event", "event__series")
    upcoming = list(registrations.filter(event__end__gte=now).order_by("event__start", "id"))
    past = list(registrations.filter(event__end__lt=now).order_by("-event__start", "-id"))
    return upcoming, past


def organised_series(user) -> QuerySet:
    """Series the user organises (every series for admins), with their events and counts."""
    series = EventSeries.objects.all()
    if not (user.is_staff or user.is_superuser):
        series = series.filter(organisers=user)
    events = with_places_taken(Event.objects.order_by("-start")).annotate(
        active_count=Count(
            "registrations",
            filter=Q(
                registrations__status__in=[
                    RegistrationStatus.APPROVED,
                    RegistrationStatus.PENDING,
                    RegistrationStatus.WAITLISTED,
                ]
            ),
            distinct=True,
        ),
        pending_count=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.PENDING),
            distinct=True,
        ),
    )
    return series.prefetch_related(Prefetch("events", queryset=events)).order_by("title")


def filter_registrations(
    event: Event, *, status: str = "", attendance: str = "", search: str = ""
) -> QuerySet:
    registrations = Registration.objects.filter(event=event).select_related(
        "event", "user", "user__profile", "user__profile__organisation"
    )
    if status:
        registrations = registrations.filter(status=status)
    if attendance:
        registrations = registrations.filter(attendance=attendance)
    if search:
        registrations = registrations.filter(
            Q(user__email__icontains=search)
            | Q(user__profile__full_name__icontains=search)
            | Q(user__profile__organisation__name__icontains=search)
        )
    return registrations.order_by("created_at", "id")


def status_counts(event: Event) -> dict[str, int]:
    counts = dict.fromkeys(RegistrationStatus.values, 0)
    for row in Registration.objects.filter(event=event).values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts
