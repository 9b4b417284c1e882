"""Harvest sources and runs: configure a portal, harvest it, keep the report."""

import datetime as dt
import ipaddress
import itertools
import logging
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.catalogue.harvesting import INCREMENTAL_TYPES, harvester_for
from scdt.catalogue.harvesting.records import HarvestedDataset, RecordFailure, Unchanged
from scdt.catalogue.harvesting.transport import HttpTransport, private_allowed
from scdt.catalogue.models import (
    Dataset,
    DatasetFollow,
    Distribution,
    HarvestRun,
    HarvestSource,
    RunStatus,
    SourceType,
)
from scdt.catalogue.rules import can_manage_catalogue
from scdt.catalogue.signals import datasets_changed
from scdt.directory.models import Organisation
from scdt.messaging.services import notify

logger = logging.getLogger(__name__)

BATCH_SIZE = 250
MAX_REPORTED_ERRORS = 500
SOURCE_FIELDS = {
    "name",
    "type",
    "url",
    "city",
    "country",
    "default_language",
    "organisation",
    "enabled",
    "interval_hours",
}


def _check_manager(actor) -> None:
    if actor is not None and not can_manage_catalogue(actor):
        raise PermissionDenied(_("Only organisers and admins manage harvest sources."))


def _validate_source_fields(fields: dict) -> None:
    errors = {}
    if "name" in fields and not str(fields["name"]).strip():
        errors["name"] = _("Give the source a name.")
    if "type" in fields and fields["type"] not in SourceType.values:
        errors["type"] = _("Choose CKAN, DCAT or dane.gov.pl.")
    if "url" in fields:
        parts = urlsplit(str(fields["url"]))
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            errors["url"] = _("Enter an http or https address.")
        elif not private_allowed():
            try:
                literal = ipaddress.ip_address(parts.hostname)
            except ValueError:
                literal = None
            if parts.hostname == "localhost" or (literal is not None and not literal.is_global):
                errors["url"] = _("Private and loopback addresses cannot be harvested.")
    if "interval_hours" in fields and not 1 <= int(fields["interval_hours"]) <= 24 * 90:
        errors["interval_hours"] = _("Choose between 1 hour and 90 days.")
    if errors:
        raise ValidationError(errors)


def create_harvest_source(
    *,
    actor,
    name: str,
    type: str,  # noqa: A002 - the field's name
    url: str,
    city: str = "",
    country: str = "",
    default_language: str = "en",
    organisation: Organisation | None = None,
    enabled: bool = True,
    interval_hours: int = 24,
    slug: str | None = None,
    is_demo: bool = False,
) -> HarvestSource:
    """Register a portal to harvest. Organisers and admins only (``actor=None`` is the system).

    The URL must be http(s); private and loopback hosts are refused unless
    SCDT_HARVEST_ALLOW_PRIVATE=1 (names are resolved and checked again at every fetch).
    """
    _check_manager(actor)
    fields = {"name": name, "type": type, "url": url, "interval_hours": interval_hours}
    _validate_source_fields(fields)
    with transaction.atomic():
        base = slugify(slug or name)[:80] or "source"
        candidate, n = base, 1
        while HarvestSource.objects.filter(slug=candidate).exists():
            n += 1
            candidate = f"{base}-{n}"
        source = HarvestSource.objects.create(
            name=name.strip(),
            slug=candidate,
            type=type,
            url=url.strip(),
            city=city,
            country=country,
            default_language=default_language,
            organisation=organisation,
            enabled=enabled,
            interval_hours=interval_hours,
            is_demo=is_demo,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        log_action("catalogue.source.created", actor=actor, target=source, url=source.url, type=type)
    return source


def update_harvest_source(*, actor, source: HarvestSource, **fields) -> HarvestSource:
    """Change a source's settings (the fields of ``create_harvest_source`` except slug)."""
    _check_manager(actor)
    unknown = set(fields) - SOURCE_FIELDS
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))})
    _validate_source_fields(fields)
    with transaction.atomic():
        source = HarvestSource.objects.select_for_update().get(pk=source.pk)
        for key, value in fields.items():
            setattr(source, key, value)
        if "url" in fields or "type" in fields:
            source.last_modified_seen = None  # a new endpoint starts with a full harvest
        source.save()
        log_action("catalogue.source.updated", actor=actor, target=source, fields=sorted(fields))
    return source


