"""Who may see and change what in the directory.

Predicates take the acting user first; object predicates take the object second.
"""

import rules

from scdt.directory import roles
from scdt.directory.models import MembershipStatus, Visibility

is_admin = rules.predicate(roles.is_admin, name="is_admin")
is_verified = rules.predicate(roles.is_verified, name="is_verified")
is_member = rules.predicate(roles.is_member, name="is_member")
is_organiser_of_any_series = rules.predicate(
    roles.is_organiser_of_any_series, name="is_organiser_of_any_series"
)


@rules.predicate
def is_profile_owner(user, profile) -> bool:
    return bool(
        profile is not None and user and user.is_authenticated and profile.user_id == user.pk
    )


@rules.predicate
def can_view_profile(user, profile) -> bool:
    """Public → anyone; members-only → members, organisers, admins; hidden → owner and admins.

    A profile that is not approved (pending, rejected) is seen only by its owner,
    organisers and admins, whatever its visibility. An inactive account shows nowhere
    except to admins. queries.visible_profiles applies the same rule to approved rows.
    """
    if profile is None:
        return False
    if roles.is_admin(user) or is_profile_owner(user, profile):
        return True
    if not profile.user.is_active:
        return False
    if profile.status != MembershipStatus.APPROVED:
        return roles.is_organiser_of_any_series(user)
    if profile.visibility == Visibility.PUBLIC:
        return True
    if profile.visibility == Visibility.MEMBERS:
        return roles.is_member(user) or roles.is_organiser_of_any_series(user)
    return False


can_edit_profile = is_profile_owner | is_admin


@rules.predicate
def is_organisation_member(user, organisation) -> bool:
    """Its creator, or an approved member whose profile names it.

    Approval matters: anybody may pick any organisation on their profile, and only a
    person the organisers approved should be able to change what that organisation says.
    """
    if organisation is None or not (user and user.is_authenticated):
        return False
    if organisation.created_by_id == user.pk:
        return True
    profile = roles.own_profile(user)
    return (
        profile is not None
        and profile.organisation_id == organisation.pk
        and profile.status == MembershipStatus.APPROVED
    )


can_edit_organisation = is_organisation_member | is_admin
can_approve_members = is_organiser_of_any_series | is_admin

rules.add_perm("directory.view_profile", can_view_profile)
rules.add_perm("directory.edit_profile", can_edit_profile)
rules.add_perm("directory.edit_organisation", can_edit_organisation)
rules.add_perm("directory.approve_members", can_approve_members)
