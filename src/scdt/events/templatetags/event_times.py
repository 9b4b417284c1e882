"""Times of events, always in the event's own zone with the zone named."""

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


def format_event_time(event) -> str:
    """E.g. "Tue 12 May 2026, 12:00–16:30 (Europe/Helsinki)"; "time not published" if unknown."""
    start, end = event.local_start, event.local_end
    start_date = formats.date_format(start, "D j M Y")
    if not event.time_known:
        if start.date() == end.date():
            dates = start_date
        else:
            dates = f"{start_date} – {formats.date_format(end, 'D j M Y')}"
        return _("%(dates)s, time not published") % {"dates": dates}
    start_time, end_time = formats.time_format(start, "H:i"), formats.time_format(end, "H:i")
    if start.date() == end.date():
        span = f"{start_date}, {start_time}–{end_time}"
    else:
        span = f"{start_date} {start_time} – {formats.date_format(end, 'D j M Y')} {end_time}"
    return f"{span} ({event.time_zone})"


def format_in_event_zone(value, event) -> str:
    """A moment (e.g. when someone registered) in the event's zone, zone named."""
    if value is None:
        return ""
    return f"{formats.date_format(value.astimezone(event.tz), 'Y-m-d H:i')} ({event.time_zone})"


@register.filter
def event_time(event) -> str:
    return format_event_time(event)


@register.filter
def in_event_zone(value, event) -> str:
    return format_in_event_zone(value, event)
