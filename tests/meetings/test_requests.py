"""The meeting request state machine and the rules around it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from tests.factories import ProfileFactory
from tests.meetings.world import join, make_session

from scdt.directory.models import OrganisationType
from scdt.meetings.models import Meeting, MeetingRequest, MeetingStatus, RequestStatus
from scdt.meetings.services import (
    accept_meeting_request,
    cancel_meeting_request,
    decline_meeting_request,
    expire_meeting_requests,
    propose_meeting_slot,
    request_meeting,
    set_unavailability,
)
from scdt.messaging.models import Notification

pytestmark = pytest.mark.django_db


def _pair(**options):
    session = make_session(**options)
    return session, join(session), join(session)


def test_request_meeting_creates_pending_request_without_slot():
    session, anna, ben = _pair()
    request = request_meeting(requester=anna, recipient=ben, session=session, message="Hello")
    assert request.status == RequestStatus.PENDING
    assert not Meeting.objects.exists()
    assert request.expires_at <= session.booking_closes_at
    assert Notification.objects.filter(user=ben, kind="meetings.request.received").exists()


def test_request_meeting_to_oneself_is_refused():
    session, anna, _ben = _pair()
    with pytest.raises(ValidationError, match="yourself"):
        request_meeting(requester=anna, recipient=anna, session=session)


def test_request_meeting_outside_the_session_is_refused():
    session, anna, _ben = _pair()
    outsider = ProfileFactory().user
    with pytest.raises(ValidationError, match="does not take part"):
        request_meeting(requester=anna, recipient=outsider, session=session)


def test_request_meeting_by_unverified_user_is_forbidden():
    session, _anna, ben = _pair()
    anna = join(session)
    anna.email_verified_at = None
    anna.save()
    with pytest.raises(PermissionDenied):
        request_meeting(requester=anna, recipient=ben, session=session)


def test_request_meeting_twice_is_refused():
    session, anna, ben = _pair()
    request_meeting(requester=anna, recipient=ben, session=session)
    with pytest.raises(ValidationError, match="already"):
        request_meeting(requester=ben, recipient=anna, session=session)


def test_request_meeting_outside_booking_window_is_refused():
    session, anna, ben = _pair(booking_opens=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(ValidationError, match="not opened"):
        request_meeting(requester=anna, recipient=ben, session=session)


def test_request_meeting_between_types_not_paired_is_refused():
    session, anna, ben = _pair(allowed_type_pairs=[[OrganisationType.CITY, OrganisationType.COMPANY]])
    # Both are companies (the factory's default type).
    with pytest.raises(ValidationError, match="pairs other kinds"):
        request_meeting(requester=anna, recipient=ben, session=session)


def test_request_meeting_beyond_the_limit_is_refused():
    session, anna, ben = _pair(max_meetings_per_participant=1)
    carl = join(session)
    accept_meeting_request(actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session))
    with pytest.raises(ValidationError, match="most meetings"):
        request_meeting(requester=carl, recipient=anna, session=session)


def test_accept_without_slot_books_first_common_free_slot():
    session, anna, ben = _pair()
    first, second = list(session.slots.order_by("position"))[:2]
    set_unavailability(user=ben, session=session, slot_ids=[first.pk])
    request = request_meeting(requester=anna, recipient=ben, session=session)
    accept_meeting_request(actor=ben, request=request)
    meeting = Meeting.objects.get(request=request)
    assert meeting.slot == second
    assert meeting.table.number == 1
    assert meeting.seats.count() == 2
    assert MeetingRequest.objects.get(pk=request.pk).status == RequestStatus.ACCEPTED
    assert Notification.objects.filter(user=anna, kind="meetings.request.accepted").exists()


def test_accept_into_unavailable_slot_is_refused():
    session, anna, ben = _pair()
    slot = session.slots.first()
    set_unavailability(user=anna, session=session, slot_ids=[slot.pk])
    request = request_meeting(requester=anna, recipient=ben, session=session)
    with pytest.raises(ValidationError, match="not free"):
        accept_meeting_request(actor=ben, request=request, slot=slot)
    assert not Meeting.objects.exists()


def test_accept_into_taken_slot_is_refused():
    session, anna, ben = _pair()
    carl = join(session)
    slot = session.slots.first()
    accept_meeting_request(
        actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session), slot=slot
    )
    request = request_meeting(requester=carl, recipient=ben, session=session)
    with pytest.raises(ValidationError, match="not free"):
        accept_meeting_request(actor=ben, request=request, slot=slot)
    assert MeetingRequest.objects.get(pk=request.pk).status == RequestStatus.PENDING


def test_accept_by_requester_is_forbidden():
    session, anna, ben = _pair()
    request = request_meeting(requester=anna, recipient=ben, session=session)
    with pytest.raises(PermissionDenied):
        accept_meeting_request(actor=anna, request=request)


def test_accept_expired_request_is_refused():
    session, anna, ben = _pair()
    request = request_meeting(requester=anna, recipient=ben, session=session)
    MeetingRequest.objects.filter(pk=request.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="expired"):
        accept_meeting_request(actor=ben, request=request)


def test_accept_cancelled_request_is_refused():
    session, anna, ben = _pair()
    request = request_meeting(requester=anna, recipient=ben, session=session)
    cancel_meeting_request(actor=anna, request=request)
    with pytest.raises(ValidationError, match="withdrawn"):
        accept_meeting_request(actor=ben, request=request)


def test_decline_records_reason_and_tells_requester():
    session, anna, ben = _pair()
    request = request_meeting(requester=anna, recipient=ben, session=session)
    request = decline_meeting_request(actor=ben, request=request, reason="Fully booked")
    assert request.status == RequestStatus.DECLINED
    assert request.reason == "Fully booked"
    assert Notification.objects.filter(user=anna, kind="meetings.request.declined").exists()
    with pytest.raises(ValidationError, match="already been answered"):
        decline_meeting_request(actor=ben, request=request)


def test_propose_hands_the_answer_to_the_requester():
    session, anna, ben = _pair()
    slot = list(session.slots.order_by("position"))[2]
    request = request_meeting(requester=anna, recipient=ben, session=session)
    request = propose_meeting_slot(actor=ben, request=request, slot=slot)
    assert request.answerer_id == anna.pk
    with pytest.raises(PermissionDenied):
        accept_meeting_request(actor=ben, request=request)
    accept_meeting_request(actor=anna, request=request, slot=slot)
    assert Meeting.objects.get(request=request).slot == slot


def test_cancel_by_recipient_is_forbidden():
    session, anna, ben = _pair()
    request = request_meeting(requester=anna, recipient=ben, session=session)
    with pytest.raises(PermissionDenied):
        cancel_meeting_request(actor=ben, request=request)


def test_expire_meeting_requests_expires_overdue_and_tells_both():
    session, anna, ben = _pair()
    overdue = request_meeting(requester=anna, recipient=ben, session=session)
    carl = join(session)
    fresh = request_meeting(requester=carl, recipient=ben, session=session)
    MeetingRequest.objects.filter(pk=overdue.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert expire_meeting_requests() == 1
    assert MeetingRequest.objects.get(pk=overdue.pk).status == RequestStatus.EXPIRED
    assert MeetingRequest.objects.get(pk=fresh.pk).status == RequestStatus.PENDING
    assert Notification.objects.filter(kind="meetings.request.expired").count() == 2


def test_organiser_mode_accept_holds_no_slot():
    session, anna, ben = _pair(booking_mode="organiser")
    request = request_meeting(requester=anna, recipient=ben, session=session)
    with pytest.raises(ValidationError, match="organisers schedule"):
        accept_meeting_request(actor=ben, request=request, slot=session.slots.first())
    accept_meeting_request(actor=ben, request=request)
    assert MeetingRequest.objects.get(pk=request.pk).status == RequestStatus.ACCEPTED
    assert not Meeting.objects.filter(status=MeetingStatus.SCHEDULED).exists()


def test_remote_pair_meets_in_virtual_room():
    session = make_session(video_link_pattern="https://meet.jit.si/scdt-{session}-{meeting}")
    anna, ben = join(session, attendance="remote"), join(session)
    accept_meeting_request(actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session))
    meeting = Meeting.objects.get()
    assert meeting.table is None
    assert meeting.video_url.startswith(f"https://meet.jit.si/scdt-{session.pk}-")
