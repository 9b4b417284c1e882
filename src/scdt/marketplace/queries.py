"""Reads of the marketplace: browse and search with facets, and the lists of one person.

``parse_filters`` turns GET parameters (pages and the API share them) into ``Filters``
plus messages about values it could not use; ``browse`` runs the search and counts the
facets. Each facet is counted with every other filter applied but not its own, so the
counts say what choosing another value would give.
"""

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from scdt.directory.countries import COUNTRIES
from scdt.directory.models import OrganisationType, Topic
from scdt.marketplace import faceted, search
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


def _criteria(filters: Filters) -> faceted.Criteria:
    return faceted.Criteria(
        q=filters.q,
        kind=filters.kind,
        category=filters.category,
        topic=filters.topic,
        city=filters.city,
        country=filters.country,
        org_type=filters.org_type,
    )


def search_ids(filters: Filters, *, limit: int = 10_000, offset: int = 0) -> list[int]:
    """Ids of published opportunities matching ``filters``, in their sort order."""
    return faceted.page_ids(_criteria(filters), sort=filters.effective_sort(), limit=limit, offset=offset)


# Long texts a card never shows; not loading them halves the time to build a page of cards.
CARD_DEFERRED = ("description", "description_html", "search_title", "search_body")


def cards(ids: list[int]) -> list[Opportunity]:
    """The opportunities ``ids`` with their card data, in the order of ``ids``."""
    queryset = with_card_data(Opportunity.objects.filter(pk__in=ids).defer(*CARD_DEFERRED))
    rows = {o.pk: o for o in queryset}
    return [rows[pk] for pk in ids if pk in rows]


def facet_values(filters: Filters, raw: dict[str, list[tuple[str, int]]]) -> dict[str, list[FacetValue]]:
    """Counted values with their labels, in a stable order, the selected one marked."""
    kinds = dict(Kind.choices)
    categories = {c.slug: c for c in Category.objects.all()}
    topics = {t.slug: t for t in Topic.objects.all()}
    countries = dict(COUNTRIES)
    types = dict(OrganisationType.choices)
    facets = {
        "kind": [FacetValue(v, str(kinds.get(v, v)), n, v == filters.kind) for v, n in sorted(raw["kind"])],
        "category": sorted(
            (
                FacetValue(v, categories[v].name, n, v == filters.category)
                for v, n in raw["category"]
                if v in categories
            ),
            key=lambda f: categories[f.value].position,
        ),
        "topic": sorted(
            (FacetValue(v, topics[v].name, n, v == filters.topic) for v, n in raw["topic"] if v in topics),
            key=lambda f: topics[f.value].position,
        ),
        "city": sorted(
            (FacetValue(v, v, n, v.lower() == filters.city.lower()) for v, n in raw["city"]),
            key=lambda f: (-f.count, f.value),
        ),
        "country": sorted(
            (FacetValue(v, str(countries.get(v, v)), n, v == filters.country) for v, n in raw["country"]),
            key=lambda f: (-f.count, f.label),
        ),
        "org_type": [FacetValue(v, str(types.get(v, v)), n, v == filters.org_type) for v, n in sorted(raw["org_type"])],
    }
    return facets


class _CountedPaginator(Paginator):
    """A paginator told the count up front (the search statement already computed it)."""

    def __init__(self, per_page: int, *, count: int):
        super().__init__([], per_page)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count


def browse(filters: Filters, *, page: int | str = 1, per_page: int = PAGE_SIZE) -> BrowseResult:
    """One page of results plus all facet counts: 1 statement, 3 for the cards, 2 for labels."""
    try:
        number = max(1, int(page))
    except (TypeError, ValueError):
        number = 1
    criteria, sort = _criteria(filters), filters.effective_sort()
    total, raw, ids = faceted.run(criteria, sort=sort, limit=per_page, offset=(number - 1) * per_page)
    paginator = _CountedPaginator(per_page, count=total)
    if number > paginator.num_pages:  # past the end: show the last page, as get_page does
        number = paginator.num_pages
        ids = faceted.page_ids(criteria, sort=sort, limit=per_page, offset=(number - 1) * per_page)
    page_obj = Page(cards(ids), number, paginator)
    return BrowseResult(filters=filters, page=page_obj, count=total, facets=facet_values(filters, raw))


def filters_query_string(filters: Filters, **changes) -> str:
    """The GET query of ``filters`` with ``changes`` applied (blank values left out)."""
    from urllib.parse import urlencode

    data = {**filters.__dict__, **changes}
    return urlencode([(k, v) for k, v in data.items() if v])


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
