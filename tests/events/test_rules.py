import pytest
from django.contrib.auth.models import AnonymousUser
from tests.factories import EventFactory, EventSeriesFactory, RegistrationFactory, UserFactory

from scdt.events.models import RegistrationStatus

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "unverified", "participant", "owner", "organiser", "other_organiser", "admin"]

# perm -> roles allowed; anything else is refused.
EXPECTED = {
    "events.register_event": {"participant", "owner", "organiser", "other_organiser", "admin"},
    "events.manage_event": {"organiser", "admin"},
    "events.manage_series": {"organiser", "admin"},
    "events.manage_registration": {"organiser", "admin"},
    "events.cancel_registration": {"owner", "organiser", "admin"},
    "events.organise": {"organiser", "other_organiser", "admin"},
}


@pytest.fixture
def world():
    organiser = UserFactory()
    other_organiser = UserFactory()
    EventSeriesFactory(organisers=[other_organiser])
    event = EventFactory(series=EventSeriesFactory(organisers=[organiser]))
    owner = UserFactory()
    registration = RegistrationFactory(event=event, user=owner, status=RegistrationStatus.APPROVED)
    users = {
        "anonymous": AnonymousUser(),
        "unverified": UserFactory(email_verified_at=None),
        "participant": UserFactory(),
        "owner": owner,
        "organiser": organiser,
        "other_organiser": other_organiser,
        "admin": UserFactory(is_staff=True),
    }
    objects = {
        "events.register_event": event,
        "events.manage_event": event,
        "events.manage_series": event.series,
        "events.manage_registration": registration,
        "events.cancel_registration": registration,
        "events.organise": None,
    }
    return users, objects


@pytest.mark.parametrize("perm", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_events_permissions_table(world, perm, role):
    users, objects = world

    allowed = users[role].has_perm(perm, objects[perm])

    assert allowed == (role in EXPECTED[perm]), f"{role} {perm}"
