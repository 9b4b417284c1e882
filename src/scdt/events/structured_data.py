"""schema.org ``Event`` JSON-LD for the event page, so search engines show the workshop."""

import json

from django.utils.safestring import SafeString, mark_safe

from scdt.events.models import Event, EventFormat, EventStatus

ATTENDANCE_MODES = {
    EventFormat.ONSITE: "https://schema.org/OfflineEventAttendanceMode",
    EventFormat.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    EventFormat.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}
# Characters that could end the <script> element or confuse an HTML parser.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _place(event: Event) -> dict:
    address = {"@type": "PostalAddress", "addressLocality": event.city}
    if event.address:
        address["streetAddress"] = event.address
    return {
        "@type": "Place",
        "name": ", ".join(p for p in [event.venue, event.room] if p) or event.city,
        "address": address,
    }


def event_json_ld(event: Event, *, url: str, organiser_name: str) -> dict:
    if event.time_known:
        start, end = event.local_start.isoformat(), event.local_end.isoformat()
    else:
        start, end = event.local_start.date().isoformat(), event.local_end.date().isoformat()
    locations = []
    if event.format != EventFormat.ONLINE:
        locations.append(_place(event))
    if event.format != EventFormat.ONSITE:
        locations.append({"@type": "VirtualLocation", "url": event.online_url or url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "startDate": start,
        "endDate": end,
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
        "eventStatus": "https://schema.org/EventCancelled"
        if event.status == EventStatus.CANCELLED
        else "https://schema.org/EventScheduled",
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": organiser_name},
        "url": url,
    }
    if event.capacity is not None:
        data["maximumAttendeeCapacity"] = event.capacity
    return data


def json_ld_script(data: dict) -> SafeString:
    """Render ``data`` as a ``<script type="application/ld+json">`` element."""
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