def sources_due(now: dt.datetime | None = None) -> list[HarvestSource]:
    now = now or timezone.now()
    due = []
    for source in HarvestSource.objects.filter(enabled=True):
        last = source.last_harvested_at
        if last is None or last + dt.timedelta(hours=source.interval_hours) <= now:
            due.append(source)
    return due


def run_harvest(*, source: HarvestSource, actor=None, transport=None, full: bool = False, progress=None) -> HarvestRun:
    """Harvest ``source`` and return the finished run with its report.

    Incremental where the source type allows (CKAN, from the newest modification seen) unless
    ``full``. Idempotent: records are matched on (source, identifier) and a record whose
    content hash is unchanged is not written. Datasets missing from a *complete* listing are
    marked withdrawn (never deleted); an incomplete listing withdraws nothing and the run
    ends as failed. Every record is stored in its own savepoint and batches commit as they
    go, so one bad record is only counted and reported, and a crash keeps what was stored.
    ``progress(done, total)`` is called after each batch. Organisers/admins only when an
    actor is given (PermissionDenied).
    """
    _check_manager(actor)
    own_transport = transport is None
    transport = transport or HttpTransport()
    since = None
    if not full and source.type in INCREMENTAL_TYPES and source.last_modified_seen is not None:
        since = source.last_modified_seen
    with transaction.atomic():
        run = HarvestRun.objects.create(
            source=source,
            incremental=since is not None,
            triggered_by=actor if actor is not None and actor.is_authenticated else None,
        )
        log_action("catalogue.harvest.started", actor=actor, target=run, source=source.slug)
    try:
        _harvest(run, source, transport, since, progress)
    except Exception as exc:
        logger.exception("Harvest of %s failed", source.slug)
        run.status = RunStatus.FAILED
        run.message = f"{type(exc).__name__}: {exc}"[:2000]
    finally:
        if own_transport:
            transport.close()
    with transaction.atomic():
        run.finished_at = timezone.now()
        run.save()
        HarvestSource.objects.filter(pk=source.pk).update(last_harvested_at=run.finished_at)
        changed = list(
            Dataset.objects.filter(source=source, updated_at__gte=run.started_at).values_list("pk", flat=True)
        )
        if changed:
            datasets_changed.send(sender=Dataset, ids=changed)
        log_action(
            "catalogue.harvest.finished",
            actor=actor,
            target=run,
            source=source.slug,
            status=run.status,
            **run.report,
        )
    return run


class _Store:
    """What one run needs to know about the stored catalogue, loaded once."""

    def __init__(self, source: HarvestSource):
        self.source = source
        self.existing = {
            identifier: (pk, content_hash, withdrawn)
            for pk, identifier, content_hash, withdrawn in Dataset.objects.filter(source=source).values_list(
                "pk", "identifier", "content_hash", "withdrawn"
            )
        }
        self.slugs = set(Dataset.objects.values_list("slug", flat=True))
        self.organisations = {}
        for pk, name, slug in Organisation.objects.values_list("pk", "name", "slug"):
            self.organisations.setdefault(name.strip().lower(), pk)
            self.organisations.setdefault(slug, pk)
        self.followed = set(DatasetFollow.objects.filter(dataset__source=source).values_list("dataset_id", flat=True))
        self.seen: set[str] = set()
        self.changed_followed: list[int] = []

    def new_slug(self, record: HarvestedDataset) -> str:
        base = slugify(record.name or next(iter(record.title.values()), ""))[:80].strip("-") or "dataset"
        if base in self.slugs:
            base = f"{base}-{self.source.slug}"[:100]
        candidate, n = base, 1
        while candidate in self.slugs:
            n += 1
            candidate = f"{base}-{n}"
        self.slugs.add(candidate)
        return candidate

    def publisher_id(self, name: str) -> int | None:
        if not name:
            return self.source.organisation_id
        return self.organisations.get(name.strip().lower()) or self.organisations.get(slugify(name))


def _parse(value: str | None):
    return dt.datetime.fromisoformat(value) if value else None


