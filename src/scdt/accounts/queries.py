"""Reusable reads about accounts."""

from scdt.accounts.models import ApiToken, User


def unverified_user_by_email(email: str) -> User | None:
    return User.objects.filter(
        email__iexact=(email or "").strip(), email_verified_at__isnull=True, is_active=True
    ).first()


def tokens_of(user):
    """The user's API tokens, newest first, active and revoked."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")
