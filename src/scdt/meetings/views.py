"""Participant pages: a session with my availability, requesting, answering, my meetings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from scdt.directory.models import Profile
from scdt.directory.rules import can_view_profile
from scdt.events.models import EventStatus
from scdt.events.rules import can_manage_event
from scdt.events.views import safe_next
from scdt.marketplace.models import Opportunity
from scdt.meetings import queries, services
from scdt.meetings.forms import (
    AvailabilityForm,
    CancelMeetingForm,
    DeclineForm,
    OutcomeForm,
    RequestForm,
    SlotForm,
)
from scdt.meetings.models import (
    BookingMode,
    MatchmakingSession,
    Meeting,
    MeetingRequest,
    RequestContext,
    RequestStatus,
    SessionParticipant,
)
from scdt.meetings.rules import can_manage_session


def _error_text(exc) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def visible_session(request, pk: int) -> MatchmakingSession:
    """A session of a published (or cancelled) event; draft events only for their organisers."""
    session = get_object_or_404(MatchmakingSession.objects.select_related("event", "event__series"), pk=pk)
    if session.event.status == EventStatus.DRAFT and not can_manage_event(request.user, session.event):
        raise Http404
    return session


@require_GET
def session_detail(request, pk):
    session = visible_session(request, pk)
    user = request.user
    me = queries.participation(user, session)
    slots = queries.slots_of(session)
    context = {
        "session": session,
        "event": session.event,
        "slots": slots,
        "me": me,
        "booking_state": session.booking_state(timezone.now()),
        "can_manage": can_manage_session(user, session),
        "participants": queries.session_participants(session) if me else [],
    }
    if me is not None:
        mine = {
            meeting.slot_id: meeting for meeting in queries.meetings_of(user, session=session, include_cancelled=False)
        }
        away = queries.unavailable_slot_ids(user, session)
        context["my_slots"] = [(slot, mine.get(slot.pk), slot.pk in away) for slot in slots]
        context["availability_form"] = AvailabilityForm(
            slots=slots, tz=session.tz, initial={"unavailable": sorted(away)}
        )
    elif user.is_authenticated:
        context["registered"] = queries.active_registration(user, session.event) is not None
    return render(request, "meetings/session.html", context)


@require_POST
@login_required
def join(request, pk):
    session = visible_session(request, pk)
    try:
        services.join_session(user=request.user, session=session)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("You take part in this session. Mark the times you are not available."))
    return redirect("meetings:session", pk=session.pk)


@require_POST
@login_required
def leave(request, pk):
    session = visible_session(request, pk)
    try:
        services.leave_session(user=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("You no longer take part in this session."))
    return redirect("meetings:session", pk=session.pk)


@require_POST
@login_required
def availability(request, pk):
    session = visible_session(request, pk)
    form = AvailabilityForm(request.POST, slots=queries.slots_of(session), tz=session.tz)
    if not form.is_valid():
        messages.error(request, _("Choose times from the list."))
        return redirect("meetings:session", pk=session.pk)
    try:
        services.set_unavailability(user=request.user, session=session, slot_ids=form.cleaned_data["unavailable"])
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Your availability is saved."))
    return redirect("meetings:session", pk=session.pk)


def _shared_sessions(user, other):
    """Open sessions both take part in."""
    mine = SessionParticipant.objects.filter(user=user).values("session_id")
    return list(
        MatchmakingSession.objects.filter(pk__in=mine, participants__user=other, end__gt=timezone.now())
        .select_related("event")
        .order_by("start")
    )


@login_required
def request_create(request):
    """``/meetings/request/?to=<profile id>`` (optional ``session``, ``opportunity``, ``note``)."""
    source = request.POST if request.method == "POST" else request.GET
    try:
        profile = Profile.objects.select_related("user", "organisation").get(pk=int(source.get("to", "")))
    except (ValueError, Profile.DoesNotExist):
        raise Http404 from None
    if not can_view_profile(request.user, profile):
        raise Http404
    opportunity = None
    if source.get("opportunity", "").isdigit():
        opportunity = Opportunity.objects.filter(pk=int(source["opportunity"]), owner=profile.user).first()
    sessions = _shared_sessions(request.user, profile.user)
    initial = {"session": source.get("session")}
    form = RequestForm(request.POST or None, sessions=sessions, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        session = next(s for s in sessions if s.pk == form.cleaned_data["session"])
        context = RequestContext.OPPORTUNITY if opportunity else RequestContext.PROFILE
        if source.get("note"):
            context = RequestContext.RECOMMENDATION
        try:
            services.request_meeting(
                requester=request.user,
                recipient=profile.user,
                session=session,
                message=form.cleaned_data["message"],
                context=context,
                context_note=source.get("note", ""),
                opportunity=opportunity,
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Your request is sent. We will tell you when they answer."))
            return redirect("meetings:mine")
    if request.method == "POST":
        status = 400
    context = {
        "profile": profile,
        "form": form,
        "sessions": sessions,
        "opportunity": opportunity,
        "note": source.get("note", ""),
    }
    return render(request, "meetings/request_form.html", context, status=status)


@require_GET
@login_required
def mine(request):
    user = request.user
    received, sent = queries.requests_of(user)
    pending_received = [r for r in received if r.status == RequestStatus.PENDING]
    answer_forms, slots_by_session = {}, {}
    now = timezone.now()
    for item in [*pending_received, *[r for r in sent if r.status == RequestStatus.PENDING]]:
        if item.answerer_id == user.pk and item.session.booking_mode == BookingMode.SELF:
            # One slot list per session (not per request): the service says if a time is taken.
            if item.session_id not in slots_by_session:
                slots_by_session[item.session_id] = [s for s in queries.slots_of(item.session) if s.start > now]
            answer_forms[item.pk] = SlotForm(
                slots=slots_by_session[item.session_id], tz=item.session.tz, initial_slot=item.proposed_slot
            )
    meetings = list(queries.meetings_of(user))
    for meeting in meetings:
        meeting.other = meeting.other_participant(user)
        meeting.my_met = meeting.a_met if meeting.participant_a_id == user.pk else meeting.b_met
        meeting.can_report = meeting.is_active and meeting.slot.start <= now
    context = {
        "received": received,
        "sent": sent,
        "answer_forms": answer_forms,
        "decline_form": DeclineForm(),
        "upcoming": [m for m in meetings if m.slot.end >= now],
        "past": [m for m in meetings if m.slot.end < now],
        "cancel_form": CancelMeetingForm(),
        "outcome_form": OutcomeForm(),
        "now": now,
    }
    return render(request, "meetings/mine.html", context)


def _own_request(request, uid) -> MeetingRequest:
    item = get_object_or_404(
        MeetingRequest.objects.select_related("session", "session__event"),
        Q(requester=request.user) | Q(recipient=request.user),
        uid=uid,
    )
    return item


def _act(request, action, done: str):
    try:
        action()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, done)
    return redirect(safe_next(request, reverse("meetings:mine")))


def _slot_from(request, session, *, required: bool):
    form = SlotForm(request.POST, slots=queries.slots_of(session), tz=session.tz, required=required)
    if not form.is_valid():
        raise ValidationError(_("Choose a time from the list."))
    pk = form.cleaned_data["slot"]
    return session.slots.get(pk=pk) if pk else None


@require_POST
@login_required
def accept(request, uid):
    item = _own_request(request, uid)

    def action():
        slot = _slot_from(request, item.session, required=False)
        services.accept_meeting_request(actor=request.user, request=item, slot=slot)

    return _act(request, action, _("Accepted. The meeting is in your agenda and calendar feed."))


@require_POST
@login_required
def decline(request, uid):
    item = _own_request(request, uid)
    form = DeclineForm(request.POST)

    def action():
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.decline_meeting_request(actor=request.user, request=item, reason=form.cleaned_data["reason"])

    return _act(request, action, _("Declined; they are told."))


@require_POST
@login_required
def propose(request, uid):
    item = _own_request(request, uid)

    def action():
        slot = _slot_from(request, item.session, required=True)
        services.propose_meeting_slot(actor=request.user, request=item, slot=slot)

    return _act(request, action, _("Your proposal is sent."))


@require_POST
@login_required
def request_cancel(request, uid):
    item = _own_request(request, uid)
    return _act(
        request,
        lambda: services.cancel_meeting_request(actor=request.user, request=item),
        _("The request is withdrawn."),
    )


def _meeting(request, uid) -> Meeting:
    meeting = get_object_or_404(
        Meeting.objects.select_related("session", "session__event", "session__event__series", "slot"), uid=uid
    )
    if not (meeting.involves(request.user) or can_manage_session(request.user, meeting.session)):
        raise Http404
    return meeting


@require_POST
@login_required
def meeting_cancel(request, uid):
    meeting = _meeting(request, uid)
    form = CancelMeetingForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        lambda: services.cancel_meeting(actor=request.user, meeting=meeting, reason=reason),
        _("The meeting is cancelled."),
    )


@require_POST
@login_required
def reschedule(request, uid):
    meeting = _meeting(request, uid)

    def action():
        slot = _slot_from(request, meeting.session, required=False)
        services.reschedule_meeting(actor=request.user, meeting=meeting, slot=slot)

    return _act(request, action, _("The meeting has a new time."))


@require_POST
@login_required
def outcome(request, uid):
    meeting = _meeting(request, uid)
    form = OutcomeForm(request.POST)

    def action():
        if not form.is_valid():
            raise ValidationError(_("Say whether the meeting happened."))
        services.record_meeting_outcome(
            actor=request.user, meeting=meeting, met=form.cleaned_data["met"], outcome=form.cleaned_data["outcome"]
        )

    return _act(request, action, _("Thank you, noted."))


@require_GET
@login_required
def my_schedule(request, pk):
    """A printable one-page schedule of my meetings in a session."""
    session = visible_session(request, pk)
    meetings = list(queries.meetings_of(request.user, session=session, include_cancelled=False))
    for meeting in meetings:
        meeting.other = meeting.other_participant(request.user)
    return render(
        request, "meetings/my_schedule.html", {"session": session, "event": session.event, "meetings": meetings}
    )
