"""Who may do what in the catalogue (django-rules predicates).

Organisers of any event series and admins run the catalogue (harvest sources, merges);
a publisher is a member of the organisation a data request is addressed to.
"""

import rules

from scdt.accounts.rules import is_admin, is_verified


@rules.predicate
def is_any_organiser(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.organised_series.exists())


@rules.predicate
def is_request_publisher(user, data_request) -> bool:
    """A member of the organisation the request is addressed to."""
    if data_request is None or not is_verified(user) or data_request.addressed_to_id is None:
        return False
    profile = getattr(user, "profile", None)
    return bool(profile and profile.organisation_id == data_request.addressed_to_id)


@rules.predicate
def is_requester(user, data_request) -> bool:
    return bool(data_request is not None and user.is_authenticated and data_request.requester_id == user.pk)


@rules.predicate
def is_reuse_creator(user, reuse) -> bool:
    return bool(reuse is not None and user.is_authenticated and reuse.created_by_id == user.pk)


can_manage_catalogue = is_admin | is_any_organiser
can_answer_request = can_manage_catalogue | is_request_publisher
can_edit_request = can_manage_catalogue | (is_verified & is_requester)
can_manage_reuse = can_manage_catalogue | (is_verified & is_reuse_creator)

rules.add_perm("catalogue.manage_sources", can_manage_catalogue)
rules.add_perm("catalogue.follow", is_verified)
rules.add_perm("catalogue.file_request", is_verified)
rules.add_perm("catalogue.vote_request", is_verified)
rules.add_perm("catalogue.comment_request", is_verified)
rules.add_perm("catalogue.answer_request", can_answer_request)
rules.add_perm("catalogue.edit_request", can_edit_request)
rules.add_perm("catalogue.merge_requests", can_manage_catalogue)
rules.add_perm("catalogue.create_reuse", is_verified)
rules.add_perm("catalogue.manage_reuse", can_manage_reuse)
