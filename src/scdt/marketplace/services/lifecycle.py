"""Moving opportunities through their states: submit, approve, reject, close, expire."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.marketplace import rules
from scdt.marketplace.models import (
    Opportunity,
    SeriesMarketplacePolicy,
    Status,
)
from scdt.marketplace.services.editing import auto_approves, lock_opportunity, opportunity_path
from scdt.messaging.services import notify, send_templated_email

WARNING_DAYS = 7


def submit_opportunity(*, actor, opportunity: Opportunity) -> Opportunity:
    """Owner sends a draft (or a rejected or expired one) to moderation.

    Published at once when its series auto-approves. The expiry date must still be ahead.
    """
    with transaction.atomic():
        opportunity = lock_opportunity(opportunity)
        if not rules.can_submit_opportunity(actor, opportunity):
            raise PermissionDenied(_("You may not submit this opportunity now."))
        if opportunity.expires_on <= timezone.localdate():
            raise ValidationError({"expires_on": _("Set an expiry date in the future first.")})
        now = timezone.now()
        opportunity.submitted_at, opportunity.rejection_reason = now, ""
        if auto_approves(opportunity):
            _publish(opportunity, now=now, decided_by=None)
            log_action("marketplace.opportunity.auto_approved", actor=actor, target=opportunity)
        else:
            opportunity.status = Status.SUBMITTED
            opportunity.save()
            log_action("marketplace.opportunity.submitted", actor=actor, target=opportunity)
    return opportunity


def _publish(opportunity: Opportunity, *, now, decided_by) -> None:
    opportunity.status = Status.PUBLISHED
    opportunity.published_at = opportunity.published_at or now
    opportunity.decided_by = decided_by
    opportunity.expiry_warned_at = None
    opportunity.save()


def approve_opportunity(*, actor, opportunity: Opportunity, tell_owner: bool = True) -> Opportunity:
    """A moderator (organiser or admin) publishes a submitted opportunity.

    The owner is told in-app and by e-mail unless ``tell_owner`` is False (demo data).
    """
    with transaction.atomic():
        opportunity = lock_opportunity(opportunity)
        if not rules.can_decide_opportunity(actor, opportunity):
            raise PermissionDenied(_("Only organisers decide on submitted opportunities."))
        _publish(opportunity, now=timezone.now(), decided_by=actor)
        log_action("marketplace.opportunity.approved", actor=actor, target=opportunity)
        if not tell_owner:
            return opportunity
        notify(
            user=opportunity.owner,
            kind="marketplace.approved",
            text=_("Your opportunity “%(title)s” is published.") % {"title": opportunity.title},
            url=opportunity_path(opportunity),
        )
        mail_owner(opportunity, "approved")
    return opportunity


def reject_opportunity(*, actor, opportunity: Opportunity, reason: str, tell_owner: bool = True) -> Opportunity:
    """A moderator rejects a submitted opportunity; the reason (required) is mailed to the owner.

    ``tell_owner=False`` (demo data) records the decision without mail or notification.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason, so the owner can improve it.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("The reason may be at most 1000 characters long.")})
    with transaction.atomic():
        opportunity = lock_opportunity(opportunity)
        if not rules.can_decide_opportunity(actor, opportunity):
            raise PermissionDenied(_("Only organisers decide on submitted opportunities."))
        opportunity.status = Status.REJECTED
        opportunity.rejection_reason, opportunity.decided_by = reason, actor
        opportunity.save()
        log_action("marketplace.opportunity.rejected", actor=actor, target=opportunity, reason=reason)
        if not tell_owner:
            return opportunity
        notify(
            user=opportunity.owner,
            kind="marketplace.rejected",
            text=_("Your opportunity “%(title)s” was not published.") % {"title": opportunity.title},
            url=opportunity_path(opportunity),
        )
        mail_owner(opportunity, "rejected", reason=reason)
    return opportunity


def close_opportunity(*, actor, opportunity: Opportunity) -> Opportunity:
    """The owner (or a moderator) closes an opportunity: it leaves search for good."""
    with transaction.atomic():
        opportunity = lock_opportunity(opportunity)
        if not rules.can_close_opportunity(actor, opportunity):
            raise PermissionDenied(_("You may not close this opportunity."))
        opportunity.status, opportunity.closed_at = Status.CLOSED, timezone.now()
        opportunity.save()
        log_action("marketplace.opportunity.closed", actor=actor, target=opportunity)
    return opportunity


def expire_opportunities(*, today: dt.date | None = None) -> int:
    """Published opportunities whose expiry date has passed become expired. Returns how many."""
    today = today or timezone.localdate()
    count = 0
    due = Opportunity.objects.filter(status=Status.PUBLISHED, expires_on__lt=today).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            opportunity = Opportunity.objects.select_for_update().select_related("owner").get(pk=pk)
            if opportunity.status != Status.PUBLISHED or opportunity.expires_on >= today:
                continue
            opportunity.status = Status.EXPIRED
            opportunity.save()
            log_action("marketplace.opportunity.expired", actor=None, target=opportunity)
            notify(
                user=opportunity.owner,
                kind="marketplace.expired",
                text=_("Your opportunity “%(title)s” has expired.") % {"title": opportunity.title},
                url=opportunity_path(opportunity),
            )
            count += 1
    return count


def warn_expiring_opportunities(*, today: dt.date | None = None) -> int:
    """Mail owners once when a published opportunity expires within a week. Returns how many."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=WARNING_DAYS)
    due = Opportunity.objects.filter(
        status=Status.PUBLISHED,
        expiry_warned_at__isnull=True,
        expires_on__gte=today,
        expires_on__lte=horizon,
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        with transaction.atomic():
            opportunity = Opportunity.objects.select_for_update().select_related("owner").get(pk=pk)
            if opportunity.expiry_warned_at is not None:
                continue
            opportunity.expiry_warned_at = timezone.now()
            opportunity.save(update_fields=["expiry_warned_at"])
            log_action("marketplace.opportunity.expiry_warned", actor=None, target=opportunity)
            mail_owner(opportunity, "expiring")
            count += 1
    return count


def mail_owner(opportunity: Opportunity, template: str, **context) -> None:
    owner = opportunity.owner
    send_templated_email(
        to=owner.email,
        template=f"marketplace/email/{template}",
        context={
            "opportunity": opportunity,
            "user": owner,
            "opportunity_path": opportunity_path(opportunity),
            **context,
        },
        language=owner.preferred_language,
    )


def set_series_policy(*, actor, series, auto_approve_opportunities: bool) -> SeriesMarketplacePolicy:
    """Organisers of ``series`` (or admins) switch auto-approval of its opportunities."""
    if not (rules.is_admin(actor) or series.organisers.filter(pk=actor.pk).exists()):
        raise PermissionDenied(_("Only the organisers of the series can change this."))
    with transaction.atomic():
        policy, _created = SeriesMarketplacePolicy.objects.select_for_update().get_or_create(series=series)
        policy.auto_approve_opportunities = auto_approve_opportunities
        policy.save()
        log_action(
            "marketplace.series_policy.changed",
            actor=actor,
            target=policy,
            auto_approve_opportunities=auto_approve_opportunities,
        )
    return policy
