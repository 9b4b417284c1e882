"""Small matchmaking sessions for the meetings tests, built through the services."""

import datetime as dt

from django.utils import timezone
from tests.factories import EventFactory, EventSeriesFactory, ProfileFactory, RegistrationFactory

from scdt.meetings.services import configure_session, join_session


def make_session(*, organiser=None, event=None, tables=2, slots=4, **options):
    """A session at the start of a fresh event: ``slots`` slots of 20 minutes with 5-minute breaks."""
    organiser = organiser or ProfileFactory().user
    if event is None:
        start = (timezone.now() + dt.timedelta(days=30)).replace(second=0, microsecond=0)
        event = EventFactory(series=EventSeriesFactory(organisers=[organiser]), start=start)
    start = event.start
    values = {
        "name": "Speed meetings",
        "start": start,
        "end": start + dt.timedelta(minutes=25 * slots),
        "meeting_minutes": 20,
        "break_minutes": 5,
        "tables": [f"Table {n}" for n in range(1, tables + 1)],
        **options,
    }
    return configure_session(actor=organiser, event=event, **values)


def join(session, *, attendance="onsite", user=None, **profile):
    """A registered participant of the session's event, opted in."""
    user = user or ProfileFactory(**profile).user
    RegistrationFactory(event=session.event, user=user, attendance=attendance)
    join_session(user=user, session=session)
    return user


def organiser_of(session):
    return session.event.series.organisers.first()
