"""Reads of the marketplace: browse and search with facets, and the lists of one person.

``parse_filters`` turns GET parameters (pages and the API share them) into ``Filters``
plus messages about values it could not use; ``browse`` runs the search and counts the
facets. Each facet is counted with every other filter applied but not its own, so the
counts say what choosing another value would give.
"""

from dataclasses import dataclass, field, replace

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from scdt.directory.countries import COUNTRIES
from scdt.directory.models import OrganisationType, Topic
from scdt.marketplace import search
from scdt.marketplace.models import (
    Bookmark,
    Category,
    Interest,
    Kind,
    Opportunity,
    Place,
    Status,
)

SORTS = ("relevance", "newest", "expiring")
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
FACETS = ("kind", "category", "topic", "city", "country", "org_type")
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class Filters:
    q: str = ""
    kind: str = ""
    category: str = ""
    topic: str = ""
    city: str = ""
    country: str = ""
    org_type: str = ""
    sort: str = ""

    def effective_sort(self) -> str:
        if self.sort:
            return self.sort
        return "relevance" if search.parse_query(self.q) else "newest"


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class BrowseResult:
    filters: Filters
    page: object
    count: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)


def parse_filters(data) -> tuple[Filters, list[str]]:
    """Filters from a QueryDict or dict; unknown values are dropped with a message each."""
    messages: list[str] = []

    def value(name: str, limit: int = 100) -> str:
        raw = data.get(name) or ""
        return " ".join(str(raw).split())[:limit]

    q = value("q", MAX_QUERY_LENGTH)
    kind = value("kind")
    if kind and kind not in Kind.values:
        messages.append(_("“%(v)s” is not a kind; showing offers and requests.") % {"v": kind})
        kind = ""
    category = value("category")
    if category and not Category.objects.filter(slug=category).exists():
        messages.append(_("There is no category “%(v)s”; showing all categories.") % {"v": category})
        category = ""
    topic = value("topic")
    if topic and not Topic.objects.filter(slug=topic).exists():
        messages.append(_("There is no topic “%(v)s”; showing all topics.") % {"v": topic})
        topic = ""
    country = value("country").upper()
    if country and country not in {code for code, _name in COUNTRIES}:
        messages.append(_("“%(v)s” is not a country code; showing all countries.") % {"v": country})
        country = ""
    org_type = value("org_type")
    if org_type and org_type not in OrganisationType.values:
        messages.append(_("“%(v)s” is not an organisation type; showing all types.") % {"v": org_type})
        org_type = ""
    sort = value("sort")
    if sort and sort not in SORTS:
        messages.append(_("Unknown sort order “%(v)s”; sorting by default.") % {"v": sort})
        sort = ""
    filters = Filters(
        q=q,
        kind=kind,
        category=category,
        topic=topic,
        city=value("city"),
        country=country,
        org_type=org_type,
        sort=sort,
    )
    return filters, messages


def published():
    return Opportunity.objects.filter(status=Status.PUBLISHED)


def with_card_data(queryset):
    """What a card shows, in a constant number of queries."""
    return queryset.select_related("category", "organisation").prefetch_related(
        "topics", Prefetch("places", queryset=Place.objects.order_by("id"))
    )


def _apply(queryset, filters: Filters, *, skip: str = ""):
    if filters.kind and skip != "kind":
        queryset = queryset.filter(kind=filters.kind)
    if filters.category and skip != "category":
        queryset = queryset.filter(category__slug=filters.category)
    if filters.topic and skip != "topic":
        queryset = queryset.filter(topics__slug=filters.topic)
    if filters.city and skip != "city":
        queryset = queryset.filter(places__city__iexact=filters.city)
    if filters.country and skip != "country":
        queryset = queryset.filter(places__country=filters.country)
    if filters.org_type and skip != "org_type":
        queryset = queryset.filter(organisation__type=filters.org_type)
    return queryset


def _matching(filters: Filters, *, skip: str = "", base=None):
    queryset = published() if base is None else base
    queryset = search.filter_by_text(queryset, search.parse_query(filters.q))
    return _apply(queryset, filters, skip=skip)


def search_opportunities(filters: Filters, *, base=None):
    """Published opportunities matching ``filters``, sorted, each row once."""
    query = search.parse_query(filters.q)
    queryset = _matching(filters, base=base)
    if filters.topic or filters.city or filters.country:
        # Joins through topics/places may repeat a row; select ids first to keep one each.
        queryset = Opportunity.objects.filter(pk__in=queryset.values("pk"))
    sort = filters.effective_sort()
    if sort == "relevance" and query:
        queryset = search.annotate_rank(queryset, query).order_by("-rank", "-published_at", "-id")
    elif sort == "expiring":
        queryset = queryset.order_by("expires_on", "-id")
    else:
        queryset = queryset.order_by("-published_at", "-id")
    return queryset


