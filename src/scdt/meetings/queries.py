"""Reusable reads of sessions, slots, requests and meetings (list-ready: no N+1)."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from scdt.events.models import Attendance, Registration, RegistrationStatus
from scdt.meetings.models import (
    MatchmakingSession,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingStatus,
    RequestStatus,
    SessionParticipant,
    Slot,
    Table,
    Unavailability,
)

PERSON_RELATED = ("participant_a__profile", "participant_b__profile")


def person_name(user) -> str:
    """The name people know someone by: the profile's full name, never the e-mail address."""
    if user is None:
        return ""
    profile = getattr(user, "profile", None)
    return profile.full_name if profile else f"#{user.pk}"


def sessions_of_event(event) -> QuerySet[MatchmakingSession]:
    return (
        MatchmakingSession.objects.filter(event=event)
        .select_related("event")
        .annotate(
            participant_count=Count("participants", distinct=True),
            slot_count=Count("slots", distinct=True),
        )
        .order_by("start", "id")
    )


def session_detail(pk: int) -> MatchmakingSession:
    return MatchmakingSession.objects.select_related("event", "event__series").get(pk=pk)


def slots_of(session) -> list[Slot]:
    return list(Slot.objects.filter(session=session).select_related("session__event").order_by("position"))


def tables_of(session) -> list[Table]:
    return list(Table.objects.filter(session=session).order_by("number"))


def participation(user, session) -> SessionParticipant | None:
    if not user.is_authenticated:
        return None
    return SessionParticipant.objects.filter(session=session, user=user).first()


def active_registration(user, event) -> Registration | None:
    """An approved registration lets a person join the event's matchmaking sessions."""
    return Registration.objects.filter(user=user, event=event, status=RegistrationStatus.APPROVED).first()


def session_participants(session) -> QuerySet[SessionParticipant]:
    return (
        SessionParticipant.objects.filter(session=session)
        .select_related("user", "user__profile", "user__profile__organisation")
        .order_by("user__profile__full_name", "id")
    )


def unavailable_slot_ids(user, session) -> set[int]:
    return set(
        Unavailability.objects.filter(participant__session=session, participant__user=user).values_list(
            "slot_id", flat=True
        )
    )


def busy_slot_ids(user_ids, session) -> set[int]:
    """Slots where any of ``user_ids`` has a meeting or said they are not available."""
    seats = MeetingSeat.objects.filter(slot__session=session, user_id__in=user_ids).values_list("slot_id", flat=True)
    away = Unavailability.objects.filter(participant__session=session, participant__user_id__in=user_ids).values_list(
        "slot_id", flat=True
    )
    return set(seats) | set(away)


def tables_taken(slot) -> set[int]:
    return set(
        Meeting.objects.filter(slot=slot, status=MeetingStatus.SCHEDULED, table__isnull=False).values_list(
            "table_id", flat=True
        )
    )


def free_table(slot) -> Table | None:
    taken = tables_taken(slot)
    return Table.objects.filter(session_id=slot.session_id).exclude(pk__in=taken).order_by("number").first()


def needs_table(session, user_ids) -> bool:
    """On-site pairs sit at a table; a pair with a remote side meets in a virtual room."""
    if not Table.objects.filter(session=session).exists():
        return False
    attendances = SessionParticipant.objects.filter(session=session, user_id__in=user_ids).values_list(
        "attendance", flat=True
    )
    return all(attendance == Attendance.ONSITE for attendance in attendances)


def common_free_slots(session, user_ids, *, with_table: bool) -> list[Slot]:
    """Slots still ahead where every one of ``user_ids`` is free (and a table is, if needed)."""
    busy = busy_slot_ids(user_ids, session)
    slots = Slot.objects.filter(session=session, start__gt=timezone.now()).exclude(pk__in=busy)
    if with_table:
        full = (
            Slot.objects.filter(session=session)
            .annotate(
                used=Count(
                    "meetings",
                    filter=Q(meetings__status=MeetingStatus.SCHEDULED, meetings__table__isnull=False),
                )
            )
            .filter(used__gte=Table.objects.filter(session=session).count())
            .values_list("pk", flat=True)
        )
        slots = slots.exclude(pk__in=list(full))
    return list(slots.order_by("position"))


