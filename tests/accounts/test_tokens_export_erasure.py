import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from tests.factories import PASSWORD, UserFactory

from scdt.accounts import services
from scdt.accounts.authentication import token_digest
from scdt.accounts.models import ApiToken, User
from scdt.accounts.signals import collect_user_data, user_erasing
from scdt.audit.models import AuditEntry
from scdt.messaging.services import notify

pytestmark = pytest.mark.django_db


def test_create_api_token_stores_only_digest_and_prefix():
    user = UserFactory()

    token, raw = services.create_api_token(user=user, name="dashboard sync")

    assert raw.startswith("scdt_")
    assert len(raw) > 40
    assert token.prefix == raw[:10]
    assert token.digest == token_digest(raw)
    assert raw not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert AuditEntry.objects.filter(action="accounts.api_token.created", actor=user).exists()


def test_create_api_token_unverified_user_forbidden():
    user = UserFactory(email_verified_at=None)

    with pytest.raises(PermissionDenied):
        services.create_api_token(user=user, name="script")


@pytest.mark.parametrize("name", ["", "   ", "x" * 101])
def test_create_api_token_bad_name_rejected(name):
    with pytest.raises(ValidationError) as error:
        services.create_api_token(user=UserFactory(), name=name)

    assert "name" in error.value.message_dict


def test_revoke_api_token_own_token_revoked_once():
    user = UserFactory()
    token, _raw = services.create_api_token(user=user, name="script")

    services.revoke_api_token(user=user, token_id=token.pk)
    again = services.revoke_api_token(user=user, token_id=token.pk)

    assert again.revoked_at is not None
    assert AuditEntry.objects.filter(action="accounts.api_token.revoked").count() == 1


def test_revoke_api_token_of_another_user_forbidden():
    token, _raw = services.create_api_token(user=UserFactory(), name="theirs")

    with pytest.raises(PermissionDenied):
        services.revoke_api_token(user=UserFactory(), token_id=token.pk)

    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_api_token_unknown_id_not_found():
    with pytest.raises(Http404):
        services.revoke_api_token(user=UserFactory(), token_id=999_999)


def test_export_user_data_has_account_tokens_notifications_and_other_apps_sections():
    user = UserFactory(email="me@example.org", preferred_language="pl")
    services.create_api_token(user=user, name="script")
    notify(user=user, kind="test", text="Hello")

    def receiver(sender, user, **kwargs):
        return ("test_section", {"user_id": user.pk})

    collect_user_data.connect(receiver)
    try:
        data = services.export_user_data(user=user)
    finally:
        collect_user_data.disconnect(receiver)

    assert data["account"]["email"] == "me@example.org"
    assert data["account"]["preferred_language"] == "pl"
    assert data["api_tokens"][0]["name"] == "script"
    assert "digest" not in data["api_tokens"][0]
    assert data["notifications"][0]["text"] == "Hello"
    assert data["test_section"] == {"user_id": user.pk}
    assert {"action": "accounts.api_token.created"}.items() <= data["activity"][0].items()
    json.dumps(data)  # serialisable without a custom encoder


def test_delete_account_wrong_password_keeps_everything():
    user = UserFactory()

    with pytest.raises(ValidationError) as error:
        services.delete_account(user=user, password="wrong")

    assert "password" in error.value.message_dict
    assert User.objects.filter(pk=user.pk).exists()


def test_delete_account_erases_user_and_leaves_audit_without_personal_data():
    user = UserFactory(email="leaving@example.org")
    user_pk = user.pk
    services.create_api_token(user=user, name="script")
    notify(user=user, kind="test", text="Hello")
    seen = []

    def receiver(sender, user, **kwargs):
        seen.append(user.pk)

    user_erasing.connect(receiver)
    try:
        services.delete_account(user=user, password=PASSWORD)
    finally:
        user_erasing.disconnect(receiver)

    assert seen == [user_pk]
    assert not User.objects.filter(pk=user_pk).exists()
    assert not ApiToken.objects.filter(user_id=user_pk).exists()
    erased = AuditEntry.objects.get(action="accounts.user.erased")
    assert erased.actor is None
    assert "leaving@example.org" not in json.dumps(list(AuditEntry.objects.values()), default=str)
    assert not AuditEntry.objects.filter(actor_id=user_pk).exists()


def test_delete_account_receiver_failure_rolls_back():
    user = UserFactory()

    def receiver(sender, user, **kwargs):
        raise RuntimeError("cannot anonymise")

    user_erasing.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            services.delete_account(user=user, password=PASSWORD)
    finally:
        user_erasing.disconnect(receiver)

    assert User.objects.filter(pk=user.pk).exists()
    assert not AuditEntry.objects.filter(action="accounts.user.erased").exists()
