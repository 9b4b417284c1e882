"""Organisers configure matchmaking sessions; participants opt in, out, and mark absences."""

import datetime as dt
import string

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.directory.models import OrganisationType
from scdt.events.models import Attendance
from scdt.events.rules import can_manage_event
from scdt.meetings import queries
from scdt.meetings.models import (
    BookingMode,
    MatchmakingSession,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Part,
    RequestStatus,
    SessionParticipant,
    Slot,
    Table,
    Unavailability,
)
from scdt.meetings.rules import can_manage_session, can_take_part
from scdt.meetings.services.notices import tell

MAX_SLOTS = 96
MAX_TABLES = 500


def _slot_times(*, start, end, meeting_minutes: int, break_minutes: int) -> list[tuple]:
    length = dt.timedelta(minutes=meeting_minutes)
    step = length + dt.timedelta(minutes=break_minutes)
    times, at = [], start
    while at + length <= end:
        times.append((at, at + length))
        at += step
    return times


def _part(start, tz, afternoon_starts) -> str:
    if afternoon_starts is not None and start.astimezone(tz).time() >= afternoon_starts:
        return Part.AFTERNOON
    return Part.MORNING


def _check_video_pattern(pattern: str) -> None:
    if not pattern:
        return
    names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    unknown = names - {"session", "meeting"}
    if unknown:
        raise ValidationError({"video_link_pattern": _("Only {session} and {meeting} may be filled in the link.")})
    try:
        URLValidator(schemes=["https", "http"])(pattern.format(session=1, meeting="abc123"))
    except (ValidationError, ValueError, IndexError) as exc:
        raise ValidationError(
            {
                "video_link_pattern": _(
                    "The pattern must give a web address, e.g. https://meet.jit.si/scdt-{session}-{meeting}"
                )
            }
        ) from exc


def _check_type_pairs(pairs) -> list[list[str]]:
    clean = []
    for pair in pairs or []:
        if len(pair) != 2 or any(value not in OrganisationType.values for value in pair):
            raise ValidationError({"allowed_type_pairs": _("Each pair names two organisation types.")})
        clean.append(sorted(pair))
    return clean


def _check_definition(*, event, session, start, end, meeting_minutes, break_minutes, booking_opens, booking_closes):
    errors = {}
    if start is None or end is None or end <= start:
        raise ValidationError({"end": _("The session must end after it starts.")})
    if start < event.start or end > event.end:
        errors["start"] = _("The session must lie within the event (%(zone)s times).") % {"zone": event.time_zone}
    if not 5 <= meeting_minutes <= 240:
        errors["meeting_minutes"] = _("Meetings last between 5 and 240 minutes.")
    if break_minutes > 120:
        errors["break_minutes"] = _("Keep breaks under two hours.")
    if booking_opens and booking_closes and booking_closes <= booking_opens:
        errors["booking_closes"] = _("Booking must close after it opens.")
    if errors:
        raise ValidationError(errors)
    overlapping = MatchmakingSession.objects.filter(event=event, start__lt=end, end__gt=start)
    if session is not None:
        overlapping = overlapping.exclude(pk=session.pk)
    other = overlapping.first()
    if other is not None:
        raise ValidationError(
            {"start": _("This overlaps the session “%(name)s” of the same event.") % {"name": other.name}}
        )


def _sync_slots(session, times, afternoon_starts) -> None:
    existing = list(Slot.objects.filter(session=session).order_by("position"))
    if [(s.start, s.end) for s in existing] == times:
        for slot in existing:
            part = _part(slot.start, session.tz, afternoon_starts)
            if slot.part != part:
                slot.part = part
                slot.save(update_fields=["part"])
        return
    if Meeting.objects.filter(session=session).exists():
        raise ValidationError(
            _("Meetings are already booked in this session: its times and meeting length can no longer change.")
        )
    MeetingRequest.objects.filter(session=session).update(proposed_slot=None)
    Slot.objects.filter(session=session).delete()
    Slot.objects.bulk_create(
        Slot(session=session, position=i, start=start, end=end, part=_part(start, session.tz, afternoon_starts))
        for i, (start, end) in enumerate(times)
    )