def _dataset_fields(record: HarvestedDataset, store: _Store, content_hash: str, now) -> dict:
    publisher_name = record.publisher_name or (store.source.organisation.name if store.source.organisation else "")
    dataset = Dataset(
        title=record.title,
        description=record.description,
        keywords=record.keywords,
        themes=record.themes,
        hvd_category=record.hvd_category,
        publisher_id=store.publisher_id(record.publisher_name),
        publisher_name=publisher_name,
        publisher_slug=slugify(publisher_name)[:120],
        city=store.source.city,
        contact_name=record.contact_name,
        contact_email=record.contact_email,
        spatial_label=record.spatial_label,
        spatial_bbox=record.spatial_bbox,
        spatial_geometry=record.spatial_geometry,
        temporal_start=_parse(record.temporal_start).date() if record.temporal_start else None,
        temporal_end=_parse(record.temporal_end).date() if record.temporal_end else None,
        frequency=record.frequency,
        issued=_parse(record.issued),
        modified=_parse(record.modified),
        landing_page=record.landing_page,
        licence=record.licence,
        licence_text=record.licence_text,
        access_rights=record.access_rights,
        languages=record.languages,
        content_hash=content_hash,
        withdrawn=False,
        withdrawn_at=None,
        harvested_at=now,
        identifier=record.identifier,
    )
    dataset.refresh_indexes(formats=[d.format for d in record.distributions if d.format])
    names = [
        "title",
        "description",
        "keywords",
        "themes",
        "keyword_index",
        "theme_index",
        "hvd_category",
        "publisher_id",
        "publisher_name",
        "publisher_slug",
        "city",
        "contact_name",
        "contact_email",
        "spatial_label",
        "spatial_bbox",
        "spatial_geometry",
        "temporal_start",
        "temporal_end",
        "frequency",
        "issued",
        "modified",
        "landing_page",
        "licence",
        "licence_text",
        "access_rights",
        "languages",
        "content_hash",
        "search_text",
        "withdrawn",
        "withdrawn_at",
        "harvested_at",
    ]
    return {name: getattr(dataset, name) for name in names}


def _distributions(dataset_id: int, record: HarvestedDataset) -> list[Distribution]:
    return [
        Distribution(
            dataset_id=dataset_id,
            identifier=d.identifier,
            title=d.title,
            description=d.description,
            access_url=d.access_url,
            download_url=d.download_url,
            format=d.format,
            format_text=d.format_text,
            media_type=d.media_type,
            byte_size=d.byte_size,
            licence=d.licence or record.licence,
            modified=_parse(d.modified),
            position=position,
        )
        for position, d in enumerate(record.distributions)
    ]


def _store_one(run: HarvestRun, store: _Store, record: HarvestedDataset, content_hash: str, now) -> None:
    """Create or update one dataset in its own savepoint (the careful path)."""
    known = store.existing.get(record.identifier)
    fields = _dataset_fields(record, store, content_hash, now)
    with transaction.atomic():
        if known is None:
            pk = Dataset.objects.create(
                source=store.source, identifier=record.identifier, slug=store.new_slug(record), **fields
            ).pk
            run.created += 1
        else:
            pk = known[0]
            Dataset.objects.filter(pk=pk).update(updated_at=now, **fields)
            Distribution.objects.filter(dataset_id=pk).delete()
            run.updated += 1
            if pk in store.followed:
                store.changed_followed.append(pk)
        Distribution.objects.bulk_create(_distributions(pk, record))
    store.existing[record.identifier] = (pk, content_hash, False)


def _create_many(run: HarvestRun, store: _Store, batch: list[tuple[HarvestedDataset, str]], now) -> None:
    """Insert new datasets and their distributions with two statements per batch; if the
    batch fails (one record the database refuses), fall back to one savepoint per record
    so only that record is reported."""
    if not batch:
        return
    try:
        with transaction.atomic():
            datasets = Dataset.objects.bulk_create([
                Dataset(source=store.source, identifier=record.identifier, slug=store.new_slug(record),
                        created_at=now, updated_at=now, **_dataset_fields(record, store, content_hash, now))
                for record, content_hash in batch
            ])  # fmt: skip
            distributions = []
            for dataset, (record, _hash) in zip(datasets, batch, strict=True):
                distributions.extend(_distributions(dataset.pk, record))
            Distribution.objects.bulk_create(distributions)
    except Exception:
        logger.info("Batch insert failed; storing %s records one by one", len(batch))
        for record, content_hash in batch:
            try:
                _store_one(run, store, record, content_hash, now)
            except Exception as exc:
                _fail(run, record.identifier, f"{type(exc).__name__}: {exc}")
        return
    for dataset, (record, content_hash) in zip(datasets, batch, strict=True):
        store.existing[record.identifier] = (dataset.pk, content_hash, False)
    run.created += len(batch)


