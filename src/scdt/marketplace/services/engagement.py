"""Members engaging with published opportunities: bookmarks and declared interest."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.marketplace import rules
from scdt.marketplace.models import (
    Bookmark,
    Interest,
    Opportunity,
)
from scdt.marketplace.services.editing import opportunity_path
from scdt.marketplace.services.lifecycle import mail_owner
from scdt.messaging.services import notify


def bookmark_opportunity(*, actor, opportunity: Opportunity) -> Bookmark:
    """A member bookmarks a published opportunity (idempotent)."""
    if not rules.can_bookmark(actor, opportunity):
        raise PermissionDenied(_("Members can bookmark published opportunities."))
    with transaction.atomic():
        bookmark, created = Bookmark.objects.get_or_create(user=actor, opportunity=opportunity)
        if created:
            log_action("marketplace.bookmark.added", actor=actor, target=opportunity)
    return bookmark


def remove_bookmark(*, actor, opportunity: Opportunity) -> bool:
    """Remove the actor's bookmark; returns whether there was one. Works in any state."""
    if not (actor and actor.is_authenticated):
        raise PermissionDenied(_("Log in first."))
    with transaction.atomic():
        deleted, _rows = Bookmark.objects.filter(user=actor, opportunity=opportunity).delete()
        if deleted:
            log_action("marketplace.bookmark.removed", actor=actor, target=opportunity)
    return bool(deleted)


def declare_interest(*, actor, opportunity: Opportunity, message: str = "") -> Interest:
    """A member says "I'm interested" in someone else's published opportunity.

    Recorded once per person (a second time is a ValidationError); the owner is mailed
    (after commit) with the member's name and message, and told in-app.
    """
    if not rules.can_declare_interest(actor, opportunity):
        raise PermissionDenied(_("Members can declare interest in published opportunities of others."))
    message = (message or "").strip()
    if len(message) > 1000:
        raise ValidationError({"message": _("The message may be at most 1000 characters long.")})
    try:
        with transaction.atomic():
            interest = Interest.objects.create(user=actor, opportunity=opportunity, message=message)
            log_action("marketplace.interest.declared", actor=actor, target=opportunity)
            owner = opportunity.owner
            notify(
                user=owner,
                kind="marketplace.interest",
                text=_("%(name)s is interested in “%(title)s”.")
                % {"name": actor.display_name, "title": opportunity.title},
                url=opportunity_path(opportunity),
            )
            mail_owner(opportunity, "interest", interested=actor, message=message)
    except IntegrityError:
        raise ValidationError(_("You have already declared interest in this opportunity.")) from None
    return interest