def facet_counts(filters: Filters, *, base=None) -> dict[str, list[FacetValue]]:
    facets: dict[str, list[FacetValue]] = {}
    kind_labels = dict(Kind.choices)
    rows = _counts(_matching(filters, skip="kind", base=base), "kind")
    facets["kind"] = [FacetValue(v, str(kind_labels.get(v, v)), n, v == filters.kind) for v, n in rows]
    categories = {c.slug: c for c in Category.objects.all()}
    rows = _counts(_matching(filters, skip="category", base=base), "category__slug")
    facets["category"] = sorted(
        (FacetValue(v, categories[v].name, n, v == filters.category) for v, n in rows if v in categories),
        key=lambda f: categories[f.value].position,
    )
    topics = {t.slug: t for t in Topic.objects.all()}
    rows = _counts(_matching(filters, skip="topic", base=base), "topics__slug")
    facets["topic"] = sorted(
        (FacetValue(v, topics[v].name, n, v == filters.topic) for v, n in rows if v in topics),
        key=lambda f: topics[f.value].position,
    )
    rows = _counts(_matching(filters, skip="city", base=base), "places__city")
    facets["city"] = sorted(
        (FacetValue(v, v, n, v.lower() == filters.city.lower()) for v, n in rows if v),
        key=lambda f: (-f.count, f.value),
    )
    countries = dict(COUNTRIES)
    rows = _counts(_matching(filters, skip="country", base=base), "places__country")
    facets["country"] = sorted(
        (FacetValue(v, str(countries.get(v, v)), n, v == filters.country) for v, n in rows if v),
        key=lambda f: (-f.count, f.label),
    )
    types = dict(OrganisationType.choices)
    rows = _counts(_matching(filters, skip="org_type", base=base), "organisation__type")
    facets["org_type"] = [FacetValue(v, str(types.get(v, v)), n, v == filters.org_type) for v, n in rows if v]
    return facets


def _counts(queryset, column: str) -> list[tuple[str, int]]:
    rows = queryset.order_by().values_list(column).annotate(n=Count("id", distinct=True)).order_by(column)
    return [(value, n) for value, n in rows if value is not None]


def browse(filters: Filters, *, page: int | str = 1, per_page: int = PAGE_SIZE, base=None) -> BrowseResult:
    """One page of results plus facet counts: 2 + 6 queries, plus 2 for the cards."""
    paginator = Paginator(with_card_data(search_opportunities(filters, base=base)), per_page)
    page_obj = paginator.get_page(page)
    return BrowseResult(
        filters=filters,
        page=page_obj,
        count=paginator.count,
        facets=facet_counts(filters, base=base),
    )


def filters_query_string(filters: Filters, **changes) -> str:
    """The GET query of ``filters`` with ``changes`` applied (blank values left out)."""
    from urllib.parse import urlencode

    data = {**filters.__dict__, **changes}
    return urlencode([(k, v) for k, v in data.items() if v])


def without(filters: Filters, name: str) -> Filters:
    return replace(filters, **{name: ""})


def get_by_ref(ref: str):
    """An opportunity by id (digits) or slug, with what its page shows; None when absent."""
    queryset = Opportunity.objects.select_related(
        "category", "organisation", "owner", "owner__profile", "series"
    ).prefetch_related("topics", "places", "attachments", "category__fields")
    lookup = Q(pk=int(ref)) if ref.isdigit() else Q(slug=ref)
    return queryset.filter(lookup).first()


def related_from_organisation(opportunity: Opportunity, *, limit: int = 5):
    if opportunity.organisation_id is None:
        return Opportunity.objects.none()
    return with_card_data(
        published()
        .filter(organisation_id=opportunity.organisation_id)
        .exclude(pk=opportunity.pk)
        .order_by("-published_at", "-id")[:limit]
    )


def owned_by(user):
    return with_card_data(
        Opportunity.objects.filter(owner=user)
        .annotate(
            interest_count=Count("interests", distinct=True),
            bookmark_count=Count("bookmarks", distinct=True),
        )
        .order_by("-updated_at", "-id")
    )


def bookmarked_by(user):
    return with_card_data(Opportunity.objects.filter(bookmarks__user=user).order_by("-bookmarks__created_at", "-id"))


def moderation_queue():
    return with_card_data(
        Opportunity.objects.filter(status=Status.SUBMITTED)
        .select_related("owner", "owner__profile")
        .order_by("submitted_at", "id")
    )


def of_organisation(organisation):
    return with_card_data(published().filter(organisation=organisation).order_by("-published_at", "-id"))


def with_viewer_flags(queryset, user):
    """Annotate ``is_bookmarked`` / ``is_interested`` for ``user`` (False when anonymous)."""
    if not (user and user.is_authenticated):
        return queryset
    return queryset.annotate(
        is_bookmarked=Exists(Bookmark.objects.filter(user=user, opportunity=OuterRef("pk"))),
        is_interested=Exists(Interest.objects.filter(user=user, opportunity=OuterRef("pk"))),
    )


def interests_in(opportunity: Opportunity):
    return opportunity.interests.select_related("user", "user__profile").order_by("-created_at")
