"""The meeting request state machine.

    pending ──accept──▶ accepted (a Meeting now, or later by the organisers' scheduler)
       │ ├──decline──▶ declined
       │ ├──cancel───▶ cancelled   (the requester withdraws)
       │ ├──expire───▶ expired     (nobody answered in time)
       │ └──propose──▶ pending, with another slot; the other side answers next
A pending request holds no slot: only accepting books one.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.meetings import queries
from scdt.meetings.models import (
    BookingMode,
    MatchmakingSession,
    Meeting,
    MeetingRequest,
    RequestContext,
    RequestStatus,
    SessionParticipant,
    Slot,
)
from scdt.meetings.rules import can_answer_request, can_cancel_request, can_take_part, is_request_party
from scdt.meetings.services import booking
from scdt.meetings.services.notices import tell

MESSAGE_MAX = 1000
REASON_MAX = 500


def _lock(request: MeetingRequest) -> MeetingRequest:
    return (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("session", "session__event", "requester__profile", "recipient__profile")
        .get(pk=request.pk)
    )


def _require_pending(request: MeetingRequest) -> None:
    if request.status == RequestStatus.EXPIRED or (
        request.status == RequestStatus.PENDING and request.expires_at <= timezone.now()
    ):
        raise ValidationError(_("This request has expired."))
    if request.status == RequestStatus.CANCELLED:
        raise ValidationError(_("This request was withdrawn."))
    if request.status != RequestStatus.PENDING:
        raise ValidationError(_("This request has already been answered."))


def _type_of(user) -> str:
    profile = getattr(user, "profile", None)
    organisation = profile.organisation if profile else None
    return organisation.type if organisation else ""


def _check_pair_allowed(session: MatchmakingSession, a, b) -> None:
    if not session.allowed_type_pairs:
        return
    pair = sorted([_type_of(a), _type_of(b)])
    if pair not in [sorted(allowed) for allowed in session.allowed_type_pairs]:
        raise ValidationError(_("This session pairs other kinds of organisations than yours and theirs."))


def _check_limits(session: MatchmakingSession, people) -> None:
    limit = session.max_meetings_per_participant
    if limit is None:
        return
    for person in people:
        if queries.committed_meeting_count(person, session) >= limit:
            raise ValidationError(
                _("%(name)s already has the most meetings this session allows (%(limit)d).")
                % {"name": queries.person_name(person), "limit": limit}
            )


def _check_booking_open(session: MatchmakingSession) -> None:
    state = session.booking_state(timezone.now())
    if state == "not_open":
        raise ValidationError(_("Booking for this session has not opened yet."))
    if state == "closed":
        raise ValidationError(_("Booking for this session is closed."))


def _check_both_take_part(session: MatchmakingSession, a, b) -> None:
    joined = set(SessionParticipant.objects.filter(session=session, user__in=[a, b]).values_list("user_id", flat=True))
    if a.pk not in joined:
        raise ValidationError(_("Join the session first."))
    if b.pk not in joined:
        raise ValidationError(_("%(name)s does not take part in this session.") % {"name": queries.person_name(b)})


def request_meeting(
    *,
    requester,
    recipient,
    session: MatchmakingSession,
    message: str = "",
    context: str = RequestContext.PROFILE,
    context_note: str = "",
    opportunity=None,
    proposed_slot: Slot | None = None,
) -> MeetingRequest:
    """Ask ``recipient`` for a meeting in ``session``; they are told in-app and by e-mail.

    Both must take part in the session, inside its booking window, within the session's
    limit of meetings, of organisation types the session pairs, without a live request or
    meeting between them already, and not the same person (ValidationError). Needs a
    verified requester (PermissionDenied). ``proposed_slot`` (optional) must be free for
    the requester. The request expires after the session's ``request_expiry_hours``.
    """
    if not can_take_part(requester):
        raise PermissionDenied(_("Please confirm your e-mail address to request meetings."))
    if recipient is None or recipient.pk == requester.pk:
        raise ValidationError(_("You cannot request a meeting with yourself."))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": _("Keep the message under 1000 characters.")})
    if context not in RequestContext.values:
        raise ValidationError({"context": _("Unknown context.")})
    with transaction.atomic():
        session = MatchmakingSession.objects.select_related("event").get(pk=session.pk)
        _check_both_take_part(session, requester, recipient)
        _check_booking_open(session)
        _check_pair_allowed(session, requester, recipient)
        if queries.open_request_between(session, requester, recipient) is not None:
            raise ValidationError(_("You already have a request or a meeting with this person in this session."))
        _check_limits(session, [requester, recipient])
        if proposed_slot is not None:
            if session.booking_mode == BookingMode.ORGANISER:
                raise ValidationError({"slot": _("The organisers schedule the meetings of this session.")})
            booking.check_slot(session, proposed_slot, [requester.pk])
        now = timezone.now()
        expires_at = min(now + dt.timedelta(hours=session.request_expiry_hours), session.booking_closes_at)
        request = MeetingRequest.objects.create(
            session=session,
            requester=requester,
            recipient=recipient,
            message=message,
            context=context,
            context_note=(context_note or "")[:300],
            opportunity=opportunity,
            proposed_slot=proposed_slot,
            proposed_by=requester if proposed_slot else None,
            expires_at=expires_at,
        )
        log_action("meetings.request.created", actor=requester, target=request, session=session.pk)
        tell(user=recipient, kind="meetings.request.received", other=requester, session=session)
    return request


def accept_meeting_request(*, actor, request: MeetingRequest, slot: Slot | None = None) -> MeetingRequest:
    """The awaited side accepts. Self-booked sessions book ``slot`` (None: the first common free slot)
    at once; in organiser-scheduled sessions the request waits for the scheduler and ``slot`` must be None.

    ValidationError for an expired, withdrawn or answered request, a taken or unavailable
    slot (also when another accept took it at the same moment: the database decides),
    limits reached, booking closed. PermissionDenied for anyone but the awaited side.
    """
    with transaction.atomic():
        request = _lock(request)
        if not can_answer_request(actor, request):
            raise PermissionDenied(_("Only the person asked can accept this request."))
        _require_pending(request)
        session = request.session
        _check_booking_open(session)
        _check_both_take_part(session, request.requester, request.recipient)
        _check_limits(session, [request.requester, request.recipient])
        other = request.requester if actor.pk == request.recipient_id else request.recipient
        request.status = RequestStatus.ACCEPTED
        request.decided_at = timezone.now()
        meeting = None
        if session.booking_mode == BookingMode.ORGANISER:
            if slot is not None:
                raise ValidationError({"slot": _("The organisers schedule the meetings of this session.")})
        else:
            people = [request.requester_id, request.recipient_id]
            remote = booking.is_remote_pair(session, people)
            if slot is None:
                slot = booking.first_free_slot(session, people, remote=remote)
            booking.check_slot(session, slot, people)
            meeting = Meeting(
                session=session,
                request=request,
                participant_a=request.requester,
                participant_b=request.recipient,
            )
            booking.place(meeting, slot, remote=remote)
        request.save(update_fields=["status", "decided_at", "updated_at"])
        log_action(
            "meetings.request.accepted",
            actor=actor,
            target=request,
            meeting=str(meeting.uid) if meeting else None,
            slot=slot.pk if slot else None,
        )
        kind = "meetings.request.accepted" if meeting else "meetings.request.accepted_unscheduled"
        tell(user=other, kind=kind, other=actor, session=session, meeting=meeting)
    return request


def decline_meeting_request(*, actor, request: MeetingRequest, reason: str = "") -> MeetingRequest:
    """The awaited side declines, with an optional reason the other side reads."""
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    with transaction.atomic():
        request = _lock(request)
        if not can_answer_request(actor, request):
            raise PermissionDenied(_("Only the person asked can decline this request."))
        _require_pending(request)
        request.status = RequestStatus.DECLINED
        request.reason = reason
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "reason", "decided_at", "updated_at"])
        log_action("meetings.request.declined", actor=actor, target=request, reason=reason)
        other = request.requester if actor.pk == request.recipient_id else request.recipient
        tell(user=other, kind="meetings.request.declined", other=actor, session=request.session, reason=reason)
    return request


def propose_meeting_slot(*, actor, request: MeetingRequest, slot: Slot) -> MeetingRequest:
    """The awaited side proposes ``slot`` instead; the other side answers next. Holds no slot."""
    with transaction.atomic():
        request = _lock(request)
        if not can_answer_request(actor, request):
            raise PermissionDenied(_("It is not your turn to answer this request."))
        _require_pending(request)
        session = request.session
        if session.booking_mode == BookingMode.ORGANISER:
            raise ValidationError({"slot": _("The organisers schedule the meetings of this session.")})
        booking.check_slot(session, slot, [actor.pk])
        request.proposed_slot = slot
        request.proposed_by = actor
        request.save(update_fields=["proposed_slot", "proposed_by", "updated_at"])
        log_action("meetings.request.proposed", actor=actor, target=request, slot=slot.pk)
        other = request.requester if actor.pk == request.recipient_id else request.recipient
        tell(user=other, kind="meetings.request.proposed", other=actor, session=session)
    return request


def cancel_meeting_request(*, actor, request: MeetingRequest) -> MeetingRequest:
    """The requester withdraws a pending request (or an accepted one the organisers have not scheduled)."""
    with transaction.atomic():
        request = _lock(request)
        if not can_cancel_request(actor, request):
            raise PermissionDenied(_("Only the person who asked can withdraw a request."))
        waiting = request.status == RequestStatus.ACCEPTED and not Meeting.objects.filter(request=request).exists()
        if not waiting:
            _require_pending(request)
        request.status = RequestStatus.CANCELLED
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_at", "updated_at"])
        log_action("meetings.request.cancelled", actor=actor, target=request)
        tell(user=request.recipient, kind="meetings.request.cancelled", other=actor, session=request.session)
    return request


def expire_meeting_requests(*, now=None) -> int:
    """Expire every pending request past its ``expires_at``; both sides are told. Returns how many."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        overdue = (
            MeetingRequest.objects.select_for_update(of=("self",))
            .filter(status=RequestStatus.PENDING, expires_at__lte=now)
            .select_related("session", "session__event", "requester__profile", "recipient__profile")
        )
        for request in overdue:
            request.status = RequestStatus.EXPIRED
            request.decided_at = now
            request.save(update_fields=["status", "decided_at", "updated_at"])
            log_action("meetings.request.expired", target=request)
            tell(
                user=request.requester,
                kind="meetings.request.expired",
                other=request.recipient,
                session=request.session,
            )
            tell(
                user=request.recipient,
                kind="meetings.request.expired",
                other=request.requester,
                session=request.session,
            )
            count += 1
    return count


def visible_request(user, request: MeetingRequest) -> bool:
    return bool(is_request_party(user, request))
