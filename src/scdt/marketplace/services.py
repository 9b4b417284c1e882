"""Every change to opportunities, bookmarks and interest.

Lifecycle: draft → submitted → published | rejected; published → closed | expired. Owners
submit (again) from draft, rejected and expired; a series whose policy auto-approves skips
moderation. Each service runs in one transaction, checks the rules, writes the audit log
(``marketplace.opportunity.<verb>``) and mails after commit.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from scdt.audit.services import log_action
from scdt.directory.countries import COUNTRIES
from scdt.directory.models import Topic
from scdt.marketplace import content, rules, search
from scdt.marketplace.models import (
    CONTENT_LANGUAGES,
    Attachment,
    Bookmark,
    Category,
    Interest,
    Kind,
    Opportunity,
    Place,
    SeriesMarketplacePolicy,
    Status,
)
from scdt.messaging.services import notify, send_templated_email

TITLE_MAX = 150
DESCRIPTION_MAX = 10_000
MAX_EXPIRY_DAYS = 365
WARNING_DAYS = 7
# Words the URL patterns use under /marketplace/; an opportunity slug never takes one.
RESERVED_SLUGS = {"mine", "new", "bookmarks", "moderation", "organisations"}
COUNTRY_CODES = {code for code, _name in COUNTRIES}
LANGUAGE_CODES = {code for code, _name in CONTENT_LANGUAGES}
EDITABLE_FIELDS = {
    "kind",
    "category",
    "title",
    "description",
    "language",
    "topics",
    "places",
    "organisation",
    "contact_name",
    "contact_email",
    "links",
    "extra",
    "series",
    "expires_on",
}


def max_created_per_hour() -> int:
    return getattr(settings, "MARKETPLACE_MAX_CREATED_PER_HOUR", 10)


def opportunity_path(opportunity: Opportunity) -> str:
    return reverse("marketplace:detail", kwargs={"ref": opportunity.slug})


# --- creating and editing -------------------------------------------------------------


def create_opportunity(
    *,
    actor,
    kind: str,
    category: Category,
    title: str,
    description: str,
    expires_on: dt.date,
    language: str = "",
    topics=(),
    places=(),
    organisation=None,
    contact_name: str = "",
    contact_email: str = "",
    links=(),
    extra: dict | None = None,
    series=None,
    is_demo: bool = False,
) -> Opportunity:
    """Create a draft owned by ``actor`` (a member or an admin).

    ``places`` are ``(city, country)`` pairs (city may be ""); ``organisation`` defaults to
    the actor's own and may be another only for admins; ``language`` is detected from the
    text when empty. Creation is limited to ``MARKETPLACE_MAX_CREATED_PER_HOUR`` per owner
    (demo data excepted). Raises ValidationError for bad input, PermissionDenied otherwise.
    """
    if not rules.can_create_opportunity(actor):
        raise PermissionDenied(_("Only approved members can publish in the marketplace."))
    with transaction.atomic():
        if not is_demo:
            _check_rate_limit(actor)
        opportunity = Opportunity(owner=actor, is_demo=is_demo)
        values = {
            "kind": kind,
            "category": category,
            "title": title,
            "description": description,
            "expires_on": expires_on,
            "language": language,
            "topics": topics,
            "places": places,
            "organisation": organisation if organisation is not None else _own_organisation(actor),
            "contact_name": contact_name,
            "contact_email": contact_email,
            "links": links,
            "extra": extra,
            "series": series,
        }
        topics, places = _apply(opportunity, actor=actor, values=values, creating=True)
        opportunity.slug = _unique_slug(opportunity.title)
        opportunity.save()
        _save_relations(opportunity, topics, places)
        log_action(
            "marketplace.opportunity.created",
            actor=actor,
            target=opportunity,
            kind=opportunity.kind,
            category=opportunity.category.slug,
        )
    return opportunity


def update_opportunity(*, actor, opportunity: Opportunity, **fields) -> Opportunity:
    """Change any of ``EDITABLE_FIELDS`` (owner, or admin; not once closed).

    An owner's change to a published opportunity sends it back to moderation unless its
    series auto-approves; an admin's change keeps it published.
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        opportunity = _lock(opportunity)
        if not rules.can_edit_opportunity(actor, opportunity):
            raise PermissionDenied(_("You may not edit this opportunity."))
        current = {
            "kind": opportunity.kind,
            "category": opportunity.category,
            "title": opportunity.title,
            "description": opportunity.description,
            "expires_on": opportunity.expires_on,
            "language": "" if opportunity.language_detected else opportunity.language,
            "topics": list(opportunity.topics.all()),
            "places": [(p.city, p.country) for p in opportunity.places.all()],
            "organisation": opportunity.organisation,
            "contact_name": opportunity.contact_name,
            "contact_email": opportunity.contact_email,
            "links": opportunity.links,
            "extra": opportunity.extra,
            "series": opportunity.series,
        }
        topics, places = _apply(
            opportunity, actor=actor, values={**current, **fields}, creating=False
        )
        back_to_moderation = (
            opportunity.status == Status.PUBLISHED
            and not rules.is_admin(actor)
            and not _auto_approves(opportunity)
        )
        if back_to_moderation:
            opportunity.status = Status.SUBMITTED
            opportunity.submitted_at = timezone.now()
        if "expires_on" in fields:
            opportunity.expiry_warned_at = None
        opportunity.save()
        _save_relations(opportunity, topics, places)
        log_action(
            "marketplace.opportunity.updated",
            actor=actor,
            target=opportunity,
            fields=sorted(fields),
            back_to_moderation=back_to_moderation,
        )
    return opportunity


