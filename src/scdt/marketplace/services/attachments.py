"""Attaching files: PDF and images only, checked by their bytes, size-limited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.marketplace import content, rules
from scdt.marketplace.models import (
    Attachment,
    Opportunity,
)
from scdt.marketplace.services.editing import lock_opportunity


def add_attachment(*, actor, opportunity: Opportunity, file) -> Attachment:
    """Attach a PDF or an image (checked by its bytes; at most the configured size, 5 files)."""
    with transaction.atomic():
        opportunity = lock_opportunity(opportunity)
        if not rules.can_edit_opportunity(actor, opportunity):
            raise PermissionDenied(_("You may not change this opportunity."))
        if opportunity.attachments.count() >= 5:
            raise ValidationError({"file": _("An opportunity can have at most 5 attachments.")})
        limit = content.attachment_limit()
        if file.size > limit:
            raise ValidationError(
                {"file": _("The file is too large: at most %(size)s.") % {"size": filesizeformat(limit)}}
            )
        file.seek(0)
        data = file.read()
        content_type = content.sniff_attachment(data)
        file.seek(0)
        name = (getattr(file, "name", "") or "attachment").rsplit("/", 1)[-1][:200]
        attachment = Attachment(opportunity=opportunity, name=name, content_type=content_type, size=len(data))
        extension = {"application/pdf": "pdf"}.get(content_type, content_type.split("/")[-1])
        attachment.file.save(f"{opportunity.slug[:60]}.{extension}", file, save=False)
        attachment.save()
        log_action("marketplace.opportunity.attachment_added", actor=actor, target=opportunity, name=name)
    return attachment


def remove_attachment(*, actor, attachment: Attachment) -> None:
    with transaction.atomic():
        opportunity = lock_opportunity(attachment.opportunity)
        if not rules.can_edit_opportunity(actor, opportunity):
            raise PermissionDenied(_("You may not change this opportunity."))
        storage, path = attachment.file.storage, attachment.file.name
        attachment.delete()
        log_action(
            "marketplace.opportunity.attachment_removed",
            actor=actor,
            target=opportunity,
            name=attachment.name,
        )
        transaction.on_commit(lambda: storage.delete(path))
