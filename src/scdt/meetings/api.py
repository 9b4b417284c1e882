"""Matchmaking on the API: sessions, availability, requests, my meetings, organisers' scheduler runs."""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from scdt.accounts.authentication import API_AUTH
from scdt.directory.models import Profile
from scdt.events.models import EventStatus
from scdt.marketplace.models import Opportunity
from scdt.meetings import queries, services, tasks
from scdt.meetings.models import MatchmakingSession, Meeting, MeetingRequest, SchedulerRun, Slot
from scdt.meetings.rules import can_manage_session

router = Router(tags=["meetings"])


class ErrorOut(Schema):
    detail: str = Field(examples=["One of you is not free at that time. Choose another slot."])
    errors: list[dict] = Field(examples=[[{"field": "slot", "message": "One of you is not free at that time."}]])


class SlotOut(Schema):
    id: int
    position: int = Field(description="0, 1, 2, … through the session.")
    start: dt.datetime = Field(description="In the event's zone.", examples=["2026-05-12T13:00:00+03:00"])
    end: dt.datetime
    part: str = Field(examples=["morning"])


class SessionOut(Schema):
    id: int
    event: str = Field(description="The event's slug.", examples=["demo-matchmaking-workshop"])
    name: str = Field(examples=["1:1 meetings"])
    time_zone: str = Field(examples=["Europe/Helsinki"])
    start: dt.datetime
    end: dt.datetime
    meeting_minutes: int = Field(examples=[20])
    break_minutes: int = Field(examples=[5])
    booking_mode: str = Field(description="self (accepting books a slot) or organiser (the scheduler does).")
    booking_state: str = Field(description="not_open, open or closed.")
    max_meetings_per_participant: int | None
    tables: int
    slots: list[SlotOut]


class AvailabilityIn(Schema):
    unavailable: list[int] = Field(description="Ids of the slots you are not available in.", examples=[[12, 13]])


class AvailabilityOut(Schema):
    unavailable: list[int]


class RequestIn(Schema):
    session: int = Field(examples=[1])
    to: int = Field(description="The recipient's profile id.", examples=[42])
    message: str = Field(default="", max_length=1000, examples=["Could we talk about your traffic data?"])
    proposed_slot: int | None = Field(default=None, description="Optional slot id you propose.")
    opportunity: int | None = Field(default=None, description="Optional marketplace opportunity id.")
    recommendation: str = Field(default="", max_length=300, description="Why it was recommended, if it was.")


class SlotIn(Schema):
    slot: int | None = Field(default=None, description="Slot id; null: the first slot both are free in.")


class ReasonIn(Schema):
    reason: str = Field(default="", max_length=500, examples=["My schedule is full."])


class OutcomeIn(Schema):
    met: bool = Field(description="true: we met; false: it did not happen.")
    outcome: str = Field(default="", max_length=200, examples=["Agreed on a pilot with the city's data team."])


class RequestOut(Schema):
    uid: uuid.UUID
    session: int
    requester: str = Field(examples=["Anna Virtanen"])
    recipient: str = Field(examples=["Jonas Kazlauskas"])
    message: str
    status: str = Field(description="pending, accepted, declined, cancelled or expired.")
    proposed_slot: int | None
    awaiting: str = Field(description="Whose answer is awaited: requester or recipient.")
    expires_at: dt.datetime
    meeting: uuid.UUID | None


class MeetingOut(Schema):
    uid: uuid.UUID
    session: int
    event: str
    with_: str = Field(alias="with", examples=["Jonas Kazlauskas"])
    start: dt.datetime = Field(description="In the event's zone.")
    end: dt.datetime
    slot: int
    location: str = Field(description="The table, or the video link for remote pairs.")
    status: str = Field(description="scheduled or cancelled.")
    pinned: bool
    sequence: int = Field(description="Bumped on every change (iCalendar SEQUENCE).")


class RunIn(Schema):
    time_limit: int = Field(default=20, ge=1, le=300, description="Seconds the engine may use.")
    move_existing: bool = Field(default=False, description="Re-optimise: booked, unpinned meetings may move.")


