"""API authentication: personal bearer tokens, or the browser session."""

import hashlib

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from scdt.accounts.models import ApiToken


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal API token."""

    def authenticate(self, request, token):
        try:
            api_token = ApiToken.objects.select_related("user").get(
                digest=token_digest(token), revoked_at__isnull=True, user__is_active=True
            )
        except ApiToken.DoesNotExist:
            return None
        now = timezone.now()
        # Recording every use would turn each read into a write; a minute's precision is enough.
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


class VerifiedSessionAuth(SessionAuth):
    """The logged-in browser session (CSRF-protected for unsafe methods)."""


API_AUTH = [TokenAuth(), VerifiedSessionAuth()]