def _sync_tables(session, names: list[str]) -> None:
    existing = {table.number: table for table in Table.objects.filter(session=session)}
    for number, name in enumerate(names, start=1):
        table = existing.pop(number, None)
        if table is None:
            Table.objects.create(session=session, number=number, name=name)
        elif table.name != name:
            table.name = name
            table.save(update_fields=["name"])
    if existing:
        in_use = Meeting.objects.filter(table__in=existing.values(), status=MeetingStatus.SCHEDULED)
        if in_use.exists():
            raise ValidationError({"tables": _("Tables with meetings cannot be removed; move those meetings first.")})
        Table.objects.filter(pk__in=[table.pk for table in existing.values()]).delete()


def configure_session(
    *,
    actor,
    event,
    session: MatchmakingSession | None = None,
    name: str,
    start,
    end,
    meeting_minutes: int = 20,
    break_minutes: int = 5,
    afternoon_starts: dt.time | None = None,
    booking_opens=None,
    booking_closes=None,
    booking_mode: str = BookingMode.SELF,
    max_meetings_per_participant: int | None = None,
    request_expiry_hours: int = 72,
    video_link_pattern: str = "",
    allowed_type_pairs=(),
    allow_reschedule: bool = True,
    fairness: int | None = 2,
    tables: list[str] = (),
    description: str = "",
) -> MatchmakingSession:
    """Create (``session=None``) or change a matchmaking session of ``event``; (re)generate slots and tables.

    Organisers of the event and admins only (PermissionDenied). Slots run from ``start``
    every ``meeting_minutes + break_minutes`` while a whole meeting fits before ``end``;
    those starting at or after ``afternoon_starts`` (event-local) are the afternoon part.
    ``tables`` are table names, numbered in order. ValidationError for: a session outside the
    event, overlapping another session of the event, no slot, a bad video link pattern,
    unknown organisation types, changed times once meetings exist, removing a table in use.
    """
    if not can_manage_event(actor, event):
        raise PermissionDenied(_("Only the organisers of this event can configure its matchmaking."))
    if session is not None and session.event_id != event.pk:
        raise ValidationError(_("This session belongs to another event."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the session a name.")})
    if booking_mode not in BookingMode.values:
        raise ValidationError({"booking_mode": _("Choose how meetings are booked.")})
    tables = [str(table).strip()[:100] for table in tables if str(table).strip()]
    if len(tables) > MAX_TABLES:
        raise ValidationError({"tables": _("At most %(n)d tables.") % {"n": MAX_TABLES}})
    _check_definition(
        event=event,
        session=session,
        start=start,
        end=end,
        meeting_minutes=meeting_minutes,
        break_minutes=break_minutes,
        booking_opens=booking_opens,
        booking_closes=booking_closes,
    )
    _check_video_pattern(video_link_pattern)
    pairs = _check_type_pairs(allowed_type_pairs)
    times = _slot_times(start=start, end=end, meeting_minutes=meeting_minutes, break_minutes=break_minutes)
    if not times:
        raise ValidationError({"end": _("Not even one meeting fits between the start and the end.")})
    if len(times) > MAX_SLOTS:
        raise ValidationError({"meeting_minutes": _("At most %(n)d slots per session.") % {"n": MAX_SLOTS}})
    with transaction.atomic():
        created = session is None
        if created:
            session = MatchmakingSession(event=event)
        else:
            session = MatchmakingSession.objects.select_for_update().get(pk=session.pk)
            session.event = event
        values = {
            "name": name,
            "description": description,
            "start": start,
            "end": end,
            "meeting_minutes": meeting_minutes,
            "break_minutes": break_minutes,
            "afternoon_starts": afternoon_starts,
            "booking_opens": booking_opens,
            "booking_closes": booking_closes,
            "booking_mode": booking_mode,
            "max_meetings_per_participant": max_meetings_per_participant,
            "request_expiry_hours": request_expiry_hours,
            "video_link_pattern": video_link_pattern,
            "allowed_type_pairs": pairs,
            "allow_reschedule": allow_reschedule,
            "fairness": fairness,
        }
        for field, value in values.items():
            setattr(session, field, value)
        session.save()
        _sync_slots(session, times, afternoon_starts)
        _sync_tables(session, tables)
        log_action(
            "meetings.session.created" if created else "meetings.session.changed",
            actor=actor,
            target=session,
            slots=len(times),
            tables=len(tables),
        )
    return session


def join_session(*, user, session: MatchmakingSession, attendance: str | None = None) -> SessionParticipant:
    """Opt ``user`` in to ``session``. Needs a verified account and an approved registration to the event.

    ``attendance`` (onsite/remote) defaults to the registration's; remote people meet in a virtual room.
    """
    if not can_take_part(user):
        raise PermissionDenied(_("Please confirm your e-mail address to take part in meetings."))
    registration = queries.active_registration(user, session.event)
    if registration is None:
        raise ValidationError(_("Register to the event first; then you can join its matchmaking."))
    if session.end <= timezone.now():
        raise ValidationError(_("This session is over."))
    attendance = attendance or registration.attendance
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Choose on-site or remote attendance.")})
    with transaction.atomic():
        if SessionParticipant.objects.filter(session=session, user=user).exists():
            raise ValidationError(_("You already take part in this session."))
        participant = SessionParticipant.objects.create(session=session, user=user, attendance=attendance)
        log_action("meetings.participant.joined", actor=user, target=participant, attendance=attendance)
    return participant


def leave_session(*, user, session: MatchmakingSession) -> None:
    """Opt out. Refused while ``user`` has scheduled meetings; their open requests are withdrawn (others told)."""
    with transaction.atomic():
        participant = SessionParticipant.objects.select_for_update().filter(session=session, user=user).first()
        if participant is None:
            raise ValidationError(_("You do not take part in this session."))
        if queries.meetings_of(user, session=session, include_cancelled=False).exists():
            raise ValidationError(_("Cancel your meetings in this session first."))
        open_requests = (
            MeetingRequest.objects.select_for_update()
            .filter(session=session)
            .filter(Q(requester=user) | Q(recipient=user))
            .filter(Q(status=RequestStatus.PENDING) | Q(status=RequestStatus.ACCEPTED, meeting__isnull=True))
            .select_related("requester__profile", "recipient__profile", "session__event")
        )
        for request in open_requests:
            request.status = RequestStatus.CANCELLED
            request.decided_at = timezone.now()
            request.save(update_fields=["status", "decided_at", "updated_at"])
            other = request.recipient if request.requester_id == user.pk else request.requester
            tell(user=other, kind="meetings.request.cancelled", other=user, session=session)
        participant.delete()
        log_action("meetings.participant.left", actor=user, target=session, user_id=user.pk)


def set_unavailability(*, user, session: MatchmakingSession, slot_ids) -> set[int]:
    """Replace the slots ``user`` is not available in. Slots holding one of their meetings cannot be marked."""
    slot_ids = {int(pk) for pk in slot_ids}
    with transaction.atomic():
        participant = SessionParticipant.objects.select_for_update().filter(session=session, user=user).first()
        if participant is None:
            raise ValidationError(_("Join the session first."))
        known = set(Slot.objects.filter(session=session, pk__in=slot_ids).values_list("pk", flat=True))
        if known != slot_ids:
            raise ValidationError({"slots": _("Some of these slots are not in this session.")})
        booked = set(
            queries.meetings_of(user, session=session, include_cancelled=False).values_list("slot_id", flat=True)
        )
        clash = sorted(booked & slot_ids)
        if clash:
            raise ValidationError(
                {
                    "slots": _("You have a meeting at %(times)s: cancel or move it first.")
                    % {
                        "times": ", ".join(
                            str(slot) for slot in Slot.objects.filter(pk__in=clash).select_related("session__event")
                        )
                    }
                }
            )
        Unavailability.objects.filter(participant=participant).exclude(slot_id__in=slot_ids).delete()
        current = set(Unavailability.objects.filter(participant=participant).values_list("slot_id", flat=True))
        Unavailability.objects.bulk_create(
            Unavailability(participant=participant, slot_id=pk) for pk in sorted(slot_ids - current)
        )
        log_action("meetings.availability.changed", actor=user, target=participant, unavailable=sorted(slot_ids))
    return slot_ids


def set_meeting_pinned(*, actor, meeting: Meeting, pinned: bool) -> Meeting:
    """Pin (the scheduler never moves it) or unpin a meeting; organisers and admins."""
    if not can_manage_session(actor, meeting.session):
        raise PermissionDenied(_("Only the organisers can pin meetings."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.pinned = pinned
        meeting.save(update_fields=["pinned", "updated_at"])
        log_action("meetings.meeting.pinned" if pinned else "meetings.meeting.unpinned", actor=actor, target=meeting)
    return meeting