def _fail(run: HarvestRun, identifier: str, message: str) -> None:
    run.failed += 1
    if len(run.errors) < MAX_REPORTED_ERRORS:
        run.errors.append({"identifier": identifier[:300], "message": message[:500]})


def _store_batch(run: HarvestRun, store: _Store, items: list, now) -> None:
    new: list[tuple[HarvestedDataset, str]] = []
    for item in items:
        run.seen += 1
        if isinstance(item, RecordFailure):
            _fail(run, item.identifier, item.message)
            continue
        if item.identifier in store.seen:
            _fail(run, item.identifier, "The identifier appears twice in the source; kept the first.")
            continue
        store.seen.add(item.identifier)
        if isinstance(item, Unchanged):
            run.unchanged += 1
            continue
        content_hash = item.source_hash or item.content_hash()
        known = store.existing.get(item.identifier)
        if known is not None and known[1] == content_hash and not known[2]:
            run.unchanged += 1
        elif known is None:
            new.append((item, content_hash))
        else:
            try:
                _store_one(run, store, item, content_hash, now)
            except Exception as exc:
                _fail(run, item.identifier, f"{type(exc).__name__}: {exc}")
    _create_many(run, store, new, now)


def _harvest(run: HarvestRun, source: HarvestSource, transport, since, progress) -> None:
    store = _Store(source)
    harvester = harvester_for(
        source_type=source.type, url=source.url, transport=transport, since=since,
        language=source.default_language,
        # Records whose raw form is unchanged are not even converted.
        known={identifier: h for identifier, (_pk, h, withdrawn) in store.existing.items() if not withdrawn},
    )  # fmt: skip
    listing = harvester.listing()
    items = iter(listing.items)
    while True:
        batch = list(itertools.islice(items, BATCH_SIZE))
        if not batch:
            break
        with transaction.atomic():
            _store_batch(run, store, batch, timezone.now())
            run.save()
        if progress is not None:
            progress(run.seen, listing.total)
    if listing.complete:
        _withdraw_missing(run, store, listing.all_identifiers)
        run.status = RunStatus.FINISHED
        newest = _parse(listing.newest_modified)
        if newest is not None and (source.last_modified_seen is None or newest > source.last_modified_seen):
            HarvestSource.objects.filter(pk=source.pk).update(last_modified_seen=newest)
            source.last_modified_seen = newest
    else:
        run.status = RunStatus.FAILED
        run.message = _("The source could not be read completely, so no dataset was withdrawn.")
    _notify_followers(store)


def _withdraw_missing(run: HarvestRun, store: _Store, present: set[str]) -> None:
    missing = [
        pk for identifier, (pk, _h, withdrawn) in store.existing.items() if not withdrawn and identifier not in present
    ]
    now = timezone.now()
    for start in range(0, len(missing), 500):
        chunk = missing[start : start + 500]
        with transaction.atomic():
            Dataset.objects.filter(pk__in=chunk).update(withdrawn=True, withdrawn_at=now, updated_at=now)
    run.withdrawn = len(missing)
    store.changed_followed.extend(pk for pk in missing if pk in store.followed)


def _notify_followers(store: _Store) -> None:
    if not store.changed_followed:
        return
    datasets = Dataset.objects.in_bulk(store.changed_followed)
    follows = DatasetFollow.objects.filter(dataset_id__in=store.changed_followed).select_related("user")
    with transaction.atomic():
        for follow in follows:
            dataset = datasets[follow.dataset_id]
            with translation.override(follow.user.preferred_language or None):
                _notify_follower(follow.user, dataset)


def _notify_follower(user, dataset: Dataset) -> None:
    if dataset.withdrawn:
        text = _("A dataset you follow was withdrawn: %(title)s") % {"title": dataset.display_title}
    else:
        text = _("A dataset you follow was updated: %(title)s") % {"title": dataset.display_title}
    notify(
        user=user,
        kind="catalogue.dataset.changed",
        text=text,
        url=dataset.get_absolute_url(),
    )
