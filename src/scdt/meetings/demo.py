"""Demo matchmaking on the demonstration event (``scdt demo`` calls :func:`load_demo_meetings`).

Two sessions: "Book-yourself meetings" (accepting a request books a slot at once) and
"Scheduled meetings" (accepted requests wait for the organisers' scheduler). Registered
participants of the event take part in both, and some accepted requests wait in the
second, so the organiser can run the scheduler, review the draft and publish it.
Idempotent: nothing is created when the sessions exist.
"""

import datetime as dt
import random

from django.db import transaction

from scdt.events.models import Event, Registration, RegistrationStatus
from scdt.meetings.models import BookingMode, MatchmakingSession
from scdt.meetings.services import accept_meeting_request, configure_session, join_session, request_meeting

DEMO_EVENT_SLUG = "demo-matchmaking-workshop"
SELF_NAME = "Book-yourself meetings"
SCHEDULED_NAME = "Scheduled meetings"
ACCEPTED_REQUESTS = 14
MESSAGES = [
    "Could we talk about sharing your sensor data for our digital twin pilot?",
    "We are looking for a partner city for an open mobility data pilot.",
    "I would like to hear how you publish your building data.",
    "Your offer matches our data request; shall we meet?",
]


def load_demo_meetings() -> int:
    """Create the demo sessions, opt the event's participants in, accept some requests; returns rows created."""
    event = Event.objects.filter(slug=DEMO_EVENT_SLUG).select_related("series").first()
    if event is None or MatchmakingSession.objects.filter(event=event).exists():
        return 0
    organiser = event.series.organisers.order_by("pk").first()
    if organiser is None:
        return 0
    created = 0
    with transaction.atomic():
        start = event.start + dt.timedelta(minutes=30)
        quick = configure_session(
            actor=organiser,
            event=event,
            name=SELF_NAME,
            description="Request a meeting; when the other side accepts, the first time you are both free is booked.",
            start=start,
            end=start + dt.timedelta(minutes=75),
            meeting_minutes=20,
            break_minutes=5,
            booking_mode=BookingMode.SELF,
            video_link_pattern="https://meet.jit.si/scdt-demo-{session}-{meeting}",
            tables=[f"Table {n}" for n in range(1, 7)],
        )
        later = start + dt.timedelta(minutes=90)
        scheduled = configure_session(
            actor=organiser,
            event=event,
            name=SCHEDULED_NAME,
            description="Accepted requests are scheduled by the organisers, with as few idle gaps as possible.",
            start=later,
            end=later + dt.timedelta(minutes=125),
            meeting_minutes=20,
            break_minutes=5,
            afternoon_starts=(later + dt.timedelta(minutes=50)).astimezone(event.tz).time(),
            booking_mode=BookingMode.ORGANISER,
            video_link_pattern="https://meet.jit.si/scdt-demo-{session}-{meeting}",
            tables=[f"Table {n}" for n in range(1, 5)],
            fairness=2,
        )
        created += 2
        registrations = Registration.objects.filter(
            event=event, status=RegistrationStatus.APPROVED, user__isnull=False
        ).select_related("user")
        people = [registration.user for registration in registrations.order_by("pk")]
        for session in (quick, scheduled):
            for person in people:
                join_session(user=person, session=session)
                created += 1
        rng = random.Random(2026)
        pairs = set()
        while len(pairs) < min(ACCEPTED_REQUESTS, len(people) * (len(people) - 1) // 2):
            a, b = rng.sample(people, 2)
            if (a.pk, b.pk) not in pairs and (b.pk, a.pk) not in pairs:
                pairs.add((a.pk, b.pk))
        by_pk = {person.pk: person for person in people}
        for index, (a, b) in enumerate(sorted(pairs)):
            request = request_meeting(
                requester=by_pk[a], recipient=by_pk[b], session=scheduled, message=MESSAGES[index % len(MESSAGES)]
            )
            accept_meeting_request(actor=by_pk[b], request=request)
            created += 1
    return created
