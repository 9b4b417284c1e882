"""Every state change of accounts: sign-up, verification, passwords, e-mail, tokens, erasure.

Services take keyword arguments, run in one transaction, write the audit log and raise
``ValidationError`` (bad input, keyed by form field where there is one) or
``PermissionDenied``. Audit entries carry no e-mail addresses: they outlive erasure.
"""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from scdt.accounts.authentication import token_digest
from scdt.accounts.models import ApiToken, User
from scdt.accounts.signals import collect_user_data, email_verified, user_erasing
from scdt.accounts.throttling import clear_failed_logins
from scdt.audit.models import AuditEntry
from scdt.audit.services import log_action
from scdt.messaging.models import Notification
from scdt.messaging.services import send_templated_email

VERIFY_SALT = "scdt.accounts.verify-email"
EMAIL_CHANGE_SALT = "scdt.accounts.change-email"
RESEND_INTERVAL = dt.timedelta(seconds=60)
API_TOKEN_NAME_MAX_LENGTH = 100
API_TOKEN_PREFIX = "scdt_"  # noqa: S105 - a public marker, not a secret


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def _normalise_email(email: str, *, field: str) -> str:
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise ValidationError({field: _("Enter a valid e-mail address.")}) from error
    return email


def _email_taken(email: str, *, exclude_pk=None) -> bool:
    return User.objects.filter(email__iexact=email).exclude(pk=exclude_pk).exists()


def _check_password(user, password: str, *, field: str = "password") -> None:
    if not user.check_password(password or ""):
        raise ValidationError({field: _("The password is not correct.")})


def _validate_new_password(password: str, *, user, field: str) -> None:
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


# --- sign-up and verification ----------------------------------------------------------


def sign_up(
    *, email: str, password: str, language: str = "en", after_verify: dict | None = None
) -> User:
    """Create an unverified account and mail the verification link.

    ``email`` is stored lower-cased; an address already in use, an invalid password (Django's
    validators) or an unknown language raise ``ValidationError`` keyed ``email``,
    ``password`` or ``language``. ``after_verify`` (small, JSON-serialisable) travels in the
    link and comes back in the ``email_verified`` signal.
    """
    errors: dict[str, list] = {}
    try:
        email = _normalise_email(email, field="email")
    except ValidationError as error:
        errors.update(error.message_dict)
    else:
        if _email_taken(email):
            errors["email"] = [
                _(
                    "An account with this e-mail address already exists. "
                    "Log in or reset your password."
                )
            ]
    if language not in _language_codes():
        errors["language"] = [_("Choose one of the offered languages.")]
    try:
        password_validation.validate_password(password, user=User(email=email))
    except ValidationError as error:
        errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)

    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, preferred_language=language)
        log_action("accounts.user.signed_up", actor=user, target=user, language=language)
        send_verification_email(user=user, after_verify=after_verify)
    return user


def send_verification_email(*, user, after_verify: dict | None = None) -> None:
    """Mail ``user`` a signed link that verifies their current address (also "resend").

    At most one link per ``RESEND_INTERVAL`` per user, and none once verified: both raise
    ``ValidationError``. The link is valid ``settings.EMAIL_VERIFICATION_MAX_AGE`` seconds.
    """
    with transaction.atomic():
        # Lock the row so two quick clicks cannot both pass the rate limit.
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email_verified_at is not None:
            raise ValidationError(_("Your e-mail address is already verified."), code="verified")
        now = timezone.now()
        if user.verification_sent_at and now - user.verification_sent_at < RESEND_INTERVAL:
            raise ValidationError(
                _("We just sent you a link. Please wait a minute before asking for another one."),
                code="too_soon",
            )
        token = signing.dumps(
            {"u": user.pk, "e": user.email, "a": after_verify}, salt=VERIFY_SALT, compress=True
        )
        user.verification_sent_at = now
        user.save(update_fields=["verification_sent_at"])
        log_action("accounts.user.verification_sent", actor=user, target=user)
        send_templated_email(
            to=user.email,
            template="accounts/email/verify",
            context={
                "user": user,
                "email": user.email,
                "link": _absolute(reverse("accounts:verify", args=[token])),
                "valid_days": max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 86400),
            },
            language=user.preferred_language,
        )


