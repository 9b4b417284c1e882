import pytest
from django.contrib.auth.models import AnonymousUser
from tests.factories import UserFactory

from scdt.accounts import services
from scdt.accounts.rules import is_admin, is_verified

pytestmark = pytest.mark.django_db


def _role(name):
    return {
        "anonymous": AnonymousUser,
        "unverified": lambda: UserFactory(email_verified_at=None),
        "participant": UserFactory,
        "inactive": lambda: UserFactory(is_active=False),
        "staff": lambda: UserFactory(is_staff=True),
        "superuser": lambda: UserFactory(is_superuser=True, email_verified_at=None),
    }[name]()


@pytest.mark.parametrize(
    ("role", "verified", "admin", "may_create_token"),
    [
        ("anonymous", False, False, False),
        ("unverified", False, False, False),
        ("participant", True, False, True),
        ("inactive", False, False, False),
        ("staff", True, True, True),
        ("superuser", False, True, True),
    ],
)
def test_accounts_rules_by_role(role, verified, admin, may_create_token):
    user = _role(role)

    assert is_verified(user) is verified
    assert is_admin(user) is admin
    assert user.has_perm("accounts.create_api_token") is may_create_token


def test_revoke_token_permission_owner_only():
    owner, other = UserFactory(), UserFactory()
    token, _raw = services.create_api_token(user=owner, name="x")

    assert owner.has_perm("accounts.revoke_api_token", token)
    assert not other.has_perm("accounts.revoke_api_token", token)
    assert not AnonymousUser().has_perm("accounts.revoke_api_token", token)
