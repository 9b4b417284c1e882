"""Finish the join flow once the e-mail address is verified."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _

from scdt.accounts.signals import email_verified
from scdt.events.models import Event
from scdt.events.services import register
from scdt.messaging.services import notify

logger = logging.getLogger(__name__)


@receiver(email_verified, dispatch_uid="pages.register_first_workshop")
def register_first_workshop(sender, user, after_verify=None, **kwargs):
    """Register the workshop chosen on the join form, or tell the person why it failed."""
    event_id = (after_verify or {}).get("register_event")
    if not event_id:
        return
    event = Event.objects.filter(pk=event_id).first()
    if event is None:
        return
    try:
        register(user=user, event=event, attendance=(after_verify or {}).get("attendance", "onsite"))
    except (ValidationError, PermissionDenied) as error:
        with translation.override(user.preferred_language):
            reason = " ".join(getattr(error, "messages", [str(error)]))
            notify(
                user=user,
                kind="events.registration.failed",
                text=_("We could not register you to %(event)s: %(reason)s") % {"event": event.title, "reason": reason},
                url=f"/events/{event.slug}/",
            )
        logger.info("join registration for user %s to event %s failed: %s", user.pk, event.pk, reason)
