"""Creating and editing opportunities: every field checked, search text built, rate limited."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
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
    Category,
    Kind,
    Opportunity,
    Place,
    SeriesMarketplacePolicy,
    Status,
)

TITLE_MAX = 150
DESCRIPTION_MAX = 10_000
MAX_EXPIRY_DAYS = 365
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
        raise ValidationError(_("These fields cannot be changed: %(f)s.") % {"f": ", ".join(sorted(unknown))})
    with transaction.atomic():
        opportunity = lock_opportunity(opportunity)
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
        topics, places = _apply(opportunity, actor=actor, values={**current, **fields}, creating=False)
        back_to_moderation = (
            opportunity.status == Status.PUBLISHED and not rules.is_admin(actor) and not auto_approves(opportunity)
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
            _("You have created %(n)d opportunities in the past hour, the most allowed. Please try again later.")
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
    Place.objects.bulk_create(Place(opportunity=opportunity, city=city, country=country) for city, country in places)


def _unique_slug(title: str) -> str:
    base = slugify(search.fold(title))[:80].strip("-") or "opportunity"
    if base in RESERVED_SLUGS or base.isdigit():
        base = f"{base}-opportunity"
    slug, suffix = base, 2
    while Opportunity.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def lock_opportunity(opportunity: Opportunity) -> Opportunity:
    # Lock only the opportunity row: PostgreSQL refuses FOR UPDATE on the nullable
    # side of the outer join to the organisation.
    return (
        Opportunity.objects.select_for_update(of=("self",))
        .select_related("owner", "category", "organisation")
        .get(pk=opportunity.pk)
    )


def auto_approves(opportunity: Opportunity) -> bool:
    return bool(
        opportunity.series_id
        and SeriesMarketplacePolicy.objects.filter(
            series_id=opportunity.series_id, auto_approve_opportunities=True
        ).exists()
    )
