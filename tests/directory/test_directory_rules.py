import pytest
from django.contrib.auth.models import AnonymousUser
from tests.factories import EventSeriesFactory, OrganisationFactory, ProfileFactory, UserFactory

from scdt.directory.models import MembershipStatus, Visibility
from scdt.directory.queries import visible_profiles
from scdt.directory.rules import (
    can_approve_members,
    can_edit_organisation,
    can_edit_profile,
    can_view_profile,
)

pytestmark = pytest.mark.django_db


def make_viewer(role, target):
    if role == "anonymous":
        return AnonymousUser()
    if role == "owner":
        return target.user
    if role == "unverified":
        return ProfileFactory(user=UserFactory(email_verified_at=None)).user
    if role == "no_profile":
        return UserFactory()
    if role == "pending":
        return ProfileFactory(status=MembershipStatus.PENDING).user
    if role == "member":
        return ProfileFactory().user
    if role == "organiser":
        user = UserFactory()
        EventSeriesFactory(organisers=[user])
        return user
    if role == "admin":
        return UserFactory(is_staff=True)
    raise AssertionError(role)


ROLES = [
    "anonymous",
    "unverified",
    "no_profile",
    "pending",
    "member",
    "organiser",
    "admin",
    "owner",
]

# (status, visibility) -> roles that may see the profile
MATRIX = {
    ("approved", "public"): set(ROLES),
    ("approved", "members"): {"member", "organiser", "admin", "owner"},
    ("approved", "hidden"): {"admin", "owner"},
    ("pending", "public"): {"organiser", "admin", "owner"},
    ("pending", "members"): {"organiser", "admin", "owner"},
    ("rejected", "public"): {"organiser", "admin", "owner"},
    # Organisers review every profile that is not approved, hidden or not.
    ("pending", "hidden"): {"organiser", "admin", "owner"},
    ("rejected", "hidden"): {"organiser", "admin", "owner"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("status", "visibility"), list(MATRIX))
def test_can_view_profile_matrix(role, status, visibility):
    target = ProfileFactory(status=status, visibility=visibility)
    viewer = make_viewer(role, target)

    allowed = can_view_profile(viewer, target)

    assert allowed is (role in MATRIX[(status, visibility)])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("visibility", [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.HIDDEN])
def test_visible_profiles_agrees_with_can_view_profile(role, visibility):
    target = ProfileFactory(visibility=visibility)
    viewer = make_viewer(role, target)

    listed = visible_profiles(viewer).filter(pk=target.pk).exists()

    assert listed is can_view_profile(viewer, target)


def test_can_view_profile_inactive_account_hidden_from_members():
    target = ProfileFactory(visibility=Visibility.PUBLIC, user=UserFactory(is_active=False))

    assert not can_view_profile(ProfileFactory().user, target)
    assert not visible_profiles(AnonymousUser()).filter(pk=target.pk).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("member", False),
        ("owner", True),
        ("admin", True),
        ("organiser", False),
    ],
)
def test_can_edit_profile_roles(role, expected):
    target = ProfileFactory()

    assert can_edit_profile(make_viewer(role, target), target) is expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", False),
        ("member", False),
        ("pending", False),
        ("organiser", True),
        ("admin", True),
        ("unverified", False),
    ],
)
def test_can_approve_members_roles(role, expected):
    assert can_approve_members(make_viewer(role, ProfileFactory())) is expected


def test_can_edit_organisation_creator_approved_member_admin_only():
    creator = UserFactory()
    organisation = OrganisationFactory(created_by=creator)
    approved = ProfileFactory(organisation=organisation).user
    pending = ProfileFactory(organisation=organisation, status=MembershipStatus.PENDING).user

    assert can_edit_organisation(creator, organisation)
    assert can_edit_organisation(approved, organisation)
    assert can_edit_organisation(UserFactory(is_staff=True), organisation)
    assert not can_edit_organisation(pending, organisation)
    assert not can_edit_organisation(ProfileFactory().user, organisation)
    assert not can_edit_organisation(AnonymousUser(), organisation)


def test_named_permissions_registered():
    target = ProfileFactory(visibility=Visibility.PUBLIC)
    member = ProfileFactory().user

    assert member.has_perm("directory.view_profile", target)
    assert not member.has_perm("directory.edit_profile", target)
    assert target.user.has_perm("directory.edit_profile", target)
