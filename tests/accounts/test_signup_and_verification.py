import datetime as dt
import time

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import timezone
from tests.accounts.mail_links import PASSWORD, token_of
from tests.factories import UserFactory

from scdt.accounts import services
from scdt.accounts.models import User
from scdt.accounts.signals import email_verified
from scdt.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


class PastSigner(signing.TimestampSigner):
    """Signs as if it were a week ago."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 7 * 24 * 3600)


def test_sign_up_creates_unverified_user_with_lowercased_email(sign_up, mailoutbox):
    user, path = sign_up(email="Anna.Virtanen@Turku.FI", language="fi")

    assert user.email == "anna.virtanen@turku.fi"
    assert user.email_verified_at is None
    assert user.preferred_language == "fi"
    assert user.check_password(PASSWORD)
    assert mailoutbox[-1].to == ["anna.virtanen@turku.fi"]
    assert path.startswith("/accounts/verify/")
    assert AuditEntry.objects.filter(action="accounts.user.signed_up", actor=user).exists()


def test_sign_up_duplicate_email_rejected_case_insensitively():
    UserFactory(email="taken@example.org")

    with pytest.raises(ValidationError) as error:
        services.sign_up(email="TAKEN@example.org", password=PASSWORD)

    assert "email" in error.value.message_dict
    assert User.objects.filter(email__iexact="taken@example.org").count() == 1


def test_sign_up_weak_password_rejected_on_password_field():
    with pytest.raises(ValidationError) as error:
        services.sign_up(email="weak@example.org", password="12345678")

    assert "password" in error.value.message_dict
    assert not User.objects.filter(email="weak@example.org").exists()


def test_sign_up_invalid_email_and_language_rejected():
    with pytest.raises(ValidationError) as error:
        services.sign_up(email="not-an-address", password=PASSWORD, language="xx")

    assert set(error.value.message_dict) >= {"email", "language"}


def test_verify_email_sets_verified_and_sends_signal_with_after_verify(sign_up):
    received = []

    def receiver(sender, user, after_verify, **kwargs):
        received.append((user.pk, after_verify))

    email_verified.connect(receiver)
    try:
        user, path = sign_up(after_verify={"register_event": 12})
        verified = services.verify_email(token=token_of(path))
    finally:
        email_verified.disconnect(receiver)

    assert verified.pk == user.pk
    assert verified.email_verified_at is not None
    assert received == [(user.pk, {"register_event": 12})]
    assert AuditEntry.objects.filter(action="accounts.user.verified", actor=user).exists()


def test_verify_email_reused_link_says_already_used(sign_up):
    _user, path = sign_up()
    services.verify_email(token=token_of(path))

    with pytest.raises(ValidationError) as error:
        services.verify_email(token=token_of(path))

    assert error.value.code == "used"
    assert "already used" in error.value.messages[0]


def test_verify_email_tampered_link_rejected(sign_up):
    user, path = sign_up()
    token = token_of(path)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    with pytest.raises(ValidationError) as error:
        services.verify_email(token=tampered)

    assert error.value.code == "invalid"
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_verify_email_expired_link_rejected_with_resend_hint(sign_up):
    user, path = sign_up()
    payload = signing.loads(token_of(path), salt=services.VERIFY_SALT)
    expired = PastSigner(salt=services.VERIFY_SALT).sign_object(payload, compress=True)

    with pytest.raises(ValidationError) as error:
        services.verify_email(token=expired)

    assert error.value.code == "expired"
    assert "expired" in error.value.messages[0]
    user.refresh_from_db()
    assert user.email_verified_at is None


def test_verify_email_expired_by_max_age_setting(sign_up, settings):
    _user, path = sign_up()
    settings.EMAIL_VERIFICATION_MAX_AGE = 0
    time.sleep(1.1)

    with pytest.raises(ValidationError) as error:
        services.verify_email(token=token_of(path))

    assert error.value.code == "expired"


def test_verify_email_link_for_another_salt_rejected(sign_up):
    user, _path = sign_up()
    forged = signing.dumps({"u": user.pk, "e": user.email, "a": None}, salt="something-else")

    with pytest.raises(ValidationError) as error:
        services.verify_email(token=forged)

    assert error.value.code == "invalid"


def test_verify_email_link_for_old_address_rejected_after_change(sign_up):
    user, path = sign_up()
    User.objects.filter(pk=user.pk).update(email="changed@example.org")

    with pytest.raises(ValidationError) as error:
        services.verify_email(token=token_of(path))

    assert error.value.code == "invalid"


def test_send_verification_email_resend_within_a_minute_rejected(sign_up, mailoutbox):
    user, _path = sign_up()

    with pytest.raises(ValidationError) as error:
        services.send_verification_email(user=user)

    assert error.value.code == "too_soon"
    assert len(mailoutbox) == 1


def test_send_verification_email_resend_after_a_minute_sends_new_link(
    sign_up, mailoutbox, django_capture_on_commit_callbacks
):
    user, _path = sign_up()
    User.objects.filter(pk=user.pk).update(
        verification_sent_at=timezone.now() - dt.timedelta(seconds=61)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.send_verification_email(user=user, after_verify={"register_event": 3})

    assert len(mailoutbox) == 2
    assert "/accounts/verify/" in mailoutbox[-1].body


def test_send_verification_email_already_verified_rejected():
    user = UserFactory()

    with pytest.raises(ValidationError) as error:
        services.send_verification_email(user=user)

    assert error.value.code == "verified"


def test_resend_verification_for_expired_link_keeps_after_verify(
    sign_up, mailoutbox, django_capture_on_commit_callbacks
):
    user, path = sign_up(after_verify={"register_event": 5})
    payload = signing.loads(token_of(path), salt=services.VERIFY_SALT)
    expired = PastSigner(salt=services.VERIFY_SALT).sign_object(payload, compress=True)
    User.objects.filter(pk=user.pk).update(
        verification_sent_at=timezone.now() - dt.timedelta(days=7)
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.resend_verification_for_link(token=expired)

    new_token = mailoutbox[-1].body.split("/accounts/verify/")[1].split("/")[0]
    assert signing.loads(new_token, salt=services.VERIFY_SALT)["a"] == {"register_event": 5}
