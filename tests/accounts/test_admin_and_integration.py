import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from tests.factories import (
    PASSWORD,
    EventFactory,
    ProfileFactory,
    RegistrationFactory,
    UserFactory,
)

from scdt.accounts import services
from scdt.accounts.models import User
from scdt.events.models import Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_user_list_and_change_pages_render(admin_client):
    user = UserFactory(email="listed@example.org")

    listing = admin_client.get(reverse("admin:accounts_user_changelist"))
    change = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert "listed@example.org" in listing.content.decode()
    assert change.status_code == 200


def test_admin_adds_user_by_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {"email": "Added@Example.org", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert User.objects.get(email="added@example.org").check_password(PASSWORD)


def test_admin_api_tokens_are_read_only(admin_client):
    token, _raw = services.create_api_token(user=UserFactory(), name="script")

    listing = admin_client.get(reverse("admin:accounts_apitoken_changelist"))
    detail = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))

    assert listing.status_code == 200
    assert detail.status_code == 200
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403


def test_openapi_documents_account_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]

    assert {"/api/v1/me", "/api/v1/me/tokens", "/api/v1/me/tokens/{token_id}"} <= set(paths)


def test_export_includes_sections_of_directory_and_events(client):
    profile = ProfileFactory()
    RegistrationFactory(user=profile.user)

    data = services.export_user_data(user=profile.user)

    assert len(data["registrations"]) == 1
    assert data["profile"]["full_name"] == profile.full_name


def test_delete_account_keeps_past_registrations_anonymous_and_drops_future_ones():
    user = ProfileFactory().user
    past_event = EventFactory(
        start=timezone.now() - dt.timedelta(days=10), end=timezone.now() - dt.timedelta(days=9)
    )
    past = RegistrationFactory(user=user, event=past_event)
    future = RegistrationFactory(user=user)

    services.delete_account(user=user, password=PASSWORD)

    assert Registration.objects.get(pk=past.pk).user is None
    assert not Registration.objects.filter(pk=future.pk).exists()
