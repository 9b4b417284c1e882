"""Who may do what: every page and API operation, for every role, in one table.

Roles: anonymous; unverified (logged in, address not verified); participant (verified member);
owner (of the objects in the world: profile, organisation, registration, token); organiser of
another series; organiser (of the event's series); admin.
Each cell is the HTTP status the role gets. 302 for pages means "sent to log in" for anonymous.
"""

import pytest
from django.test import Client
from tests.factories import (
    EventFactory,
    EventSeriesFactory,
    ProfileFactory,
    RegistrationFactory,
    UserFactory,
)

from scdt.accounts.services import create_api_token
from scdt.directory.models import MembershipStatus, Visibility

ROLES = ["anonymous", "unverified", "participant", "owner", "other_organiser", "organiser", "admin"]


class World:
    """The same small network for every cell of the table."""

    def __init__(self):
        self.organiser = ProfileFactory().user
        self.other_organiser = ProfileFactory().user
        self.admin = UserFactory(is_staff=True, is_superuser=True)
        self.owner_profile = ProfileFactory(visibility=Visibility.MEMBERS)
        self.owner = self.owner_profile.user
        self.organisation = self.owner_profile.organisation
        self.participant = ProfileFactory().user
        self.unverified = ProfileFactory(user=UserFactory(email_verified_at=None), status=MembershipStatus.PENDING).user
        series = EventSeriesFactory(organisers=[self.organiser])
        EventSeriesFactory(organisers=[self.other_organiser])
        self.event = EventFactory(series=series)
        self.registration = RegistrationFactory(event=self.event, user=self.owner)
        self.token, _ = create_api_token(user=self.owner, name="owner's token")
        self.users = {
            "unverified": self.unverified,
            "participant": self.participant,
            "owner": self.owner,
            "other_organiser": self.other_organiser,
            "organiser": self.organiser,
            "admin": self.admin,
        }

    def client_for(self, role):
        client = Client()
        if role != "anonymous":
            client.force_login(self.users[role])
        return client


def row(label, method, path, expected, data=None):
    assert len(expected) == len(ROLES), label
    return (label, method, path, dict(zip(ROLES, expected, strict=True)), data)


#            anonymous unverified participant owner other_org organiser admin
PAGES = [
    row("landing", "get", "/", [200, 200, 200, 200, 200, 200, 200]),
    row("join", "get", "/join/", [200, 302, 302, 302, 302, 302, 302]),
    row("home", "get", "/home/", [302, 200, 200, 200, 200, 200, 200]),
    row("event list", "get", "/events/", [200, 200, 200, 200, 200, 200, 200]),
    row("event page", "get", "/events/{event}/", [200, 200, 200, 200, 200, 200, 200]),
    row("event ics", "get", "/events/{event}/calendar.ics", [200, 200, 200, 200, 200, 200, 200]),
    row("agenda", "get", "/agenda/", [302, 200, 200, 200, 200, 200, 200]),
    row("private feed", "get", "/calendar/{feed_token}.ics", [200, 200, 200, 200, 200, 200, 200]),
    row("unknown feed", "get", "/calendar/nope.ics", [404, 404, 404, 404, 404, 404, 404]),
    row("organise", "get", "/organise/", [302, 403, 403, 403, 200, 200, 200]),
    row("registrations", "get", "/organise/events/{event}/registrations/", [302, 403, 403, 403, 403, 200, 200]),
    row("registrations csv", "get", "/organise/events/{event}/registrations.csv", [302, 403, 403, 403, 403, 200, 200]),
    row(
        "approve registration",
        "post",
        "/organise/registrations/{registration}/approve/",
        [302, 403, 403, 403, 403, 302, 302],
    ),
    row(
        "cancel registration",
        "post",
        "/events/registrations/{registration}/cancel/",
        [302, 403, 403, 302, 403, 302, 302],
    ),
    row("directory", "get", "/directory/", [200, 200, 200, 200, 200, 200, 200]),
    row("members-only profile", "get", "/directory/people/{profile}/", [404, 404, 200, 200, 200, 200, 200]),
    row("my profile", "get", "/directory/me/", [302, 200, 200, 200, 200, 200, 200]),
    row("organisations", "get", "/directory/organisations/", [200, 200, 200, 200, 200, 200, 200]),
    row("organisation", "get", "/directory/organisations/{organisation}/", [200, 200, 200, 200, 200, 200, 200]),
    row(
        "edit organisation", "get", "/directory/organisations/{organisation}/edit/", [302, 403, 403, 200, 403, 403, 200]
    ),
    row("pending members", "get", "/directory/manage/members/", [302, 403, 403, 403, 200, 200, 200]),
    row("account", "get", "/accounts/", [302, 200, 200, 200, 200, 200, 200]),
    row("api tokens", "get", "/accounts/tokens/", [302, 200, 200, 200, 200, 200, 200]),
    row("export", "get", "/accounts/export/", [302, 200, 200, 200, 200, 200, 200]),
    row("delete account", "get", "/accounts/delete/", [302, 200, 200, 200, 200, 200, 200]),
    row("change password", "get", "/accounts/password/", [302, 200, 200, 200, 200, 200, 200]),
    row("change e-mail", "get", "/accounts/email/", [302, 200, 200, 200, 200, 200, 200]),
    row("admin", "get", "/admin/", [302, 302, 302, 302, 302, 302, 200]),
    row("my meetings", "get", "/meetings/", [302, 200, 200, 200, 200, 200, 200]),
    row("request a meeting", "get", "/meetings/request/?to={profile}", [302, 404, 200, 200, 200, 200, 200]),
    row("event matchmaking", "get", "/organise/events/{event}/meetings/", [302, 403, 403, 403, 403, 200, 200]),
    row("demand and supply", "get", "/matching/gap/", [200, 200, 200, 200, 200, 200, 200]),
    row("demand and supply cell", "get", "/matching/gap/cell/?city=Turku&topic=mobility", [200] * 7),
    row("demand and supply bad cell", "get", "/matching/gap/cell/", [400] * 7),
    row("demand and supply csv", "get", "/matching/gap.csv", [200, 200, 200, 200, 200, 200, 200]),
    row("organiser gap", "get", "/organise/matching/", [302, 403, 403, 403, 200, 200, 200]),
    row("reassess gap", "post", "/organise/matching/reassess/", [302, 403, 403, 403, 302, 302, 302]),
    # Rating a recommendation: members' accounts only; the world has no documents, so the
    # form goes back with a message (302) for every logged-in role.
    row("rate a recommendation", "post", "/matching/feedback/", [302] * 7, {"kind": "profile", "object_id": "1"}),
]

