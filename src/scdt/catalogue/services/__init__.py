"""Every change to the catalogue goes through these services (see each module)."""

from scdt.catalogue.services.engagement import (
    create_reuse,
    delete_reuse,
    follow_dataset,
    unfollow_dataset,
)
from scdt.catalogue.services.harvest import (
    create_harvest_source,
    run_harvest,
    sources_due,
    update_harvest_source,
)
from scdt.catalogue.services.requests import (
    acknowledge_request,
    comment_on_request,
    decline_request,
    file_data_request,
    follow_request,
    fulfil_request,
    merge_requests,
    plan_request,
    unfollow_request,
    upvote_request,
    withdraw_vote,
)

__all__ = [
    "acknowledge_request",
    "comment_on_request",
    "create_harvest_source",
    "create_reuse",
    "decline_request",
    "delete_reuse",
    "file_data_request",
    "follow_dataset",
    "follow_request",
    "fulfil_request",
    "merge_requests",
    "plan_request",
    "run_harvest",
    "sources_due",
    "unfollow_dataset",
    "unfollow_request",
    "update_harvest_source",
    "upvote_request",
    "withdraw_vote",
]
