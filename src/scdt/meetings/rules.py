"""Who may do what with matchmaking sessions, requests, meetings and scheduler runs."""

import rules

from scdt.accounts.rules import is_admin, is_verified
from scdt.events.rules import is_event_organiser


@rules.predicate
def is_session_organiser(user, session) -> bool:
    return session is not None and is_event_organiser(user, session.event)


@rules.predicate
def is_request_party(user, request) -> bool:
    return bool(
        request is not None and user.is_authenticated and user.pk in (request.requester_id, request.recipient_id)
    )


@rules.predicate
def is_request_answerer(user, request) -> bool:
    return bool(request is not None and user.is_authenticated and user.pk == request.answerer_id)


@rules.predicate
def is_requester(user, request) -> bool:
    return bool(request is not None and user.is_authenticated and user.pk == request.requester_id)


@rules.predicate
def is_meeting_participant(user, meeting) -> bool:
    return bool(meeting is not None and meeting.involves(user))


@rules.predicate
def is_meeting_organiser(user, meeting) -> bool:
    return meeting is not None and is_session_organiser(user, meeting.session)


@rules.predicate
def reschedule_allowed(user, meeting) -> bool:
    return bool(meeting is not None and meeting.session.allow_reschedule and not meeting.pinned)


can_manage_session = is_admin | is_session_organiser
can_take_part = is_verified
can_answer_request = is_verified & is_request_answerer
can_cancel_request = is_requester
can_cancel_meeting = is_meeting_participant | is_admin | is_meeting_organiser
can_reschedule_meeting = (is_meeting_participant & reschedule_allowed) | is_admin | is_meeting_organiser
can_record_outcome = is_meeting_participant

rules.add_perm("meetings.manage_session", can_manage_session)
rules.add_perm("meetings.take_part", can_take_part)
rules.add_perm("meetings.answer_request", can_answer_request)
rules.add_perm("meetings.cancel_request", can_cancel_request)
rules.add_perm("meetings.cancel_meeting", can_cancel_meeting)
rules.add_perm("meetings.reschedule_meeting", can_reschedule_meeting)
rules.add_perm("meetings.record_outcome", can_record_outcome)