API = [
    row("me", "get", "/api/v1/me", [401, 200, 200, 200, 200, 200, 200]),
    row("my tokens", "get", "/api/v1/me/tokens", [401, 200, 200, 200, 200, 200, 200]),
    row("create token", "post", "/api/v1/me/tokens", [401, 403, 201, 201, 201, 201, 201], {"name": "ci"}),
    row("revoke token", "delete", "/api/v1/me/tokens/{token}", [401, 403, 403, 200, 403, 403, 200]),
    row("topics", "get", "/api/v1/topics", [200, 200, 200, 200, 200, 200, 200]),
    row("organisations", "get", "/api/v1/organisations", [200, 200, 200, 200, 200, 200, 200]),
    row("organisation", "get", "/api/v1/organisations/{organisation}", [200, 200, 200, 200, 200, 200, 200]),
    row("profiles", "get", "/api/v1/profiles", [200, 200, 200, 200, 200, 200, 200]),
    row("members-only profile", "get", "/api/v1/profiles/{profile}", [404, 404, 200, 200, 200, 200, 200]),
    row("my profile", "get", "/api/v1/me/profile", [401, 200, 200, 200, 200, 200, 404]),
    row("edit my profile", "patch", "/api/v1/me/profile", [401, 200, 200, 200, 200, 200, 404], {"job_title": "Tester"}),
    row("events", "get", "/api/v1/events", [200, 200, 200, 200, 200, 200, 200]),
    row("event", "get", "/api/v1/events/{event}", [200, 200, 200, 200, 200, 200, 200]),
    row("event registrations", "get", "/api/v1/events/{event}/registrations", [401, 403, 403, 403, 403, 200, 200]),
    row("my registrations", "get", "/api/v1/me/registrations", [401, 200, 200, 200, 200, 200, 200]),
    row("matchmaking sessions", "get", "/api/v1/meetings/sessions", [200, 200, 200, 200, 200, 200, 200]),
    row("my meeting requests", "get", "/api/v1/me/meeting-requests", [401, 200, 200, 200, 200, 200, 200]),
    row("my meetings", "get", "/api/v1/me/meetings", [401, 200, 200, 200, 200, 200, 200]),
    row("my recommendations", "get", "/api/v1/recommendations/me", [401, 200, 200, 200, 200, 200, 200]),
    row("demand/supply gap", "get", "/api/v1/gap", [200, 200, 200, 200, 200, 200, 200]),
    row(
        "rate a recommendation",
        "post",
        "/api/v1/recommendations/feedback",
        [401, 400, 400, 400, 400, 400, 400],
        {"kind": "profile", "id": "{profile}", "verdict": "useful"},
    ),
    row(
        "register",
        "post",
        "/api/v1/me/registrations",
        [401, 403, 201, 400, 201, 201, 201],
        {"event": "{event}", "attendance": "onsite"},
    ),
    # A "me" operation: someone else's registration does not exist for the caller.
    row(
        "cancel registration",
        "post",
        "/api/v1/me/registrations/{registration}/cancel",
        [401, 404, 404, 200, 404, 404, 404],
    ),
]


def _fill(text, world):
    return text.format(
        event=world.event.slug,
        feed_token=world.owner.calendar_token,
        registration=world.registration.uid,
        profile=world.owner_profile.pk,
        organisation=world.organisation.slug,
        token=world.token.pk,
    )


def _cases(rows):
    return [
        pytest.param(method, path, role, expected[role], data, id=f"{label}-{role}")
        for label, method, path, expected, data in rows
        for role in ROLES
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "role", "status", "data"), _cases(PAGES))
def test_page_permission(method, path, role, status, data):
    world = World()
    response = getattr(world.client_for(role), method)(_fill(path, world), data or {})
    assert response.status_code == status
    if status == 302 and role == "anonymous" and path != "/join/":
        assert "/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "path", "role", "status", "data"), _cases(API))
def test_api_permission(method, path, role, status, data):
    world = World()
    body = {key: _fill(value, world) for key, value in (data or {}).items()}
    client = world.client_for(role)
    if method == "get":
        response = client.get(_fill(path, world))
    else:
        response = getattr(client, method)(_fill(path, world), body, content_type="application/json")
    assert response.status_code == status, response.content[:300]
    if status >= 400:
        assert set(response.json()) == {"detail", "errors"}