class RunOut(Schema):
    id: int
    session: int
    status: str = Field(description="queued, running, done (a draft), failed, published or discarded.")
    progress: int = Field(description="0–100.")
    solver_status: str = Field(description="optimal, feasible, infeasible or unknown.", examples=["optimal"])
    placed: int
    breaks: int | None
    unplaced: list[dict] = Field(description="Pairs not placed, each with a reason.")
    placements: list[dict] = Field(description="The draft: id, a, b (user ids), to (slot id), moved, new.")
    message: str


def _slot_out(slot: Slot, tz) -> dict:
    return {
        "id": slot.pk,
        "position": slot.position,
        "start": slot.start.astimezone(tz),
        "end": slot.end.astimezone(tz),
        "part": slot.part,
    }


def _session_out(session: MatchmakingSession) -> dict:
    tz = session.tz
    return {
        "id": session.pk,
        "event": session.event.slug,
        "name": session.name,
        "time_zone": session.event.time_zone,
        "start": session.start.astimezone(tz),
        "end": session.end.astimezone(tz),
        "meeting_minutes": session.meeting_minutes,
        "break_minutes": session.break_minutes,
        "booking_mode": session.booking_mode,
        "booking_state": session.booking_state(timezone.now()),
        "max_meetings_per_participant": session.max_meetings_per_participant,
        "tables": session.tables.count(),
        "slots": [_slot_out(slot, tz) for slot in queries.slots_of(session)],
    }


def _request_out(item: MeetingRequest) -> dict:
    meeting = getattr(item, "meeting", None)
    return {
        "uid": item.uid,
        "session": item.session_id,
        "requester": queries.person_name(item.requester),
        "recipient": queries.person_name(item.recipient),
        "message": item.message,
        "status": item.status,
        "proposed_slot": item.proposed_slot_id,
        "awaiting": "requester" if item.answerer_id == item.requester_id else "recipient",
        "expires_at": item.expires_at,
        "meeting": meeting.uid if meeting else None,
    }


def _meeting_out(meeting: Meeting, user) -> dict:
    tz = meeting.session.tz
    return {
        "uid": meeting.uid,
        "session": meeting.session_id,
        "event": meeting.session.event.slug,
        "with": queries.person_name(meeting.other_participant(user)),
        "start": meeting.slot.start.astimezone(tz),
        "end": meeting.slot.end.astimezone(tz),
        "slot": meeting.slot_id,
        "location": meeting.location,
        "status": meeting.status,
        "pinned": meeting.pinned,
        "sequence": meeting.sequence,
    }


def _run_out(run: SchedulerRun) -> dict:
    return {
        "id": run.pk,
        "session": run.session_id,
        "status": run.status,
        "progress": run.progress,
        "solver_status": run.solver_status,
        "placed": run.placed,
        "breaks": run.breaks,
        "unplaced": run.unplaced,
        "placements": run.result.get("placements", []),
        "message": run.message,
    }


def _visible_session(pk: int) -> MatchmakingSession:
    return get_object_or_404(
        MatchmakingSession.objects.exclude(event__status=EventStatus.DRAFT).select_related("event", "event__series"),
        pk=pk,
    )


def _slot(session, pk: int | None):
    if pk is None:
        return None
    slot = Slot.objects.filter(session=session, pk=pk).first()
    if slot is None:
        raise ValidationError({"slot": _("That slot is not in this session.")})
    return slot


def _my_request(request, uid) -> MeetingRequest:
    return get_object_or_404(
        MeetingRequest.objects.select_related("session", "session__event", "requester__profile", "recipient__profile"),
        Q(requester=request.auth) | Q(recipient=request.auth),
        uid=uid,
    )


def _my_meeting(request, uid) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related(
            "session", "session__event", "session__event__series", "slot", "table", *queries.PERSON_RELATED
        ),
        Q(participant_a=request.auth) | Q(participant_b=request.auth),
        uid=uid,
    )


@router.get("/meetings/sessions", auth=None, response=list[SessionOut], summary="Matchmaking sessions")
def list_sessions(request, event: str = ""):
    sessions = MatchmakingSession.objects.exclude(event__status=EventStatus.DRAFT).select_related("event")
    if event:
        sessions = sessions.filter(event__slug=event)
    return [_session_out(session) for session in sessions.order_by("start", "id")[:100]]


