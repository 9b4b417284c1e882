"""Following datasets and recording reuses (the value chain built on datasets)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.catalogue.models import Dataset, DatasetFollow, Reuse, ReuseKind
from scdt.catalogue.rules import can_manage_reuse, is_verified


def follow_dataset(*, user, dataset: Dataset) -> DatasetFollow:
    """Follow ``dataset``: the user is told when a harvest changes or withdraws it."""
    if not is_verified(user):
        raise PermissionDenied(_("Please confirm your e-mail address to follow datasets."))
    with transaction.atomic():
        follow, created = DatasetFollow.objects.get_or_create(user=user, dataset=dataset)
        if created:
            log_action("catalogue.dataset.followed", actor=user, target=dataset)
    return follow


def unfollow_dataset(*, user, dataset: Dataset) -> None:
    with transaction.atomic():
        if DatasetFollow.objects.filter(user=user, dataset=dataset).delete()[0]:
            log_action("catalogue.dataset.unfollowed", actor=user, target=dataset)


def _validate_reuse(title: str, kind: str, datasets) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the reuse a title.")
    elif len(title) > 200:
        errors["title"] = _("Keep the title under 200 characters.")
    if kind not in ReuseKind.values:
        errors["kind"] = _("Choose what kind of reuse this is.")
    if not datasets:
        errors["datasets"] = _("Choose at least one dataset it uses.")
    if errors:
        raise ValidationError(errors)


def create_reuse(
    *,
    actor,
    title: str,
    kind: str,
    datasets,
    description: str = "",
    url: str = "",
    organisation=None,
    opportunity_ids=(),
    is_demo: bool = False,
) -> Reuse:
    """Record a solution, application, study or service built on ``datasets`` (verified users).

    ``opportunity_ids`` link marketplace opportunities by id (the marketplace is a sibling app).
    """
    if not is_verified(actor):
        raise PermissionDenied(_("Please confirm your e-mail address before adding reuses."))
    datasets = list(datasets)
    _validate_reuse(title, kind, datasets)
    if url and not url.startswith(("http://", "https://")):
        raise ValidationError({"url": _("Enter an http or https address.")})
    with transaction.atomic():
        base = slugify(title)[:200] or "reuse"
        slug, n = base, 1
        while Reuse.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        reuse = Reuse.objects.create(
            title=title.strip(), slug=slug, kind=kind, description=description.strip()[:4000],
            url=url, organisation=organisation, created_by=actor, is_demo=is_demo,
            opportunity_ids=[int(i) for i in opportunity_ids],
        )  # fmt: skip
        reuse.datasets.set(datasets)
        log_action("catalogue.reuse.created", actor=actor, target=reuse, datasets=[d.pk for d in datasets])
    return reuse


def delete_reuse(*, actor, reuse: Reuse) -> None:
    """Remove a reuse: its creator, organisers and admins."""
    if not can_manage_reuse(actor, reuse):
        raise PermissionDenied(_("You may not remove this reuse."))
    with transaction.atomic():
        log_action("catalogue.reuse.deleted", actor=actor, target=reuse, title=reuse.title)
        reuse.delete()