def _read_verification_token(token: str, *, max_age) -> dict:
    try:
        payload = signing.loads(token, salt=VERIFY_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This link has expired. Ask for a new one and use it within a few days."),
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(
            _("This link is not valid. Check that you copied all of it, or ask for a new one."),
            code="invalid",
        ) from error
    if not isinstance(payload, dict) or "u" not in payload or "e" not in payload:
        raise ValidationError(_("This link is not valid."), code="invalid")
    return payload


def verify_email(*, token: str) -> User:
    """Verify the address a link from ``send_verification_email`` was sent to.

    Raises ``ValidationError`` with code ``expired`` (offer a resend), ``invalid``
    (tampered, unknown user, or the address changed since) or ``used`` (already verified).
    On success sets ``email_verified_at`` and sends ``email_verified``.
    """
    payload = _read_verification_token(token, max_age=settings.EMAIL_VERIFICATION_MAX_AGE)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload["u"], is_active=True).first()
        if user is None or user.email != payload["e"]:
            raise ValidationError(_("This link is no longer valid."), code="invalid")
        if user.email_verified_at is not None:
            raise ValidationError(
                _("This link was already used: your e-mail address is verified. You can log in."),
                code="used",
            )
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        log_action("accounts.user.verified", actor=user, target=user)
        email_verified.send(sender=User, user=user, after_verify=payload.get("a"))
    return user


def resend_verification_for_link(*, token: str) -> User:
    """Send a fresh verification link to the person an expired link belonged to.

    The old link's signature must be genuine (only its age is ignored), so nobody can
    trigger mail to an arbitrary account. Carries the old ``after_verify`` over.
    """
    payload = _read_verification_token(token, max_age=None)
    user = User.objects.filter(pk=payload["u"], email=payload["e"], is_active=True).first()
    if user is None:
        raise ValidationError(_("This link is no longer valid."), code="invalid")
    send_verification_email(user=user, after_verify=payload.get("a"))
    return user


# --- passwords -------------------------------------------------------------------------------


def request_password_reset(*, email: str) -> None:
    """Mail a reset link if an active account has this address; silent otherwise."""
    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is None:
        return
    with transaction.atomic():
        uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        log_action("accounts.user.password_reset_requested", actor=None, target=user)
        send_templated_email(
            to=user.email,
            template="accounts/email/password_reset",
            context={
                "user": user,
                "email": user.email,
                "link": _absolute(reverse("accounts:password_reset_confirm", args=[uidb64, token])),
                "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            },
            language=user.preferred_language,
        )


def user_for_password_reset(*, uidb64: str, token: str) -> User | None:
    """The user a reset link is for while the link is valid, else ``None`` (a read)."""
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        user = User.objects.get(pk=pk, is_active=True)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist, ValidationError):
        return None
    return user if default_token_generator.check_token(user, token) else None