@router.get(
    "/meetings/sessions/{pk}", auth=None, response={200: SessionOut, 404: ErrorOut}, summary="One session with slots"
)
def get_session(request, pk: int):
    return _session_out(_visible_session(pk))


@router.post(
    "/meetings/sessions/{pk}/participation",
    auth=API_AUTH,
    response={201: SessionOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Take part in a session",
    description="Needs an approved registration to the event.",
)
def join_session(request, pk: int):
    session = _visible_session(pk)
    services.join_session(user=request.auth, session=session)
    return 201, _session_out(session)


@router.delete(
    "/meetings/sessions/{pk}/participation",
    auth=API_AUTH,
    response={204: None, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Leave a session",
)
def leave_session(request, pk: int):
    services.leave_session(user=request.auth, session=_visible_session(pk))
    return 204, None


@router.get(
    "/meetings/sessions/{pk}/availability",
    auth=API_AUTH,
    response={200: AvailabilityOut, 401: ErrorOut, 404: ErrorOut},
    summary="My unavailable slots",
)
def get_availability(request, pk: int):
    return {"unavailable": sorted(queries.unavailable_slot_ids(request.auth, _visible_session(pk)))}


@router.put(
    "/meetings/sessions/{pk}/availability",
    auth=API_AUTH,
    response={200: AvailabilityOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut},
    summary="Set my unavailable slots",
)
def put_availability(request, pk: int, payload: AvailabilityIn):
    ids = services.set_unavailability(user=request.auth, session=_visible_session(pk), slot_ids=payload.unavailable)
    return {"unavailable": sorted(ids)}


@router.get(
    "/me/meeting-requests",
    auth=API_AUTH,
    response={200: list[RequestOut], 401: ErrorOut},
    summary="My meeting requests (sent and received)",
)
def my_requests(request):
    received, sent = queries.requests_of(request.auth)
    return [_request_out(item) for item in [*received, *sent]]


@router.post(
    "/me/meeting-requests",
    auth=API_AUTH,
    response={201: RequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Request a meeting",
)
def create_request(request, payload: RequestIn):
    session = _visible_session(payload.session)
    profile = get_object_or_404(Profile.objects.select_related("user"), pk=payload.to)
    opportunity = None
    if payload.opportunity is not None:
        opportunity = get_object_or_404(Opportunity, pk=payload.opportunity, owner=profile.user)
    context = "opportunity" if opportunity else ("recommendation" if payload.recommendation else "profile")
    item = services.request_meeting(
        requester=request.auth,
        recipient=profile.user,
        session=session,
        message=payload.message,
        context=context,
        context_note=payload.recommendation,
        opportunity=opportunity,
        proposed_slot=_slot(session, payload.proposed_slot),
    )
    return 201, _request_out(item)


def _answer(request, uid, action) -> dict:
    item = _my_request(request, uid)
    action(item)
    return _request_out(_my_request(request, uid))


@router.post(
    "/me/meeting-requests/{uid}/accept",
    auth=API_AUTH,
    response={200: RequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Accept a meeting request (in a slot, or the first common free slot)",
)
def accept_request(request, uid: uuid.UUID, payload: SlotIn):
    return _answer(
        request,
        uid,
        lambda item: services.accept_meeting_request(
            actor=request.auth, request=item, slot=_slot(item.session, payload.slot)
        ),
    )


@router.post(
    "/me/meeting-requests/{uid}/decline",
    auth=API_AUTH,
    response={200: RequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Decline a meeting request",
)
def decline_request(request, uid: uuid.UUID, payload: ReasonIn):
    return _answer(
        request,
        uid,
        lambda item: services.decline_meeting_request(actor=request.auth, request=item, reason=payload.reason),
    )


@router.post(
    "/me/meeting-requests/{uid}/propose",
    auth=API_AUTH,
    response={200: RequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Propose another slot",
)
def propose_slot(request, uid: uuid.UUID, payload: SlotIn):
    def action(item):
        if payload.slot is None:
            raise ValidationError({"slot": _("Choose the slot you propose.")})
        services.propose_meeting_slot(actor=request.auth, request=item, slot=_slot(item.session, payload.slot))

    return _answer(request, uid, action)


@router.post(
    "/me/meeting-requests/{uid}/cancel",
    auth=API_AUTH,
    response={200: RequestOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Withdraw my meeting request",
)
def cancel_request(request, uid: uuid.UUID):
    return _answer(request, uid, lambda item: services.cancel_meeting_request(actor=request.auth, request=item))


@router.get("/me/meetings", auth=API_AUTH, response={200: list[MeetingOut], 401: ErrorOut}, summary="My meetings")
def my_meetings(request):
    return [_meeting_out(meeting, request.auth) for meeting in queries.meetings_of(request.auth)]


@router.post(
    "/me/meetings/{uid}/cancel",
    auth=API_AUTH,
    response={200: MeetingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Cancel a meeting",
)
def cancel_meeting(request, uid: uuid.UUID, payload: ReasonIn):
    meeting = services.cancel_meeting(actor=request.auth, meeting=_my_meeting(request, uid), reason=payload.reason)
    return _meeting_out(meeting, request.auth)


@router.post(
    "/me/meetings/{uid}/reschedule",
    auth=API_AUTH,
    response={200: MeetingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Move a meeting (when the organisers allow it)",
)
def reschedule_meeting(request, uid: uuid.UUID, payload: SlotIn):
    meeting = _my_meeting(request, uid)
    meeting = services.reschedule_meeting(
        actor=request.auth, meeting=meeting, slot=_slot(meeting.session, payload.slot)
    )
    return _meeting_out(meeting, request.auth)


@router.post(
    "/me/meetings/{uid}/outcome",
    auth=API_AUTH,
    response={200: MeetingOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Say whether the meeting happened, with a one-line outcome",
)
def meeting_outcome(request, uid: uuid.UUID, payload: OutcomeIn):
    meeting = services.record_meeting_outcome(
        actor=request.auth, meeting=_my_meeting(request, uid), met=payload.met, outcome=payload.outcome
    )
    return _meeting_out(meeting, request.auth)


def _managed_session(request, pk: int) -> MatchmakingSession:
    session = get_object_or_404(MatchmakingSession.objects.select_related("event", "event__series"), pk=pk)
    if not can_manage_session(request.auth, session):
        raise PermissionDenied(_("Only the organisers of the event can do this."))
    return session


@router.get(
    "/meetings/sessions/{pk}/scheduler-runs",
    auth=API_AUTH,
    response={200: list[RunOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Scheduler runs of a session (organisers)",
)
def list_runs(request, pk: int):
    return [_run_out(run) for run in queries.runs_of(_managed_session(request, pk))[:50]]


@router.post(
    "/meetings/sessions/{pk}/scheduler-runs",
    auth=API_AUTH,
    response={202: RunOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Run the scheduler (organisers); the result is a draft",
)
def start_run(request, pk: int, payload: RunIn):
    session = _managed_session(request, pk)
    run = tasks.queue_scheduler_run(
        actor=request.auth, session=session, time_limit=payload.time_limit, move_existing=payload.move_existing
    )
    run.refresh_from_db()
    return 202, _run_out(run)


def _managed_run(request, pk: int) -> SchedulerRun:
    run = get_object_or_404(SchedulerRun.objects.select_related("session", "session__event__series"), pk=pk)
    if not can_manage_session(request.auth, run.session):
        raise PermissionDenied(_("Only the organisers of the event can do this."))
    return run


@router.get(
    "/meetings/scheduler-runs/{pk}",
    auth=API_AUTH,
    response={200: RunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One scheduler run with its draft (organisers)",
)
def get_run(request, pk: int):
    return _run_out(_managed_run(request, pk))


@router.post(
    "/meetings/scheduler-runs/{pk}/publish",
    auth=API_AUTH,
    response={200: RunOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Publish a draft schedule (organisers); everyone concerned is told",
)
def publish_run(request, pk: int):
    return _run_out(services.publish_scheduler_run(actor=request.auth, run=_managed_run(request, pk)))
