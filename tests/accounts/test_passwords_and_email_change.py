import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from tests.accounts.mail_links import link_path, token_of
from tests.factories import PASSWORD, UserFactory

from scdt.accounts import services
from scdt.accounts.models import User
from scdt.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-7"


class PastSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 30 * 24 * 3600)


def _reset_link_parts(mailoutbox):
    path = link_path(mailoutbox[-1], "/accounts/reset/")
    uidb64, token = path.strip("/").split("/")[-2:]
    return uidb64, token


def test_request_password_reset_mails_link_case_insensitively(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="reset.me@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email="Reset.Me@Example.org")

    assert mailoutbox[-1].to == [user.email]
    assert "/accounts/reset/" in mailoutbox[-1].body


def test_request_password_reset_unknown_email_is_silent(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email="nobody@example.org")

    assert mailoutbox == []


def test_reset_password_sets_password_and_link_works_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email=user.email)
    uidb64, token = _reset_link_parts(mailoutbox)

    services.reset_password(uidb64=uidb64, token=token, new_password=NEW_PASSWORD)

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    with pytest.raises(ValidationError) as error:
        services.reset_password(uidb64=uidb64, token=token, new_password="yet-another-phrase-99")
    assert error.value.code == "invalid"


def test_reset_password_weak_password_rejected(mailoutbox, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email=user.email)
    uidb64, token = _reset_link_parts(mailoutbox)

    with pytest.raises(ValidationError) as error:
        services.reset_password(uidb64=uidb64, token=token, new_password="password")

    assert "new_password" in error.value.message_dict


def test_reset_password_garbage_link_rejected():
    with pytest.raises(ValidationError):
        services.reset_password(uidb64="!!", token="nope", new_password=NEW_PASSWORD)


def test_change_password_requires_old_password():
    user = UserFactory()

    with pytest.raises(ValidationError) as error:
        services.change_password(user=user, old_password="wrong", new_password=NEW_PASSWORD)

    assert "old_password" in error.value.message_dict


def test_change_password_changes_password_and_audits():
    user = UserFactory()

    services.change_password(user=user, old_password=PASSWORD, new_password=NEW_PASSWORD)

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(action="accounts.user.password_changed", actor=user).exists()


def test_request_email_change_mails_link_to_new_address_and_notice_to_old(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="old@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.request_email_change(user=user, new_email="New@Example.org", password=PASSWORD)

    user.refresh_from_db()
    assert user.email == "old@example.org"
    assert user.pending_email == "new@example.org"
    confirm, notice = mailoutbox
    assert confirm.to == ["new@example.org"]
    assert "/accounts/email/confirm/" in confirm.body
    assert notice.to == ["old@example.org"]
    assert "/accounts/email/confirm/" not in notice.body


@pytest.mark.parametrize(
    ("new_email", "password", "field"),
    [
        ("fresh@example.org", "wrong-password", "password"),
        ("not-an-address", PASSWORD, "new_email"),
        ("taken@example.org", PASSWORD, "new_email"),
        ("me@example.org", PASSWORD, "new_email"),
    ],
)
def test_request_email_change_bad_input_rejected(new_email, password, field):
    UserFactory(email="taken@example.org")
    user = UserFactory(email="me@example.org")

    with pytest.raises(ValidationError) as error:
        services.request_email_change(user=user, new_email=new_email, password=password)

    assert field in error.value.message_dict
    user.refresh_from_db()
    assert user.pending_email == ""


def test_confirm_email_change_switches_address_and_marks_it_verified(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory(email="old@example.org", email_verified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_email_change(user=user, new_email="new@example.org", password=PASSWORD)
    token = token_of(link_path(mailoutbox[0], "/accounts/email/confirm/"))

    changed = services.confirm_email_change(token=token)

    assert changed.email == "new@example.org"
    assert changed.pending_email == ""
    assert changed.email_verified_at is not None
    with pytest.raises(ValidationError) as error:
        services.confirm_email_change(token=token)
    assert error.value.code == "used"


def test_confirm_email_change_superseded_link_rejected(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_email_change(user=user, new_email="first@example.org", password=PASSWORD)
        services.request_email_change(user=user, new_email="second@example.org", password=PASSWORD)
    first_token = token_of(link_path(mailoutbox[0], "/accounts/email/confirm/"))

    with pytest.raises(ValidationError) as error:
        services.confirm_email_change(token=first_token)

    assert error.value.code == "invalid"


def test_confirm_email_change_address_taken_meanwhile_rejected(
    mailoutbox, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.request_email_change(user=user, new_email="wanted@example.org", password=PASSWORD)
    UserFactory(email="wanted@example.org")
    token = token_of(link_path(mailoutbox[0], "/accounts/email/confirm/"))

    with pytest.raises(ValidationError) as error:
        services.confirm_email_change(token=token)

    assert error.value.code == "taken"


def test_confirm_email_change_expired_and_tampered_links_rejected():
    user = UserFactory()
    User.objects.filter(pk=user.pk).update(pending_email="later@example.org")
    expired = PastSigner(salt=services.EMAIL_CHANGE_SALT).sign_object(
        {"u": user.pk, "e": "later@example.org"}, compress=True
    )

    with pytest.raises(ValidationError) as expired_error:
        services.confirm_email_change(token=expired)
    with pytest.raises(ValidationError) as tampered_error:
        services.confirm_email_change(token=expired + "x")

    assert expired_error.value.code == "expired"
    assert tampered_error.value.code == "invalid"


def test_set_preferred_language_stores_known_language_only():
    user = UserFactory()

    services.set_preferred_language(user=user, language="lt")
    with pytest.raises(ValidationError):
        services.set_preferred_language(user=user, language="de")

    user.refresh_from_db()
    assert user.preferred_language == "lt"


def test_verified_timestamp_unchanged_by_password_reset(
    mailoutbox, django_capture_on_commit_callbacks
):
    verified_at = timezone.now()
    user = UserFactory(email_verified_at=verified_at)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_password_reset(email=user.email)
    uidb64, token = _reset_link_parts(mailoutbox)

    services.reset_password(uidb64=uidb64, token=token, new_password=NEW_PASSWORD)

    user.refresh_from_db()
    assert user.email_verified_at == verified_at
