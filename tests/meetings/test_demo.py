import pytest

from scdt.demo.loader import load_demo_network
from scdt.meetings.demo import SCHEDULED_NAME, load_demo_meetings
from scdt.meetings.models import MatchmakingSession, MeetingRequest, RequestStatus
from scdt.meetings.services import build_instance


@pytest.mark.django_db
def test_load_demo_meetings_prepares_a_session_for_the_scheduler():
    load_demo_network()
    assert load_demo_meetings() > 0
    session = MatchmakingSession.objects.get(name=SCHEDULED_NAME)
    assert MeetingRequest.objects.filter(session=session, status=RequestStatus.ACCEPTED).count() == 14
    data, _mapping = build_instance(session, move_existing=False)
    assert len(data["meetings"]) == 14
    assert load_demo_meetings() == 0  # idempotent
