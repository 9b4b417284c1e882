import pytest
from django.urls import reverse
from tests.factories import PASSWORD, EventFactory, UserFactory

from scdt.events import services
from scdt.events.models import RegistrationStatus

pytestmark = pytest.mark.django_db


def test_admin_approve_action_uses_service(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    event = EventFactory(requires_approval=True)
    registrations = [services.register(user=UserFactory(), event=event) for _ in range(2)]
    assert client.login(username=admin.email, password=PASSWORD)

    response = client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "approve_selected", "_selected_action": [r.pk for r in registrations]},
    )

    assert response.status_code == 302
    assert set(event.registrations.values_list("status", flat=True)) == {
        RegistrationStatus.APPROVED
    }


@pytest.mark.parametrize("model", ["eventseries", "event", "registration"])
def test_admin_changelists_render(client, model):
    admin = UserFactory(is_staff=True, is_superuser=True)
    services.register(user=UserFactory(), event=EventFactory())
    assert client.login(username=admin.email, password=PASSWORD)

    assert client.get(reverse(f"admin:events_{model}_changelist")).status_code == 200


def test_openapi_lists_event_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/events", "/api/v1/events/{slug}", "/api/v1/me/registrations"} <= set(paths)
    assert "/api/v1/me/registrations/{uid}/cancel" in paths
