"""Meeting times in the event's zone, people's names, and the meetings part of the agenda page.

The events app's agenda template loads ``my_meetings`` by library name, so the events app
never imports this app (the apps depend downwards only).
"""

from django import template
from django.urls import reverse

from scdt.meetings import queries

register = template.Library()


@register.filter
def slot_time(slot) -> str:
    """``09:00–09:20`` in the event's zone."""
    if slot is None:
        return ""
    tz = slot.session.event.tz
    return f"{slot.start.astimezone(tz):%H:%M}–{slot.end.astimezone(tz):%H:%M}"


@register.filter
def slot_day(slot) -> str:
    tz = slot.session.event.tz
    return f"{slot.start.astimezone(tz):%Y-%m-%d} ({slot.session.event.time_zone})"


@register.filter
def local(value, session) -> str:
    if value is None:
        return ""
    return f"{value.astimezone(session.event.tz):%Y-%m-%d %H:%M}"


@register.filter
def person(user) -> str:
    return queries.person_name(user)


@register.filter
def other_name(meeting, user) -> str:
    """The name of whoever ``user`` meets in ``meeting`` (a Meeting or a draft placement)."""
    other = meeting.participant_b if meeting.participant_a_id == user.pk else meeting.participant_a
    return queries.person_name(other)


@register.inclusion_tag("meetings/includes/agenda_meetings.html", takes_context=True)
def my_meetings(context):
    user = context["request"].user
    meetings = queries.upcoming_meetings(user)
    for meeting in meetings:
        meeting.other = meeting.other_participant(user)
    return {"meetings": meetings, "mine_url": reverse("meetings:mine")}


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("meetings/includes/event_sessions.html")
def event_sessions(event):
    """The 1:1 meeting sessions of ``event``, for its public page."""
    return {"sessions": list(event.matchmaking_sessions.order_by("start")), "event": event}
