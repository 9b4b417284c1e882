"""Every change to matchmaking sessions, requests, meetings and schedules (one transaction each).

Split by concern: ``sessions`` (configuration, opting in, availability, pinning),
``requests`` (the request state machine), ``meetings`` (cancel, reschedule, outcome),
``scheduler`` (organiser runs, drafts, publishing); ``booking`` and ``notices`` are the
shared mechanics. Callers import the services from here.
"""

from scdt.meetings.services.meetings import cancel_meeting, record_meeting_outcome, reschedule_meeting
from scdt.meetings.services.requests import (
    accept_meeting_request,
    cancel_meeting_request,
    decline_meeting_request,
    expire_meeting_requests,
    propose_meeting_slot,
    request_meeting,
)
from scdt.meetings.services.scheduler import (
    build_instance,
    discard_scheduler_run,
    publish_scheduler_run,
    run_scheduler,
    start_scheduler_run,
)
from scdt.meetings.services.sessions import (
    configure_session,
    join_session,
    leave_session,
    set_meeting_pinned,
    set_unavailability,
)

__all__ = [
    "accept_meeting_request",
    "build_instance",
    "cancel_meeting",
    "cancel_meeting_request",
    "configure_session",
    "decline_meeting_request",
    "discard_scheduler_run",
    "expire_meeting_requests",
    "join_session",
    "leave_session",
    "propose_meeting_slot",
    "publish_scheduler_run",
    "record_meeting_outcome",
    "request_meeting",
    "reschedule_meeting",
    "run_scheduler",
    "set_meeting_pinned",
    "set_unavailability",
    "start_scheduler_run",
]
