"""Who may do what with a session, its requests, meetings and scheduler runs: one table.

Roles as in tests/test_permissions.py; "owner" is the requester of the request and a
participant of the meeting; "recipient" answers the request. Cells are HTTP statuses.
"""

import pytest
from django.test import Client
from tests.factories import ProfileFactory, UserFactory
from tests.meetings.world import join, make_session

from scdt.events.models import EventSeries
from scdt.meetings.models import Meeting, SchedulerRun
from scdt.meetings.services import accept_meeting_request, request_meeting

ROLES = ["anonymous", "unverified", "participant", "owner", "recipient", "other_organiser", "organiser", "admin"]


class World:
    def __init__(self):
        self.session = make_session()
        self.organiser = self.session.event.series.organisers.first()
        self.owner, self.recipient, third = join(self.session), join(self.session), join(self.session)
        accept_meeting_request(
            actor=third, request=request_meeting(requester=self.owner, recipient=third, session=self.session)
        )
        self.meeting = Meeting.objects.get()
        self.request = request_meeting(requester=self.owner, recipient=self.recipient, session=self.session)
        self.run = SchedulerRun.objects.create(session=self.session, status="failed")
        other = ProfileFactory().user
        EventSeries.objects.create(title="Other", slug="other-series").organisers.add(other)
        self.users = {
            "unverified": ProfileFactory(user=UserFactory(email_verified_at=None)).user,
            "participant": ProfileFactory().user,
            "owner": self.owner,
            "recipient": self.recipient,
            "other_organiser": other,
            "organiser": self.organiser,
            "admin": UserFactory(is_staff=True, is_superuser=True),
        }

    def client_for(self, role):
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client

    def fill(self, path):
        return path.format(session=self.session.pk, request=self.request.uid, meeting=self.meeting.uid, run=self.run.pk)


def row(label, method, path, expected, data=None):
    return (label, method, path, dict(zip(ROLES, expected, strict=True)), data)


#          anonymous unverified participant owner recipient other_org organiser admin
TABLE = [
    row("session page", "get", "/meetings/sessions/{session}/", [200, 200, 200, 200, 200, 200, 200, 200]),
    row("my schedule", "get", "/meetings/sessions/{session}/my-schedule/", [302, 200, 200, 200, 200, 200, 200, 200]),
    row("organise session", "get", "/organise/meetings/{session}/", [302, 403, 403, 403, 403, 403, 200, 200]),
    row("edit session", "get", "/organise/meetings/{session}/edit/", [302, 403, 403, 403, 403, 403, 200, 200]),
    row("print tables", "get", "/organise/meetings/{session}/print/tables/", [302, 403, 403, 403, 403, 403, 200, 200]),
    row("print slots", "get", "/organise/meetings/{session}/print/slots/", [302, 403, 403, 403, 403, 403, 200, 200]),
    row("run page", "get", "/organise/meetings/runs/{run}/", [302, 403, 403, 403, 403, 403, 200, 200]),
    # Someone else's request does not exist for the caller (404); a party without the turn is refused (302 + message).
    row("accept", "post", "/meetings/requests/{request}/accept/", [302, 404, 404, 302, 302, 404, 404, 404]),
    row("withdraw", "post", "/meetings/requests/{request}/cancel/", [302, 404, 404, 302, 302, 404, 404, 404]),
    row("cancel meeting", "post", "/meetings/{meeting}/cancel/", [302, 404, 404, 302, 404, 404, 302, 302]),
    row(
        "api runs",
        "get",
        "/api/v1/meetings/sessions/{session}/scheduler-runs",
        [401, 403, 403, 403, 403, 403, 200, 200],
    ),
    row("api run", "get", "/api/v1/meetings/scheduler-runs/{run}", [401, 403, 403, 403, 403, 403, 200, 200]),
    row(
        "api accept",
        "post",
        "/api/v1/me/meeting-requests/{request}/accept",
        [401, 404, 404, 403, 200, 404, 404, 404],
        {},
    ),
    row(
        "api withdraw", "post", "/api/v1/me/meeting-requests/{request}/cancel", [401, 404, 404, 200, 403, 404, 404, 404]
    ),
    row("api my meetings", "get", "/api/v1/me/meetings", [401, 200, 200, 200, 200, 200, 200, 200]),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "role", "status", "data"),
    [
        pytest.param(method, path, role, expected[role], data, id=f"{label}-{role}")
        for label, method, path, expected, data in TABLE
        for role in ROLES
    ],
)
def test_meetings_permission(method, path, role, status, data):
    world = World()
    client = world.client_for(role)
    url = world.fill(path)
    if path.startswith("/api/") and method == "post":
        response = client.post(url, data or {}, content_type="application/json")
    else:
        response = getattr(client, method)(url)
    assert response.status_code == status, response.content[:300]
