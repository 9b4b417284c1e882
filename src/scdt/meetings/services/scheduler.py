"""The organisers' scheduler: database → engine instance → draft → published meetings.

What is scheduled: accepted requests that have no meeting yet (organiser-scheduled
sessions accept without a slot) and, when ``move_existing`` is set, the scheduled meetings
too, except pinned ones and those already started, which stay where they are (``fixed``).
Marketplace mutual-interest pairs are not fed in yet: only accepted requests.

Tables: the engine's ``tables`` is the session's number of tables, and a pair that needs
no table is marked ``"remote": true`` so it does not count against them: a pair with a
remote side (it meets in a virtual room), every pair of a session without tables, and a
pinned meeting that holds no table. So the draft never has more on-site pairs in a slot
than there are tables, and no remote pair is left out for want of a table.
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.events.models import Attendance
from scdt.meetings import queries
from scdt.meetings.models import (
    MatchmakingSession,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingStatus,
    RequestStatus,
    RunStatus,
    SchedulerRun,
    SessionParticipant,
    Unavailability,
)
from scdt.meetings.rules import can_manage_session
from scdt.meetings.scheduling import InstanceError, parse_instance, solve
from scdt.meetings.services import booking
from scdt.meetings.services.notices import tell

MAX_TIME_LIMIT = 300


def _pid(user_id: int) -> str:
    return f"p{user_id}"


def build_instance(session: MatchmakingSession, *, move_existing: bool, now=None) -> tuple[dict, dict]:
    """The engine instance of ``session`` (docs/scheduling.md) and what each engine id stands for.

    Ids: ``p<user id>``, ``s<slot id>``, ``m<meeting id>`` (booked), ``r<request id>`` (to place).
    """
    now = now or timezone.now()
    slots = queries.slots_of(session)
    attendance = dict(SessionParticipant.objects.filter(session=session).values_list("user_id", "attendance"))
    mapping: dict[str, dict] = {}
    meetings, fixed = [], []
    fixed_busy: set[tuple[str, int]] = set()
    table_count = len(queries.tables_of(session))
    booked = Meeting.objects.filter(session=session, status=MeetingStatus.SCHEDULED).select_related("slot")
    for meeting in booked.order_by("slot__position", "id"):
        key = f"m{meeting.pk}"
        a, b = meeting.participant_a_id, meeting.participant_b_id
        if a not in attendance or b not in attendance:
            continue
        stays = meeting.pinned or not move_existing or meeting.slot.start <= now
        mapping[key] = {"kind": "meeting", "pk": meeting.pk, "a": a, "b": b, "slot": meeting.slot_id, "fixed": stays}
        # A meeting that stays holds exactly the table it has; a movable one is placed
        # again on publishing, with a table if the pair needs one (decided below).
        tableless = {"remote": True} if stays and meeting.table_id is None else {}
        meetings.append({"id": key, "participants": [_pid(a), _pid(b)], "session": "any", **tableless})
        if stays:
            fixed.append({"meeting": key, "slot": f"s{meeting.slot_id}"})
            fixed_busy.update({(_pid(a), meeting.slot_id), (_pid(b), meeting.slot_id)})
    waiting = MeetingRequest.objects.filter(session=session, status=RequestStatus.ACCEPTED, meeting__isnull=True)
    for request in waiting.order_by("decided_at", "id"):
        a, b = request.requester_id, request.recipient_id
        if a not in attendance or b not in attendance:
            continue
        key = f"r{request.pk}"
        mapping[key] = {"kind": "request", "pk": request.pk, "a": a, "b": b, "slot": None, "fixed": False}
        meetings.append({"id": key, "participants": [_pid(a), _pid(b)], "session": "any"})
    for entry in meetings:
        item = mapping[entry["id"]]
        # The same rule as booking.place: a pair with a remote side meets in a virtual room.
        item["remote"] = Attendance.REMOTE in (attendance[item["a"]], attendance[item["b"]])
        if not item["fixed"] and (item["remote"] or not table_count):
            entry["remote"] = True
    forbidden = set()
    away = Unavailability.objects.filter(participant__session=session).values_list("participant__user_id", "slot_id")
    for user_id, slot_id in away:
        forbidden.add((_pid(user_id), slot_id))
    for slot in slots:
        if slot.start <= now:
            forbidden.update((_pid(user_id), slot.pk) for user_id in attendance)
    forbidden -= fixed_busy
    instance = {
        "name": f"session-{session.pk}",
        "participants": [_pid(user_id) for user_id in sorted(attendance)],
        "slots": [{"id": f"s{slot.pk}", "session": slot.part} for slot in slots],
        "tables": table_count,
        "meetings": meetings,
        "forbidden": [{"participant": p, "slot": f"s{s}"} for p, s in sorted(forbidden)],
        "fixed": fixed,
        "precedences": [],
        "fairness": session.fairness,
    }
    return instance, mapping


def start_scheduler_run(
    *, actor, session: MatchmakingSession, time_limit: int = 30, move_existing: bool = False
) -> SchedulerRun:
    """Record a queued run (organisers and admins); ``tasks.queue_scheduler_run`` runs it in the background.

    ValidationError while another run of the session is queued or running, or for a time
    limit outside 1..300 seconds.
    """
    if not can_manage_session(actor, session):
        raise PermissionDenied(_("Only the organisers can run the scheduler."))
    if not 1 <= time_limit <= MAX_TIME_LIMIT:
        raise ValidationError({"time_limit": _("Give the scheduler between 1 and 300 seconds.")})
    with transaction.atomic():
        MatchmakingSession.objects.select_for_update().get(pk=session.pk)
        if session.scheduler_runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
            raise ValidationError(_("The scheduler is already running for this session."))
        run = SchedulerRun.objects.create(
            session=session, created_by=actor, time_limit=time_limit, move_existing=move_existing
        )
        log_action("meetings.scheduler.started", actor=actor, target=run, move_existing=move_existing)
    return run


def _save(run: SchedulerRun, **values) -> None:
    for field, value in values.items():
        setattr(run, field, value)
    with transaction.atomic():
        run.save(update_fields=list(values))


def _names(text: str) -> str:
    """Engine reasons name ``p<id>``; organisers read names."""
    ids = {int(n) for n in re.findall(r"\bp(\d+)\b", text)}
    if not ids:
        return text
    rows = SessionParticipant.objects.filter(user_id__in=ids).values_list("user_id", "user__profile__full_name")
    people = {user_id: name for user_id, name in rows if name}
    return re.sub(r"\bp(\d+)\b", lambda m: people.get(int(m.group(1)), m.group(0)), text)


def _solve(session, run, *, move_existing: bool):
    data, mapping = build_instance(session, move_existing=move_existing)
    instance = parse_instance(data)
    _save(run, instance=data, progress=20)
    result = solve(instance, time_limit=run.time_limit)
    return data, mapping, result


def run_scheduler(*, run_id: int) -> SchedulerRun:
    """Run the engine for a queued run and store the draft (status done) or the failure (failed).

    Each step commits on its own so organisers watch the progress. Idempotent: a run that
    is not queued is returned unchanged.
    """
    with transaction.atomic():
        run = SchedulerRun.objects.select_for_update().select_related("session__event").filter(pk=run_id).first()
        if run is None or run.status != RunStatus.QUEUED:
            return run
        run.status, run.progress = RunStatus.RUNNING, 5
        run.save(update_fields=["status", "progress"])
    session = run.session
    message = ""
    try:
        _data, mapping, result = _solve(session, run, move_existing=run.move_existing)
        engine_slot = {a.meeting: int(a.slot[1:]) for a in result.assignments}
        dropped = [key for key, item in mapping.items() if item["kind"] == "meeting" and key not in engine_slot]
        if run.move_existing and dropped:
            message = _("Moving booked meetings would have dropped one; booked meetings were kept where they are.")
            _data, mapping, result = _solve(session, run, move_existing=False)
            engine_slot = {a.meeting: int(a.slot[1:]) for a in result.assignments}
    except InstanceError as exc:
        _save(run, status=RunStatus.FAILED, progress=100, message=str(exc), finished_at=timezone.now())
        return run
    except Exception as exc:
        _save(run, status=RunStatus.FAILED, progress=100, message=repr(exc)[:1000], finished_at=timezone.now())
        return run
    _save(run, progress=90)
    unplaced = [{"id": u.meeting, "reason": u.reason} for u in result.unplaced]
    placements = []
    for key, slot_id in engine_slot.items():
        item = mapping[key]
        placements.append(
            {
                "id": key,
                **item,
                "to": slot_id,
                "moved": item["kind"] == "meeting" and item["slot"] != slot_id,
                "new": item["kind"] == "request",
            }
        )
    for entry in unplaced:
        item = mapping[entry["id"]]
        entry.update(a=item["a"], b=item["b"], kind=item["kind"], reason=_names(entry["reason"]))
    _save(
        run,
        status=RunStatus.DONE,
        progress=100,
        solver_status=result.status,
        breaks=result.breaks,
        placed=len(placements),
        unplaced=unplaced,
        result={"placements": placements, "engine": result.to_dict()},
        message=message,
        finished_at=timezone.now(),
    )
    with transaction.atomic():
        log_action("meetings.scheduler.finished", target=run, status=result.status, placed=len(placements))
    return run


def _stale() -> ValidationError:
    return ValidationError(_("Meetings of this session changed since the scheduler ran: run it again."))


def publish_scheduler_run(*, actor, run: SchedulerRun) -> SchedulerRun:
    """Make a draft real: create the meetings of newly placed requests and move the moved ones.

    All or nothing: if anything changed since the run (a meeting cancelled, a slot taken,
    someone marked a slot unavailable) nothing is written and a ValidationError asks for a
    new run. Everyone with a new or moved meeting is told (in-app and e-mail with ``.ics``).
    Other drafts of the session are discarded (they are stale now).
    """
    if not can_manage_session(actor, run.session):
        raise PermissionDenied(_("Only the organisers can publish a schedule."))
    with transaction.atomic():
        run = SchedulerRun.objects.select_for_update().select_related("session__event").get(pk=run.pk)
        if run.status != RunStatus.DONE:
            raise ValidationError(_("Only a finished draft can be published."))
        session = MatchmakingSession.objects.select_for_update().select_related("event").get(pk=run.session_id)
        changes = [p for p in run.result.get("placements", []) if p["moved"] or p["new"]]
        slots = {slot.pk: slot for slot in queries.slots_of(session)}
        now = timezone.now()
        meetings = Meeting.objects.select_for_update(of=("self",)).select_related(
            "participant_a__profile", "participant_b__profile", "slot", "table"
        )
        moved = {m.pk: m for m in meetings.filter(pk__in=[p["pk"] for p in changes if p["moved"]])}
        requests = MeetingRequest.objects.select_for_update(of=("self",)).select_related(
            "requester__profile", "recipient__profile"
        )
        new = {r.pk: r for r in requests.filter(pk__in=[p["pk"] for p in changes if p["new"]])}
        away = set(
            Unavailability.objects.filter(participant__session=session).values_list("participant__user_id", "slot_id")
        )
        for p in changes:
            slot = slots.get(p["to"])
            if slot is None or slot.start <= now or (p["a"], p["to"]) in away or (p["b"], p["to"]) in away:
                raise _stale()
            if p["moved"] and (p["pk"] not in moved or moved[p["pk"]].status != MeetingStatus.SCHEDULED):
                raise _stale()
            if p["new"]:
                request = new.get(p["pk"])
                if (
                    request is None
                    or request.status != RequestStatus.ACCEPTED
                    or Meeting.objects.filter(request=request).exists()
                ):
                    raise _stale()
        # Free every mover's old place first, so two meetings may swap slots.
        MeetingSeat.objects.filter(meeting__in=list(moved.values())).delete()
        Meeting.objects.filter(pk__in=list(moved)).update(table=None)
        placed = []
        try:
            for p in changes:
                if p["moved"]:
                    meeting = moved[p["pk"]]
                    meeting.table = None
                    meeting.sequence += 1
                else:
                    request = new[p["pk"]]
                    meeting = Meeting(
                        session=session,
                        request=request,
                        participant_a=request.requester,
                        participant_b=request.recipient,
                    )
                meeting.session = session
                booking.place(meeting, slots[p["to"]], remote=p["remote"])
                placed.append((meeting, p["moved"]))
        except (ValidationError, IntegrityError) as exc:
            raise _stale() from exc
        run.status, run.published_at = RunStatus.PUBLISHED, now
        run.save(update_fields=["status", "published_at"])
        SchedulerRun.objects.filter(session=session, status=RunStatus.DONE).exclude(pk=run.pk).update(
            status=RunStatus.DISCARDED
        )
        log_action(
            "meetings.scheduler.published",
            actor=actor,
            target=run,
            created=sum(1 for _m, was_moved in placed if not was_moved),
            moved=sum(1 for _m, was_moved in placed if was_moved),
        )
        for meeting, was_moved in placed:
            kind = "meetings.meeting.moved" if was_moved else "meetings.meeting.scheduled"
            for person, other in (
                (meeting.participant_a, meeting.participant_b),
                (meeting.participant_b, meeting.participant_a),
            ):
                tell(user=person, kind=kind, other=other, session=session, meeting=meeting)
    return run


def discard_scheduler_run(*, actor, run: SchedulerRun) -> SchedulerRun:
    """Throw a draft away (organisers and admins)."""
    if not can_manage_session(actor, run.session):
        raise PermissionDenied(_("Only the organisers can discard a draft."))
    with transaction.atomic():
        run = SchedulerRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in (RunStatus.DONE, RunStatus.FAILED):
            raise ValidationError(_("Only a draft can be discarded."))
        run.status = RunStatus.DISCARDED
        run.save(update_fields=["status"])
        log_action("meetings.scheduler.discarded", actor=actor, target=run)
    return run
