"""Every change to opportunities, bookmarks and interest (one module per concern).

Lifecycle: draft → submitted → published | rejected; published → closed | expired. Owners
submit (again) from draft, rejected and expired; a series whose policy auto-approves skips
moderation. Each service runs in one transaction, checks the rules, writes the audit log
(``marketplace.<thing>.<verb>``) and mails after commit.
"""

from scdt.marketplace.services.attachments import add_attachment, remove_attachment
from scdt.marketplace.services.categories import save_category, save_category_fields
from scdt.marketplace.services.editing import (
    EDITABLE_FIELDS,
    create_opportunity,
    max_created_per_hour,
    opportunity_path,
    update_opportunity,
)
from scdt.marketplace.services.engagement import (
    bookmark_opportunity,
    declare_interest,
    remove_bookmark,
)
from scdt.marketplace.services.lifecycle import (
    approve_opportunity,
    close_opportunity,
    expire_opportunities,
    reject_opportunity,
    set_series_policy,
    submit_opportunity,
    warn_expiring_opportunities,
)

__all__ = [
    "EDITABLE_FIELDS",
    "add_attachment",
    "approve_opportunity",
    "bookmark_opportunity",
    "close_opportunity",
    "create_opportunity",
    "declare_interest",
    "expire_opportunities",
    "max_created_per_hour",
    "opportunity_path",
    "reject_opportunity",
    "remove_attachment",
    "remove_bookmark",
    "save_category",
    "save_category_fields",
    "set_series_policy",
    "submit_opportunity",
    "update_opportunity",
    "warn_expiring_opportunities",
]