def committed_meeting_count(user, session) -> int:
    """Scheduled meetings plus accepted requests still waiting for the organisers' scheduler."""
    meetings = Meeting.objects.filter(session=session, status=MeetingStatus.SCHEDULED).filter(
        Q(participant_a=user) | Q(participant_b=user)
    )
    waiting = MeetingRequest.objects.filter(
        session=session, status=RequestStatus.ACCEPTED, meeting__isnull=True
    ).filter(Q(requester=user) | Q(recipient=user))
    return meetings.count() + waiting.count()


def open_request_between(session, a, b) -> MeetingRequest | None:
    """A pending request between the two, or an accepted one whose meeting is still on."""
    pair = Q(requester=a, recipient=b) | Q(requester=b, recipient=a)
    live = Q(status=RequestStatus.PENDING) | (
        Q(status=RequestStatus.ACCEPTED) & (Q(meeting__isnull=True) | Q(meeting__status=MeetingStatus.SCHEDULED))
    )
    return MeetingRequest.objects.filter(session=session).filter(pair).filter(live).first()


def requests_of(user) -> tuple[list[MeetingRequest], list[MeetingRequest]]:
    """(received, sent) requests of ``user``, newest first."""
    base = MeetingRequest.objects.select_related(
        "session",
        "session__event",
        "requester__profile",
        "recipient__profile",
        "proposed_slot__session__event",
        "opportunity",
        "meeting",
    )
    received = list(base.filter(recipient=user).order_by("-created_at", "-id")[:200])
    sent = list(base.filter(requester=user).order_by("-created_at", "-id")[:200])
    return received, sent


def meetings_of(user, *, session=None, include_cancelled: bool = True) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(Q(participant_a=user) | Q(participant_b=user))
    if session is not None:
        meetings = meetings.filter(session=session)
    if not include_cancelled:
        meetings = meetings.filter(status=MeetingStatus.SCHEDULED)
    return meetings.select_related("session__event", "slot__session__event", "table", *PERSON_RELATED).order_by(
        "slot__start", "id"
    )


def upcoming_meetings(user) -> list[Meeting]:
    return list(meetings_of(user, include_cancelled=False).filter(slot__end__gte=timezone.now()))


def session_meetings(session, *, include_cancelled: bool = False) -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(session=session)
    if not include_cancelled:
        meetings = meetings.filter(status=MeetingStatus.SCHEDULED)
    return meetings.select_related("slot__session__event", "table", *PERSON_RELATED).order_by(
        "slot__position", "table__number", "id"
    )


def no_shows(session) -> QuerySet[Meeting]:
    """Meetings at least one side says did not happen."""
    return session_meetings(session).filter(Q(a_met=False) | Q(b_met=False))


def organised_sessions(user) -> QuerySet[MatchmakingSession]:
    sessions = MatchmakingSession.objects.select_related("event")
    if not (user.is_staff or user.is_superuser):
        sessions = sessions.filter(event__series__organisers=user)
    return sessions.order_by("-start")


def grid(session, meetings, people) -> list[dict]:
    """Rows of a participants × slots grid: ``[{"person": user, "cells": [meeting|None, ...]}]``."""
    slots = slots_of(session)
    index = {slot.pk: i for i, slot in enumerate(slots)}
    cells = defaultdict(lambda: [None] * len(slots))
    for meeting in meetings:
        for person_id in (meeting.participant_a_id, meeting.participant_b_id):
            cells[person_id][index[meeting.slot_id]] = meeting
    return [{"person": person, "cells": cells[person.pk]} for person in people]


def runs_of(session) -> QuerySet:
    return session.scheduler_runs.select_related("created_by").order_by("-created_at", "-id")


def with_participants(sessions: QuerySet) -> QuerySet:
    return sessions.prefetch_related(
        Prefetch("participants", queryset=SessionParticipant.objects.select_related("user__profile"))
    )
