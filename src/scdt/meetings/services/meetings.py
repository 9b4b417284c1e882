"""Changes to booked meetings: cancel, reschedule, and what came of them afterwards."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.meetings.models import Meeting, MeetingStatus, Slot
from scdt.meetings.rules import can_cancel_meeting, can_record_outcome, can_reschedule_meeting
from scdt.meetings.services import booking
from scdt.meetings.services.notices import tell

OUTCOME_MAX = 200
REASON_MAX = 500


def _lock(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related(
            "session", "session__event", "slot", "table", "participant_a__profile", "participant_b__profile"
        )
        .get(pk=meeting.pk)
    )


def _tell_participants(meeting: Meeting, *, actor, kind: str, reason: str = "") -> None:
    """Each participant except the actor hears about it (both, when an organiser acted)."""
    pairs = [(meeting.participant_a, meeting.participant_b), (meeting.participant_b, meeting.participant_a)]
    for person, other in pairs:
        if actor is not None and person.pk == actor.pk:
            continue
        tell(user=person, kind=kind, other=other, session=meeting.session, meeting=meeting, reason=reason)


def cancel_meeting(*, actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel a scheduled meeting (either participant, the organisers, admins); frees the slot and table.

    The row stays with status cancelled and SEQUENCE + 1 so calendars drop the entry.
    """
    reason = (reason or "").strip()
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    with transaction.atomic():
        meeting = _lock(meeting)
        if not can_cancel_meeting(actor, meeting):
            raise PermissionDenied(_("You may not cancel this meeting."))
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ValidationError(_("This meeting is already cancelled."))
        booking.release(meeting)
        meeting.status = MeetingStatus.CANCELLED
        meeting.cancelled_reason = reason
        meeting.sequence += 1
        meeting.save()
        log_action("meetings.meeting.cancelled", actor=actor, target=meeting, reason=reason)
        _tell_participants(meeting, actor=actor, kind="meetings.meeting.cancelled", reason=reason)
    return meeting


def reschedule_meeting(*, actor, meeting: Meeting, slot: Slot | None = None) -> Meeting:
    """Move a scheduled meeting to ``slot`` (None: the first slot both are free in).

    Participants may when the session allows rescheduling and the meeting is not pinned;
    organisers and admins always. The same checks and database guarantees as booking.
    """
    with transaction.atomic():
        meeting = _lock(meeting)
        if not can_reschedule_meeting(actor, meeting):
            raise PermissionDenied(_("You may not move this meeting."))
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ValidationError(_("A cancelled meeting cannot be moved."))
        session = meeting.session
        people = [meeting.participant_a_id, meeting.participant_b_id]
        remote = booking.is_remote_pair(session, people)
        old_slot = meeting.slot
        booking.release(meeting)
        if slot is None:
            slot = booking.first_free_slot(session, people, remote=remote, exclude=old_slot)
        if slot.pk == old_slot.pk:
            raise ValidationError({"slot": _("The meeting is already at that time.")})
        booking.check_slot(session, slot, people)
        meeting.sequence += 1
        booking.place(meeting, slot, remote=remote)
        log_action("meetings.meeting.rescheduled", actor=actor, target=meeting, old_slot=old_slot.pk, slot=slot.pk)
        _tell_participants(meeting, actor=actor, kind="meetings.meeting.rescheduled")
    return meeting


def record_meeting_outcome(*, actor, meeting: Meeting, met: bool, outcome: str = "") -> Meeting:
    """One participant says whether the meeting happened, with a one-line outcome (after it started)."""
    outcome = " ".join((outcome or "").split())
    if len(outcome) > OUTCOME_MAX:
        raise ValidationError({"outcome": _("Keep the outcome to one line (200 characters).")})
    with transaction.atomic():
        meeting = _lock(meeting)
        if not can_record_outcome(actor, meeting):
            raise PermissionDenied(_("Only the two participants can report on a meeting."))
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ValidationError(_("This meeting was cancelled."))
        if meeting.slot.start > timezone.now():
            raise ValidationError(_("You can report on the meeting once it has started."))
        if actor.pk == meeting.participant_a_id:
            meeting.a_met, meeting.a_outcome = met, outcome
        else:
            meeting.b_met, meeting.b_outcome = met, outcome
        meeting.save(update_fields=["a_met", "a_outcome", "b_met", "b_outcome", "updated_at"])
        log_action("meetings.meeting.outcome", actor=actor, target=meeting, met=met, outcome=outcome)
    return meeting
