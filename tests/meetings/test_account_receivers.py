import pytest
from django.core import mail
from tests.factories import PASSWORD
from tests.meetings.world import join, make_session

from scdt.accounts.services import delete_account, export_user_data
from scdt.meetings.models import Meeting, MeetingStatus
from scdt.meetings.services import accept_meeting_request, request_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(django_capture_on_commit_callbacks):
    session = make_session()
    alice, bob = join(session), join(session)
    with django_capture_on_commit_callbacks(execute=True):
        request = request_meeting(requester=alice, recipient=bob, session=session, message="Parking data?")
        accept_meeting_request(actor=bob, request=request)
    return alice, bob


def test_export_contains_meetings_and_requests(booked):
    alice, _ = booked
    data = export_user_data(user=alice)
    assert data["meetings"]["requests"][0]["message"] == "Parking data?"
    assert data["meetings"]["meetings"][0]["status"] == MeetingStatus.SCHEDULED


def test_erasure_cancels_coming_meetings_and_tells_the_other_person(booked, django_capture_on_commit_callbacks):
    alice, bob = booked
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        delete_account(user=alice, password=PASSWORD)
    assert not Meeting.objects.filter(participant_b=bob).exists()
    assert any(bob.email in message.to for message in mail.outbox)
