"""Tell a person about a change: an in-app notification and an e-mail, in their language.

Every meeting service calls :func:`tell` for each person concerned. Mail goes out after
commit (messaging's contract), with the meeting's ``.ics`` when there is a meeting, so the
calendar entry updates (same UID, higher SEQUENCE).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from scdt.meetings.calendars import meeting_calendar
from scdt.meetings.queries import person_name
from scdt.messaging.services import notify, send_templated_email

ICS_MIMETYPE = "text/calendar; method=PUBLISH"

# One sentence per kind of change; %(name)s is the other person, %(session)s the session.
MESSAGES = {
    "meetings.request.received": _("%(name)s asks you for a meeting in %(session)s."),
    "meetings.request.accepted": _("%(name)s accepted your meeting request (%(session)s)."),
    "meetings.request.accepted_unscheduled": _(
        "%(name)s accepted your meeting request; the organisers will schedule it (%(session)s)."
    ),
    "meetings.request.declined": _("%(name)s declined your meeting request (%(session)s)."),
    "meetings.request.proposed": _("%(name)s proposes another time for your meeting (%(session)s)."),
    "meetings.request.cancelled": _("%(name)s withdrew the meeting request (%(session)s)."),
    "meetings.request.expired": _(
        "The meeting request between you and %(name)s expired without an answer (%(session)s)."
    ),
    "meetings.meeting.cancelled": _("Your meeting with %(name)s is cancelled (%(session)s)."),
    "meetings.meeting.rescheduled": _("Your meeting with %(name)s has a new time (%(session)s)."),
    "meetings.meeting.scheduled": _("The organisers scheduled your meeting with %(name)s (%(session)s)."),
    "meetings.meeting.moved": _("The organisers moved your meeting with %(name)s (%(session)s)."),
}


def tell(*, user, kind: str, other, session, meeting=None, reason: str = "") -> None:
    """Notify ``user`` in-app and by e-mail that ``kind`` happened, with ``other`` as the counterpart."""
    language = user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        text = str(MESSAGES[kind]) % {"name": person_name(other), "session": session.name}
    url = reverse("meetings:mine")
    notify(user=user, kind=kind, text=text, url=url)
    attachments = []
    if meeting is not None:
        with translation.override(language):
            ics = meeting_calendar(meeting, viewer=user)
        attachments.append((f"meeting-{meeting.uid}.ics", ics, ICS_MIMETYPE))
    send_templated_email(
        to=user.email,
        template="meetings/email/update",
        context={
            "text": text,
            "reason": reason,
            "meeting": meeting,
            "session": session,
            "event": session.event,
            "when": _local_when(meeting) if meeting is not None else "",
            "path": url,
        },
        language=language,
        attachments=attachments,
    )


def _local_when(meeting) -> str:
    tz = meeting.session.event.tz
    start = meeting.slot.start.astimezone(tz)
    end = meeting.slot.end.astimezone(tz)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M} ({meeting.session.event.time_zone})"