def reset_password(*, uidb64: str, token: str, new_password: str) -> User:
    """Set a new password from a reset link. The link stops working once used.

    Invalid or used link: ``ValidationError`` (code ``invalid``); weak password:
    ``ValidationError`` keyed ``new_password``.
    """
    user = user_for_password_reset(uidb64=uidb64, token=token)
    if user is None:
        raise ValidationError(
            _("This password reset link is not valid or was already used. Ask for a new one."),
            code="invalid",
        )
    _validate_new_password(new_password, user=user, field="new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        log_action("accounts.user.password_reset", actor=user, target=user)
        clear_failed_logins(email=user.email)
    return user


def change_password(*, user, old_password: str, new_password: str) -> None:
    """Change the password after checking the old one (``old_password``/``new_password`` errors)."""
    _check_password(user, old_password, field="old_password")
    _validate_new_password(new_password, user=user, field="new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        log_action("accounts.user.password_changed", actor=user, target=user)


# --- e-mail address and preferences ----------------------------------------------------------


def request_email_change(*, user, new_email: str, password: str) -> None:
    """Remember ``new_email`` as pending and mail a confirmation link to it.

    The current address keeps working until the link is opened; it gets a notice. Errors:
    ``password`` (wrong), ``new_email`` (invalid, unchanged or used by another account).
    """
    _check_password(user, password)
    new_email = _normalise_email(new_email, field="new_email")
    if new_email == user.email:
        raise ValidationError({"new_email": _("This is already your e-mail address.")})
    if _email_taken(new_email, exclude_pk=user.pk):
        raise ValidationError({"new_email": _("Another account uses this e-mail address.")})
    with transaction.atomic():
        user.pending_email = new_email
        user.save(update_fields=["pending_email"])
        token = signing.dumps({"u": user.pk, "e": new_email}, salt=EMAIL_CHANGE_SALT, compress=True)
        log_action("accounts.user.email_change_requested", actor=user, target=user)
        send_templated_email(
            to=new_email,
            template="accounts/email/email_change",
            context={
                "user": user,
                "new_email": new_email,
                "link": _absolute(reverse("accounts:confirm_email_change", args=[token])),
                "valid_days": max(1, settings.EMAIL_VERIFICATION_MAX_AGE // 86400),
            },
            language=user.preferred_language,
        )
        # The old address learns of the change so a hijacked session cannot go unnoticed.
        send_templated_email(
            to=user.email,
            template="accounts/email/email_change_notice",
            context={
                "user": user,
                "new_email": new_email,
                "settings_link": _absolute(reverse("accounts:settings")),
            },
            language=user.preferred_language,
        )


def confirm_email_change(*, token: str) -> User:
    """Make the pending address the login address; it counts as verified.

    ``ValidationError`` codes: ``expired``, ``invalid`` (tampered, superseded by a later
    request), ``used`` (already confirmed), ``taken`` (another account took it meanwhile).
    """
    try:
        payload = signing.loads(
            token, salt=EMAIL_CHANGE_SALT, max_age=settings.EMAIL_VERIFICATION_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("This link has expired. Ask again for the e-mail change from your account page."),
            code="expired",
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This link is not valid."), code="invalid") from error
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=payload.get("u"), is_active=True).first()
        new_email = payload.get("e")
        if user is None:
            raise ValidationError(_("This link is not valid."), code="invalid")
        if user.email == new_email and not user.pending_email:
            raise ValidationError(
                _("This link was already used: your e-mail address was changed."), code="used"
            )
        if user.pending_email != new_email:
            raise ValidationError(
                _(
                    "This link is no longer valid: "
                    "a newer change was requested or it was cancelled."
                ),
                code="invalid",
            )
        if _email_taken(new_email, exclude_pk=user.pk):
            raise ValidationError(_("Another account now uses this e-mail address."), code="taken")
        user.email = new_email
        user.pending_email = ""
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email", "pending_email", "email_verified_at"])
        log_action("accounts.user.email_changed", actor=user, target=user)
    return user


def set_preferred_language(*, user, language: str) -> User:
    """Store the language pages and e-mails use for ``user`` (``language`` error if unknown)."""
    if language not in _language_codes():
        raise ValidationError({"preferred_language": _("Choose one of the offered languages.")})
    with transaction.atomic():
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        log_action("accounts.user.language_changed", actor=user, target=user, language=language)
    return user


# --- API tokens -------------------------------------------------------------------------------


def create_api_token(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; returns the row and the raw token (shown once, never stored).

    Needs a verified address (``PermissionDenied``); ``name`` is required (``ValidationError``).
    """
    if not user.has_perm("accounts.create_api_token"):
        raise PermissionDenied(_("Verify your e-mail address before creating API tokens."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the script that uses it.")})
    if len(name) > API_TOKEN_NAME_MAX_LENGTH:
        raise ValidationError({"name": _("Use at most 100 characters.")})
    raw = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name, prefix=raw[:10], digest=token_digest(raw)
        )
        log_action("accounts.api_token.created", actor=user, target=token, prefix=token.prefix)
    return token, raw


def revoke_api_token(*, user, token_id: int) -> ApiToken:
    """Revoke one of ``user``'s tokens (idempotent).

    Unknown id: ``Http404``; another person's token: ``PermissionDenied``.
    """
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id).first()
        if token is None:
            raise Http404
        if not user.has_perm("accounts.revoke_api_token", token):
            raise PermissionDenied(_("You can revoke only your own tokens."))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            log_action("accounts.api_token.revoked", actor=user, target=token, prefix=token.prefix)
    return token


# --- own data: export and erasure -------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_user_data(*, user) -> dict:
    """Everything the platform holds about ``user``, as a JSON-serialisable dict.

    ``account``, ``api_tokens``, ``notifications`` and ``activity`` come from here; other
    apps add sections through ``collect_user_data``.
    """
    data = {
        "format": "scdt-user-data/1",
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "pending_email": user.pending_email or None,
            "email_verified_at": _iso(user.email_verified_at),
            "preferred_language": user.preferred_language,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": _iso(t.created_at),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in ApiToken.objects.filter(user=user)
        ],
        # messaging has no export receiver of its own; notifications are the person's data.
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "url": n.url,
                "created_at": _iso(n.created_at),
                "read_at": _iso(n.read_at),
            }
            for n in Notification.objects.filter(user=user)
        ],
        "activity": [
            {"action": e.action, "at": _iso(e.created_at)}
            for e in AuditEntry.objects.filter(actor=user).only("action", "created_at")
        ],
    }
    for _receiver, response in collect_user_data.send(sender=User, user=user):
        if not response:
            continue
        section, content = response
        if section in data:
            raise ValueError(f"Two apps export a section named {section!r}.")
        data[section] = content
    with transaction.atomic():
        log_action("accounts.user.data_exported", actor=user, target=user)
    return data


def delete_account(*, user, password: str) -> None:
    """Erase the account after checking ``password`` (``ValidationError`` keyed ``password``).

    Sends ``user_erasing`` so other apps delete or anonymise their rows, then deletes the
    user; what cascades (profile, tokens, notifications) goes with it and audit entries lose
    their actor. The audit entry of the erasure holds only the former id.
    """
    _check_password(user, password)
    with transaction.atomic():
        user_id = user.pk
        user_erasing.send(sender=User, user=user)
        log_action("accounts.user.erased", actor=None, user_id=user_id)
        user.delete()
