"""Putting a meeting into a slot, where the database has the last word.

The services check availability first to give a clear message, but two transactions can
pass that check at the same moment. The seat rows (unique per person and slot) and the
table index (unique per slot among scheduled meetings) then let only one of them commit;
the loser's IntegrityError is caught here, inside a savepoint, and becomes a
ValidationError. A lost race for a *table* (another pair took table 1 while this one had a
free table 2) is retried with the next free table.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scdt.events.models import Attendance
from scdt.meetings import queries
from scdt.meetings.models import Meeting, MeetingSeat, SessionParticipant, Slot

TABLE_RETRIES = 3


def slot_taken_error() -> ValidationError:
    return ValidationError(
        {"slot": _("That time was just taken: one of you now has another meeting then. Choose another time.")}
    )


def is_remote_pair(session, user_ids) -> bool:
    attendances = SessionParticipant.objects.filter(session=session, user_id__in=user_ids).values_list(
        "attendance", flat=True
    )
    return any(attendance == Attendance.REMOTE for attendance in attendances)


def video_url(session, meeting: Meeting) -> str:
    if session.video_link_pattern:
        return session.video_link_pattern.format(session=session.pk, meeting=str(meeting.uid)[:8])
    return session.event.online_url


def check_slot(session, slot: Slot, user_ids, *, ignore_meeting: Meeting | None = None) -> None:
    """ValidationError unless ``slot`` is a future slot of ``session`` where all of ``user_ids`` are free."""
    if slot.session_id != session.pk:
        raise ValidationError({"slot": _("That slot is not in this session.")})
    if slot.start <= timezone.now():
        raise ValidationError({"slot": _("That slot has already started.")})
    busy = queries.busy_slot_ids(user_ids, session)
    if ignore_meeting is not None and ignore_meeting.slot_id == slot.pk:
        busy.discard(slot.pk)
    if slot.pk in busy:
        raise ValidationError({"slot": _("One of you is not free at that time. Choose another slot.")})


def first_free_slot(session, user_ids, *, remote: bool, exclude: Slot | None = None) -> Slot:
    with_table = not remote and queries.needs_table(session, user_ids)
    slots = [s for s in queries.common_free_slots(session, user_ids, with_table=with_table) if s != exclude]
    if not slots:
        raise ValidationError({"slot": _("You have no free time in common left in this session.")})
    return slots[0]


def place(meeting: Meeting, slot: Slot, *, remote: bool) -> Meeting:
    """Save ``meeting`` (new or moved) in ``slot`` with its two seats and a table or video link.

    Call inside the service's transaction, with the old seats of a moved meeting already removed.
    """
    session = meeting.session
    people = [meeting.participant_a_id, meeting.participant_b_id]
    with_table = not remote and queries.needs_table(session, people)
    for _attempt in range(TABLE_RETRIES):
        table = queries.free_table(slot) if with_table else None
        if with_table and table is None:
            raise ValidationError({"slot": _("Every table is taken at that time. Choose another slot.")})
        try:
            with transaction.atomic():
                meeting.slot = slot
                meeting.table = table
                meeting.video_url = video_url(session, meeting) if remote else ""
                meeting.save()
                MeetingSeat.objects.bulk_create(
                    [MeetingSeat(meeting=meeting, user_id=person, slot=slot) for person in people]
                )
        except IntegrityError:
            # Committed by now: the other transaction's seats are visible (read committed).
            if slot.pk in queries.busy_slot_ids(people, session):
                raise slot_taken_error() from None
            if meeting.pk is not None and not Meeting.objects.filter(pk=meeting.pk).exists():
                meeting.pk = None
        else:
            return meeting
    raise slot_taken_error()


def release(meeting: Meeting) -> None:
    MeetingSeat.objects.filter(meeting=meeting).delete()
