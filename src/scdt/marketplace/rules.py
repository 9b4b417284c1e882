"""Who may see and change what in the marketplace (django-rules predicates).

Roles: anonymous; unverified; participant (verified); member (verified, approved profile);
owner of an opportunity; organiser (of any event series: moderates the marketplace);
admin (staff or superuser). Answers that need a query are cached on the user object so
a list page that checks every row stays constant in queries.
"""

import rules

from scdt.accounts.rules import is_admin
from scdt.directory import roles
from scdt.marketplace.models import Status


def _authenticated(user) -> bool:
    return bool(user is not None and user.is_authenticated)


# The network-wide facts come from the apps that own them (cached on the user there).
is_member = rules.predicate(roles.is_member, name="is_member")
# Organisers of any event series moderate the marketplace.
is_organiser = rules.predicate(roles.is_organiser_of_any_series, name="is_organiser")


@rules.predicate
def is_owner(user, opportunity) -> bool:
    return _authenticated(user) and opportunity is not None and opportunity.owner_id == user.pk


@rules.predicate
def is_published(user, opportunity) -> bool:
    return opportunity is not None and opportunity.status == Status.PUBLISHED


@rules.predicate
def is_editable_state(user, opportunity) -> bool:
    return opportunity is not None and opportunity.status in {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.REJECTED,
        Status.PUBLISHED,
        Status.EXPIRED,
    }


@rules.predicate
def is_submittable_state(user, opportunity) -> bool:
    return opportunity is not None and opportunity.status in {
        Status.DRAFT,
        Status.REJECTED,
        Status.EXPIRED,
    }


@rules.predicate
def is_closable_state(user, opportunity) -> bool:
    return opportunity is not None and opportunity.status in {
        Status.DRAFT,
        Status.SUBMITTED,
        Status.PUBLISHED,
        Status.REJECTED,
        Status.EXPIRED,
    }


@rules.predicate
def is_submitted(user, opportunity) -> bool:
    return opportunity is not None and opportunity.status == Status.SUBMITTED


can_moderate = is_organiser | is_admin
can_view_opportunity = is_published | is_owner | can_moderate
can_create_opportunity = is_member | is_admin
can_edit_opportunity = (is_owner & is_editable_state) | (is_admin & is_editable_state)
can_submit_opportunity = is_owner & is_submittable_state
can_close_opportunity = (is_owner | can_moderate) & is_closable_state
can_decide_opportunity = can_moderate & is_submitted
# Bookmarking and declaring interest are for members, on published rows of others.
can_bookmark = is_member & is_published
can_declare_interest = is_member & is_published & ~is_owner
can_see_contact = is_member | is_owner | can_moderate

rules.add_perm("marketplace.view_opportunity", can_view_opportunity)
rules.add_perm("marketplace.create_opportunity", can_create_opportunity)
rules.add_perm("marketplace.edit_opportunity", can_edit_opportunity)
rules.add_perm("marketplace.submit_opportunity", can_submit_opportunity)
rules.add_perm("marketplace.close_opportunity", can_close_opportunity)
rules.add_perm("marketplace.decide_opportunity", can_decide_opportunity)
rules.add_perm("marketplace.moderate", can_moderate)
rules.add_perm("marketplace.bookmark_opportunity", can_bookmark)
rules.add_perm("marketplace.declare_interest", can_declare_interest)
rules.add_perm("marketplace.see_contact", can_see_contact)
