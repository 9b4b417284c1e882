"""Organisers' management of categories and their extra fields (from the back-office)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.marketplace import rules
from scdt.marketplace.models import (
    Category,
)


def save_category(*, actor, category: Category, changed=()) -> Category:
    """Organisers and admins add or change a category (from the back-office)."""
    if not rules.can_moderate(actor):
        raise PermissionDenied(_("Only organisers manage categories."))
    with transaction.atomic():
        created = category.pk is None
        category.save()
        log_action(
            "marketplace.category.created" if created else "marketplace.category.changed",
            actor=actor,
            target=category,
            fields=sorted(changed),
        )
    return category


def save_category_fields(*, actor, category: Category, fields, deleted=()) -> None:
    """Save ``fields`` (CategoryField instances) of ``category`` and delete ``deleted``.

    Choice fields need their choices; a number range must be ordered. Values already
    stored on opportunities are kept as they are; they are checked on their next edit.
    """
    if not rules.can_moderate(actor):
        raise PermissionDenied(_("Only organisers manage categories."))
    with transaction.atomic():
        for definition in fields:
            if definition.type == "choice" and not definition.choices:
                raise ValidationError({"choices": _("A choice field needs its choices.")})
            if (
                definition.min_value is not None
                and definition.max_value is not None
                and definition.min_value > definition.max_value
            ):
                raise ValidationError({"max_value": _("The maximum is below the minimum.")})
            definition.category = category
            definition.save()
            log_action("marketplace.category_field.saved", actor=actor, target=category, key=definition.key)
        for definition in deleted:
            key = definition.key
            definition.delete()
            log_action("marketplace.category_field.deleted", actor=actor, target=category, key=key)
