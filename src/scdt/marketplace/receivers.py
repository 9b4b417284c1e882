"""The marketplace's part of "download my data"."""

from django.dispatch import receiver

from scdt.accounts.signals import collect_user_data
from scdt.marketplace.models import Bookmark, Interest, Opportunity


@receiver(collect_user_data, dispatch_uid="marketplace.collect_user_data")
def marketplace_data(sender, *, user, **kwargs):
    """The person's opportunities, bookmarks and declared interest.

    On erasure these rows go with the account (CASCADE); nothing needs anonymising.
    """
    return (
        "marketplace",
        {
            "opportunities": [
                {
                    "id": o.pk,
                    "kind": o.kind,
                    "title": o.title,
                    "description": o.description,
                    "status": o.status,
                    "created_at": o.created_at.isoformat(),
                }
                for o in Opportunity.objects.filter(owner=user).order_by("created_at")
            ],
            "bookmarks": [b.opportunity_id for b in Bookmark.objects.filter(user=user).order_by("created_at")],
            "interest": [
                {"opportunity": i.opportunity_id, "message": i.message, "created_at": i.created_at.isoformat()}
                for i in Interest.objects.filter(user=user).order_by("created_at")
            ],
        },
    )
