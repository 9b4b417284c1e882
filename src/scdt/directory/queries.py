"""Reusable reads of the directory; every queryset here is ready for a list (no N+1)."""

from django.db.models import Count, Q, QuerySet

from scdt.directory.models import MembershipStatus, Organisation, Profile, Topic, Visibility
from scdt.directory.roles import is_admin, is_member, is_organiser_of_any_series


def visible_profiles(viewer) -> QuerySet[Profile]:
    """Approved profiles of active accounts that ``viewer`` may see (see rules.can_view_profile).

    The viewer's own approved profile is always included, whatever its visibility.
    """
    profiles = Profile.objects.filter(status=MembershipStatus.APPROVED, user__is_active=True)
    if not is_admin(viewer):
        shown = Q(visibility=Visibility.PUBLIC)
        if is_member(viewer) or is_organiser_of_any_series(viewer):
            shown |= Q(visibility=Visibility.MEMBERS)
        if viewer is not None and viewer.is_authenticated:
            shown |= Q(user=viewer)
        profiles = profiles.filter(shown)
    return (
        profiles.select_related("user", "organisation")
        .prefetch_related("topics")
        .order_by("full_name", "pk")
    )


def _words(q: str) -> list[str]:
    return [word for word in (q or "").split() if word][:8]


def _text_filter(q: str) -> Q:
    # Every word must appear in one of the fields, so "Turku mobility" narrows down.
    condition = Q()
    for word in _words(q):
        condition &= (
            Q(full_name__icontains=word)
            | Q(job_title__icontains=word)
            | Q(organisation__name__icontains=word)
            | Q(bio__icontains=word)
            | Q(offer_text__icontains=word)
            | Q(seek_text__icontains=word)
        )
    return condition


def directory_search(
    viewer, *, q="", topic="", org_type="", city="", country=""
) -> QuerySet[Profile]:
    """The directory list: visible profiles filtered by text, topic slug, organisation type,
    city (case-insensitive) and country code. Empty arguments do not filter."""
    profiles = visible_profiles(viewer).filter(_text_filter(q))
    if topic:
        profiles = profiles.filter(topics__slug=topic)
    if org_type:
        profiles = profiles.filter(organisation__type=org_type)
    if city:
        profiles = profiles.filter(city__iexact=city.strip())
    if country:
        profiles = profiles.filter(country=country)
    return profiles


def directory_facets(
    viewer, *, q="", topic="", org_type="", city="", country=""
) -> dict[str, dict]:
    """Counts per filter value, each facet computed with the other filters applied.

    Returns ``{"topic": {slug: n}, "org_type": {code: n}, "city": {name: n},
    "country": {code: n}}``.
    Four grouped queries, whatever the number of rows.
    """
    filters = {"q": q, "topic": topic, "org_type": org_type, "city": city, "country": country}

    def others(name):
        return directory_search(viewer, **{**filters, name: ""}).order_by()

    def grouped(queryset, field):
        rows = queryset.values(field).annotate(n=Count("pk", distinct=True)).order_by(field)
        return {row[field]: row["n"] for row in rows if row[field]}

    return {
        "topic": grouped(others("topic").prefetch_related(None), "topics__slug"),
        "org_type": grouped(others("org_type").prefetch_related(None), "organisation__type"),
        "city": grouped(others("city").prefetch_related(None), "city"),
        "country": grouped(others("country").prefetch_related(None), "country"),
    }


def organisation_search(q="", org_type="", country="", city="") -> QuerySet[Organisation]:
    organisations = Organisation.objects.all()
    for word in _words(q):
        organisations = organisations.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(city__icontains=word)
        )
    if org_type:
        organisations = organisations.filter(type=org_type)
    if country:
        organisations = organisations.filter(country=country)
    if city:
        organisations = organisations.filter(city__iexact=city.strip())
    return organisations.order_by("name", "pk")


def organisation_members(organisation, viewer) -> QuerySet[Profile]:
    return visible_profiles(viewer).filter(organisation=organisation)


def pending_profiles() -> QuerySet[Profile]:
    return (
        Profile.objects.filter(status=MembershipStatus.PENDING, user__is_active=True)
        .select_related("user", "organisation")
        .prefetch_related("topics")
        .order_by("created_at", "pk")
    )


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("position", "slug")