def _check_rate_limit(actor) -> None:
    since = timezone.now() - dt.timedelta(hours=1)
    limit = max_created_per_hour()
    if Opportunity.objects.filter(owner=actor, created_at__gte=since).count() >= limit:
        raise ValidationError(
            _(
                "You have created %(n)d opportunities in the past hour, the most allowed. "
                "Please try again later."
            )
            % {"n": limit}
        )


def _own_organisation(actor):
    profile = getattr(actor, "profile", None)
    return profile.organisation if profile is not None else None


def _apply(opportunity: Opportunity, *, actor, values: dict, creating: bool):
    """Validate ``values`` and set them on ``opportunity``; returns (topics, places) to save."""
    errors: dict[str, list[str]] = {}

    def fail(field, message):
        errors.setdefault(field, []).append(message)

    kind = values["kind"]
    if kind not in Kind.values:
        fail("kind", _("Choose offer or request."))
    category = values["category"]
    if not isinstance(category, Category):
        fail("category", _("Choose a category."))
    elif creating and not category.is_active:
        fail("category", _("This category is no longer offered."))
    title = " ".join(str(values["title"] or "").split())
    if len(title) < 5:
        fail("title", _("Give a title of at least 5 characters."))
    elif len(title) > TITLE_MAX:
        fail("title", _("The title may be at most %(n)d characters long.") % {"n": TITLE_MAX})
    description = str(values["description"] or "").strip()
    if len(description) < 20:
        fail("description", _("Describe the opportunity in at least 20 characters."))
    elif len(description) > DESCRIPTION_MAX:
        fail(
            "description",
            _("The description may be at most %(n)d characters long.") % {"n": DESCRIPTION_MAX},
        )
    expires_on = values["expires_on"]
    today = timezone.localdate()
    if not isinstance(expires_on, dt.date):
        fail("expires_on", _("Enter the expiry date."))
    elif expires_on <= today:
        fail("expires_on", _("The expiry date must be in the future."))
    elif expires_on > today + dt.timedelta(days=MAX_EXPIRY_DAYS):
        fail("expires_on", _("The expiry date may be at most a year ahead."))
    language = values["language"] or ""
    if language and language not in LANGUAGE_CODES:
        fail("language", _("Choose a language from the list."))
    organisation = values["organisation"]
    if (
        organisation is not None
        and organisation != _own_organisation(actor)
        and organisation != opportunity.organisation
        and not rules.is_admin(actor)
    ):
        fail("organisation", _("You can publish only for your own organisation."))
    contact_name = str(values["contact_name"] or "").strip()
    if len(contact_name) > 150:
        fail("contact_name", _("At most 150 characters."))
    contact_email = str(values["contact_email"] or "").strip()
    if contact_email:
        from django.core.validators import validate_email

        try:
            validate_email(contact_email)
        except ValidationError:
            fail("contact_email", _("Enter a valid e-mail address."))
    topics = list(values["topics"] or [])
    if len(topics) > content.MAX_TOPICS:
        fail("topics", _("Choose at most %(n)d topics.") % {"n": content.MAX_TOPICS})
    if any(not isinstance(topic, Topic) for topic in topics):
        fail("topics", _("Unknown topic."))
    places = _clean_places(values["places"], fail)
    links, extra = [], {}
    try:
        links = content.clean_links(values["links"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if isinstance(category, Category):
        try:
            extra = content.clean_extra(category, values["extra"])
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    opportunity.kind, opportunity.category, opportunity.title = kind, category, title
    opportunity.description = description
    opportunity.description_html = content.render_markdown(description)
    opportunity.language_detected = not language
    opportunity.language = language or content.detect_language(f"{title}\n{description}")
    opportunity.expires_on, opportunity.organisation = expires_on, organisation
    opportunity.contact_name, opportunity.contact_email = contact_name, contact_email
    opportunity.links, opportunity.extra, opportunity.series = links, extra, values["series"]
    opportunity.search_title = search.document(title)
    opportunity.search_body = search.document(
        description,
        category.name_en,
        category.name_fi,
        category.name_pl,
        category.name_lt,
        organisation.name if organisation else "",
        *(f"{t.name_en} {t.name_fi} {t.name_pl} {t.name_lt}" for t in topics),
        *(f"{city} {country}" for city, country in places),
        *(str(value) for value in extra.values()),
    )
    return topics, places


def _clean_places(raw_places, fail) -> list[tuple[str, str]]:
    places = []
    for entry in raw_places or []:
        city, country = (entry["city"], entry["country"]) if isinstance(entry, dict) else entry
        city = " ".join(str(city or "").split())
        country = str(country or "").upper()
        if country not in COUNTRY_CODES:
            fail("places", _("Unknown country code “%(code)s”.") % {"code": country[:10]})
            continue
        if len(city) > 100:
            fail("places", _("A city name may be at most 100 characters long."))
            continue
        if (city, country) not in places:
            places.append((city, country))
    if len(places) > content.MAX_PLACES:
        fail("places", _("At most %(n)d places.") % {"n": content.MAX_PLACES})
    return places


def _save_relations(opportunity: Opportunity, topics, places) -> None:
    opportunity.topics.set(topics)
    opportunity.places.all().delete()
    Place.objects.bulk_create(
        Place(opportunity=opportunity, city=city, country=country) for city, country in places
    )


def _unique_slug(title: str) -> str:
    base = slugify(search.fold(title))[:80].strip("-") or "opportunity"
    if base in RESERVED_SLUGS or base.isdigit():
        base = f"{base}-opportunity"
    slug, suffix = base, 2
    while Opportunity.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _lock(opportunity: Opportunity) -> Opportunity:
    # Lock only the opportunity row: PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer join to the organisation.
    return (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("owner", "category", "organisation")
        .get(pk=opportunity.pk)
    )


# --- lifecycle ------------------------------------------------------------------------


def _auto_approves(opportunity: Opportunity) -> bool:
    return bool(
        opportunity.series_id
        and SeriesMarketplacePolicy.objects.filter(
            series_id=opportunity.series_id, auto_approve_opportunities=True
        ).exists()
    )


def submit_opportunity(*, actor, opportunity: Opportunity) -> Opportunity:
    """Owner sends a draft (or a rejected or expired one) to moderation.

    Published at once when its series auto-approves. The expiry date must still be ahead.
    """
    with transaction.atomic():
        opportunity = _lock(opportunity)
        if not rules.can_submit_opportunity(actor, opportunity):
            raise PermissionDenied(_("You may not submit this opportunity now."))
        if opportunity.expires_on <= timezone.localdate():
            raise ValidationError({"expires_on": _("Set an expiry date in the future first.")})
        now = timezone.now()
        opportunity.submitted_at, opportunity.rejection_reason = now, ""
        if _auto_approves(opportunity):
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


def approve_opportunity(*, actor, opportunity: Opportunity) -> Opportunity:
    """A moderator (organiser or admin) publishes a submitted opportunity; the owner is told."""
    with transaction.atomic():
        opportunity = _lock(opportunity)
        if not rules.can_decide_opportunity(actor, opportunity):
            raise PermissionDenied(_("Only organisers decide on submitted opportunities."))
        _publish(opportunity, now=timezone.now(), decided_by=actor)
        log_action("marketplace.opportunity.approved", actor=actor, target=opportunity)
        notify(
            user=opportunity.owner,
            kind="marketplace.approved",
            text=_("Your opportunity “%(title)s” is published.") % {"title": opportunity.title},
            url=opportunity_path(opportunity),
        )
        _mail_owner(opportunity, "approved")
    return opportunity


def reject_opportunity(*, actor, opportunity: Opportunity, reason: str) -> Opportunity:
    """A moderator rejects a submitted opportunity; the reason (required) is mailed to the owner."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason, so the owner can improve it.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("The reason may be at most 1000 characters long.")})
    with transaction.atomic():
        opportunity = _lock(opportunity)
        if not rules.can_decide_opportunity(actor, opportunity):
            raise PermissionDenied(_("Only organisers decide on submitted opportunities."))
        opportunity.status = Status.REJECTED
        opportunity.rejection_reason, opportunity.decided_by = reason, actor
        opportunity.save()
        log_action(
            "marketplace.opportunity.rejected", actor=actor, target=opportunity, reason=reason
        )
        notify(
            user=opportunity.owner,
            kind="marketplace.rejected",
            text=_("Your opportunity “%(title)s” was not published.")
            % {"title": opportunity.title},
            url=opportunity_path(opportunity),
        )
        _mail_owner(opportunity, "rejected", reason=reason)
    return opportunity


def close_opportunity(*, actor, opportunity: Opportunity) -> Opportunity:
    """The owner (or a moderator) closes an opportunity: it leaves search for good."""
    with transaction.atomic():
        opportunity = _lock(opportunity)
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
    due = Opportunity.objects.filter(status=Status.PUBLISHED, expires_on__lt=today).values_list(
        "pk", flat=True
    )
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
            _mail_owner(opportunity, "expiring")
            count += 1
    return count


def _mail_owner(opportunity: Opportunity, template: str, **context) -> None:
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


def set_series_policy(
    *, actor, series, auto_approve_opportunities: bool
) -> SeriesMarketplacePolicy:
    """Organisers of ``series`` (or admins) switch auto-approval of its opportunities."""
    if not (rules.is_admin(actor) or series.organisers.filter(pk=actor.pk).exists()):
        raise PermissionDenied(_("Only the organisers of the series can change this."))
    with transaction.atomic():
        policy, _created = SeriesMarketplacePolicy.objects.select_for_update().get_or_create(
            series=series
        )
        policy.auto_approve_opportunities = auto_approve_opportunities
        policy.save()
        log_action(
            "marketplace.series_policy.changed",
            actor=actor,
            target=policy,
            auto_approve_opportunities=auto_approve_opportunities,
        )
    return policy


# --- attachments ----------------------------------------------------------------------


def add_attachment(*, actor, opportunity: Opportunity, file) -> Attachment:
    """Attach a PDF or an image (checked by its bytes; at most the configured size, 5 files)."""
    with transaction.atomic():
        opportunity = _lock(opportunity)
        if not rules.can_edit_opportunity(actor, opportunity):
            raise PermissionDenied(_("You may not change this opportunity."))
        if opportunity.attachments.count() >= 5:
            raise ValidationError({"file": _("An opportunity can have at most 5 attachments.")})
        limit = content.attachment_limit()
        if file.size > limit:
            raise ValidationError(
                {
                    "file": _("The file is too large: at most %(mb)s MB.")
                    % {"mb": limit // (1024 * 1024)}
                }
            )
        file.seek(0)
        data = file.read()
        content_type = content.sniff_attachment(data)
        file.seek(0)
        name = (getattr(file, "name", "") or "attachment").rsplit("/", 1)[-1][:200]
        attachment = Attachment(
            opportunity=opportunity, name=name, content_type=content_type, size=len(data)
        )
        extension = {"application/pdf": "pdf"}.get(content_type, content_type.split("/")[-1])
        attachment.file.save(f"{opportunity.slug[:60]}.{extension}", file, save=False)
        attachment.save()
        log_action(
            "marketplace.opportunity.attachment_added", actor=actor, target=opportunity, name=name
        )
    return attachment


def remove_attachment(*, actor, attachment: Attachment) -> None:
    with transaction.atomic():
        opportunity = _lock(attachment.opportunity)
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


# --- bookmarks and interest ---------------------------------------------------------------


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
        raise PermissionDenied(
            _("Members can declare interest in published opportunities of others.")
        )
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
            _mail_owner(opportunity, "interest", interested=actor, message=message)
    except IntegrityError:
        raise ValidationError(
            _("You have already declared interest in this opportunity.")
        ) from None
    return interest


# --- categories (back-office) ------------------------------------------------------------


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
            log_action(
                "marketplace.category_field.saved", actor=actor, target=category, key=definition.key
            )
        for definition in deleted:
            key = definition.key
            definition.delete()
            log_action("marketplace.category_field.deleted", actor=actor, target=category, key=key)
