"""Organiser pages: sessions of an event, a session's meetings, scheduler runs and print views."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scdt.events.models import Event
from scdt.events.rules import can_manage_event
from scdt.meetings import queries, services, tasks
from scdt.meetings.forms import RunForm, SessionForm
from scdt.meetings.models import MatchmakingSession, Meeting, MeetingRequest, RequestStatus, SchedulerRun
from scdt.meetings.rules import can_manage_session
from scdt.service_errors import show_service_errors


def _error_text(exc) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def managed_session(request, pk: int) -> MatchmakingSession:
    session = get_object_or_404(MatchmakingSession.objects.select_related("event", "event__series"), pk=pk)
    if not can_manage_session(request.user, session):
        raise PermissionDenied(_("This page is for the organisers of the event."))
    return session


@login_required
def organise_event(request, slug):
    """The matchmaking sessions of an event, and a form to add one."""
    event = get_object_or_404(Event.objects.select_related("series"), slug=slug)
    if not can_manage_event(request.user, event):
        raise PermissionDenied(_("This page is for the organisers of the event."))
    form = SessionForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.configure_session(actor=request.user, event=event, **form.service_kwargs())
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The session is created with its slots and tables."))
            return redirect("meetings:organise_session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    context = {"event": event, "sessions": queries.sessions_of_event(event), "form": form}
    return render(request, "meetings/organise_event.html", context, status=status)


@login_required
def session_edit(request, pk):
    session = managed_session(request, pk)
    event = session.event
    form = SessionForm(request.POST or None, event=event, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.configure_session(actor=request.user, event=event, session=session, **form.service_kwargs())
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("meetings:organise_session", pk=session.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "meetings/session_form.html", {"session": session, "event": event, "form": form}, status=status
    )


@require_GET
@login_required
def organise_session(request, pk):
    session = managed_session(request, pk)
    meetings = list(queries.session_meetings(session))
    waiting = (
        MeetingRequest.objects.filter(session=session, status=RequestStatus.ACCEPTED, meeting__isnull=True)
        .select_related("requester__profile", "recipient__profile")
        .order_by("decided_at", "id")
    )
    counts = dict.fromkeys(RequestStatus.values, 0)
    for status in MeetingRequest.objects.filter(session=session).values_list("status", flat=True):
        counts[status] += 1
    context = {
        "session": session,
        "event": session.event,
        "meetings": meetings,
        "waiting": list(waiting),
        "request_counts": [(label, counts[value]) for value, label in RequestStatus.choices],
        "no_shows": list(queries.no_shows(session)),
        "participant_count": session.participants.count(),
        "runs": list(queries.runs_of(session)[:10]),
        "run_form": RunForm(),
    }
    return render(request, "meetings/organise_session.html", context)


@require_POST
@login_required
def run_start(request, pk):
    session = managed_session(request, pk)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the scheduler between 1 and 300 seconds."))
        return redirect("meetings:organise_session", pk=session.pk)
    try:
        run = tasks.queue_scheduler_run(
            actor=request.user,
            session=session,
            time_limit=form.cleaned_data["time_limit"],
            move_existing=form.cleaned_data["move_existing"],
        )
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("meetings:organise_session", pk=session.pk)
    return redirect("meetings:run", pk=run.pk)


def _managed_run(request, pk) -> SchedulerRun:
    run = get_object_or_404(
        SchedulerRun.objects.select_related("session", "session__event", "session__event__series"), pk=pk
    )
    if not can_manage_session(request.user, run.session):
        raise PermissionDenied(_("This page is for the organisers of the event."))
    return run


class _Placed:
    """A draft placement shaped like a Meeting for the grid templates."""

    def __init__(self, item, people, slot, table_label):
        self.participant_a = people.get(item["a"])
        self.participant_b = people.get(item["b"])
        self.participant_a_id, self.participant_b_id = item["a"], item["b"]
        self.slot_id = item["to"]
        self.slot = slot
        self.moved, self.new, self.remote, self.fixed = item["moved"], item["new"], item["remote"], item["fixed"]
        self.table_label = table_label


@require_GET
@login_required
def run_detail(request, pk):
    """The draft: participants × slots, and per table; publish or discard."""
    run = _managed_run(request, pk)
    session = run.session
    slots = queries.slots_of(session)
    by_pk = {slot.pk: slot for slot in slots}
    placements = run.result.get("placements", [])
    ids = (
        {p["a"] for p in placements}
        | {p["b"] for p in placements}
        | {u["a"] for u in run.unplaced if "a" in u}
        | {u["b"] for u in run.unplaced if "b" in u}
    )
    people = {user.pk: user for user in get_user_model().objects.filter(pk__in=ids).select_related("profile")}
    tables = queries.tables_of(session)
    per_slot = defaultdict(list)
    placed = []
    for item in sorted(placements, key=lambda p: (p["to"], p["remote"], p["id"])):
        onsite = [p for p in per_slot[item["to"]] if not p.remote]
        label = _("Virtual room") if item["remote"] else (tables[len(onsite)].name if len(onsite) < len(tables) else "")
        entry = _Placed(item, people, by_pk.get(item["to"]), label)
        per_slot[item["to"]].append(entry)
        placed.append(entry)
    grid_people = sorted(people.values(), key=queries.person_name)
    unplaced = [{**u, "person_a": people.get(u.get("a")), "person_b": people.get(u.get("b"))} for u in run.unplaced]
    context = {
        "run": run,
        "session": session,
        "event": session.event,
        "slots": slots,
        "grid": queries.grid(session, placed, grid_people) if placed else [],
        "per_slot": [(slot, per_slot.get(slot.pk, [])) for slot in slots],
        "unplaced": unplaced,
        "moved_count": sum(1 for p in placed if p.moved),
        "new_count": sum(1 for p in placed if p.new),
    }
    return render(request, "meetings/run.html", context)


@require_POST
@login_required
def run_publish(request, pk):
    run = _managed_run(request, pk)
    try:
        services.publish_scheduler_run(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("meetings:run", pk=run.pk)
    messages.success(request, _("The schedule is published; everyone concerned is told."))
    return redirect("meetings:organise_session", pk=run.session_id)


@require_POST
@login_required
def run_discard(request, pk):
    run = _managed_run(request, pk)
    try:
        services.discard_scheduler_run(actor=request.user, run=run)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("The draft is discarded."))
    return redirect("meetings:organise_session", pk=run.session_id)


@require_POST
@login_required
def pin(request, uid):
    meeting = get_object_or_404(Meeting.objects.select_related("session", "session__event__series"), uid=uid)
    pinned = request.POST.get("pinned") == "1"
    services.set_meeting_pinned(actor=request.user, meeting=meeting, pinned=pinned)
    messages.success(request, _("The meeting is pinned.") if pinned else _("The meeting is no longer pinned."))
    return redirect("meetings:organise_session", pk=meeting.session_id)


@require_GET
@login_required
def print_tables(request, pk):
    """One section per table: who sits there when."""
    session = managed_session(request, pk)
    meetings = queries.session_meetings(session)
    by_table = defaultdict(list)
    virtual = []
    for meeting in meetings:
        (by_table[meeting.table_id] if meeting.table_id else virtual).append(meeting)
    tables = [(table, by_table.get(table.pk, [])) for table in queries.tables_of(session)]
    context = {"session": session, "event": session.event, "tables": tables, "virtual": virtual}
    return render(request, "meetings/print_tables.html", context)


@require_GET
@login_required
def print_slots(request, pk):
    """One section per slot: every pair and where they meet."""
    session = managed_session(request, pk)
    by_slot = defaultdict(list)
    for meeting in queries.session_meetings(session):
        by_slot[meeting.slot_id].append(meeting)
    slots = [(slot, by_slot.get(slot.pk, [])) for slot in queries.slots_of(session)]
    return render(request, "meetings/print_slots.html", {"session": session, "event": session.event, "slots": slots})
