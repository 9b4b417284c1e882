"""Who may do what with accounts. Other apps import ``is_verified`` and ``is_admin``."""

import rules


@rules.predicate
def is_verified(user) -> bool:
    """Logged in with a verified e-mail address."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "email_verified_at", None) is not None
    )


@rules.predicate
def is_admin(user) -> bool:
    """Staff or superuser."""
    return bool(user is not None and user.is_authenticated and (user.is_staff or user.is_superuser))


@rules.predicate
def is_token_owner(user, token) -> bool:
    if token is None or user is None or not user.is_authenticated:
        return False
    return token.user_id == user.pk


# Tokens act for a person on the API; only confirmed addresses may mint them.
rules.add_perm("accounts.create_api_token", is_verified)
rules.add_perm("accounts.revoke_api_token", is_token_owner)
