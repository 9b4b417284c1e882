"""What a user is in the network, answered once per request.

Both rules.py (object permissions) and queries.py (visible rows) need these facts and
must agree on them, so they live below both. Results that need a query are cached on
the user object, so a page that checks every row stays constant in queries.
"""

from django.core.exceptions import ObjectDoesNotExist

from scdt.accounts.rules import is_admin, is_verified
from scdt.directory.models import MembershipStatus

__all__ = ["is_admin", "is_member", "is_organiser_of_any_series", "is_verified", "own_profile"]

_ORGANISER_CACHE = "_directory_is_organiser"


def own_profile(user):
    if not (user and user.is_authenticated):
        return None
    try:
        return user.profile
    except ObjectDoesNotExist:
        return None


def is_member(user) -> bool:
    """A verified user whose profile is approved."""
    if not is_verified(user):
        return False
    profile = own_profile(user)  # cached by Django on the user after the first access
    return profile is not None and profile.status == MembershipStatus.APPROVED


def is_organiser_of_any_series(user) -> bool:
    if not (user and user.is_authenticated):
        return False
    if not hasattr(user, _ORGANISER_CACHE):
        setattr(user, _ORGANISER_CACHE, user.organised_series.exists())
    return getattr(user, _ORGANISER_CACHE)
