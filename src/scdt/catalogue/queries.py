"""Reusable reads of the catalogue: dataset search with facets, data requests, reuses."""

from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce

from scdt.catalogue import search
from scdt.catalogue import vocabularies as vocab
from scdt.catalogue.models import (
    DataRequest,
    Dataset,
    DatasetFollow,
    Distribution,
    HarvestRun,
    RequestStatus,
    Reuse,
)

FACETS = ("city", "publisher", "theme", "hvd", "format", "licence", "frequency")
SORTS = {
    "relevance": None,
    "modified": ("-modified", "-id"),
    "title": ("slug",),
    "created": ("-created_at", "-id"),
}


def visible_datasets() -> QuerySet:
    return Dataset.objects.filter(withdrawn=False)


def dataset_detail(slug: str) -> Dataset | None:
    return (
        Dataset.objects.select_related("source", "publisher")
        .prefetch_related(
            "distributions",
            Prefetch("reuses", queryset=Reuse.objects.select_related("organisation")),
            Prefetch("fulfilled_requests", queryset=DataRequest.objects.only("pk", "title", "status")),
        )
        .filter(slug=slug)
        .first()
    )


@dataclass
class DatasetFilters:
    q: str = ""
    city: list[str] = field(default_factory=list)
    publisher: list[str] = field(default_factory=list)
    theme: list[str] = field(default_factory=list)
    hvd: list[str] = field(default_factory=list)
    format: list[str] = field(default_factory=list)
    licence: list[str] = field(default_factory=list)
    frequency: list[str] = field(default_factory=list)
    keyword: list[str] = field(default_factory=list)
    sort: str = ""

    @classmethod
    def from_querydict(cls, data) -> "DatasetFilters":
        values = {name: [v for v in data.getlist(name) if v][:10] for name in (*FACETS, "keyword")}
        sort = data.get("sort", "")
        return cls(q=(data.get("q") or "").strip()[:200], sort=sort if sort in SORTS else "", **values)

    @property
    def active(self) -> bool:
        return bool(self.q or any(getattr(self, name) for name in (*FACETS, "keyword")))

    def facet_values(self, *, skip: str = "") -> dict[str, list[str]]:
        return {name: getattr(self, name) for name in FACETS if name != skip and getattr(self, name)}


class SearchResults:
    """Search results for a Paginator: pages are sliced from the queryset, the total comes
    from the full-text index where that is exact (it never touches the dataset rows)."""

    def __init__(self, queryset: QuerySet, total: int | None = None):
        self.queryset = queryset
        self.total = total

    @property
    def approximate(self) -> bool:
        return bool(getattr(self.total, "approximate", False))

    def count(self) -> int:
        if self.total is None:
            self.total = self.queryset.count()
        return self.total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        return self.queryset[index]

    def __iter__(self):
        return iter(self.queryset)


def _base(filters: DatasetFilters, base: QuerySet | None) -> QuerySet:
    queryset = base if base is not None else visible_datasets()
    for keyword in filters.keyword:
        queryset = queryset.filter(keyword_index__contains=f"|{keyword.lower()}|")
    return queryset


def search_datasets(filters: DatasetFilters, base: QuerySet | None = None) -> SearchResults:
    """Datasets matching the text and every facet, in the chosen order, with their
    publisher and distributions loaded."""
    queryset = _base(filters, base)
    ranked = bool(filters.q) and filters.sort in {"", "relevance"}
    if not ranked:
        queryset = queryset.order_by(*(SORTS.get(filters.sort) or SORTS["modified"]))
    facets = filters.facet_values()
    total = None
    if base is None and not filters.keyword:
        total = search.count(filters.q, facets, allow_estimate=True)
    queryset = search.matching(queryset, filters.q, facets=facets, ranked=ranked, total=total, outermost=True)
    queryset = queryset.select_related("publisher").prefetch_related("distributions")
    return SearchResults(queryset, total)


def facet_counts(
    filters: DatasetFilters, base: QuerySet | None = None, total: int | None = None
) -> dict[str, list[tuple]]:
    """For each facet, [(value, label, count, selected)] over the results of the other
    filters. ``total``, the result count if known, helps choose the query plan."""
    base_given = base is not None
    base = _base(filters, base)
    facets = {}
    broad = total is None or total > search.RANK_LIMIT

    def narrowed(skip):
        return search.matching(
            base, filters.q, facets=filters.facet_values(skip=skip), ranked=False,
            total=search.RANK_LIMIT + 1 if broad else None,
        )  # fmt: skip

    def rows(name, column, labels):
        counted = narrowed(name).exclude(**{column: ""}).values(column).annotate(n=Count("pk")).order_by("-n", column)
        chosen = set(getattr(filters, name))
        return [(r[column], labels(r[column]), r["n"], r[column] in chosen) for r in counted[:30]]

    facets["city"] = rows("city", "city", lambda v: v)
    publisher_names = {}
    publishers = (
        narrowed("publisher")
        .exclude(publisher_slug="")
        .values("publisher_slug")
        .annotate(n=Count("pk"), name=Coalesce(F("publisher__name"), F("publisher_name")))
    )
    publisher_rows = {}
    for row in publishers:
        publisher_names[row["publisher_slug"]] = row["name"]
        publisher_rows[row["publisher_slug"]] = publisher_rows.get(row["publisher_slug"], 0) + row["n"]
    facets["publisher"] = sorted(
        ((slug, publisher_names[slug], n, slug in filters.publisher) for slug, n in publisher_rows.items()),
        key=lambda r: (-r[2], r[1]),
    )[:30]
    facets["hvd"] = rows("hvd", "hvd_category", lambda v: vocab.HVD_CATEGORIES.get(v, v))
    facets["licence"] = rows("licence", "licence", vocab.licence_label)
    facets["frequency"] = rows("frequency", "frequency", lambda v: vocab.FREQUENCIES.get(v, v))
    # One index count per theme: cheaper than reading the theme column of every match.
    theme_facets = filters.facet_values(skip="theme")
    if filters.keyword or base_given:
        theme_totals = narrowed("theme").aggregate(
            **{code: Count("pk", filter=Q(theme_index__contains=f"|{code}|")) for code in vocab.THEMES}
        )
    else:
        theme_totals = {code: search.count(filters.q, {**theme_facets, "theme": [code]}) or 0 for code in vocab.THEMES}
    facets["theme"] = sorted(
        ((code, vocab.THEMES[code], n, code in filters.theme) for code, n in theme_totals.items() if n),
        key=lambda r: -r[2],
    )
    formats = (
        Distribution.objects.filter(dataset__in=narrowed("format").values("pk"))
        .exclude(format="")
        .values("format")
        .annotate(n=Count("dataset", distinct=True))
        .order_by("-n", "format")
    )
    facets["format"] = [(r["format"], r["format"], r["n"], r["format"] in filters.format) for r in formats[:30]]
    return facets


def followed_dataset_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(DatasetFollow.objects.filter(user=user).values_list("dataset_id", flat=True))


def recent_runs(source, limit: int = 10) -> QuerySet:
    return HarvestRun.objects.filter(source=source).order_by("-started_at", "-id")[:limit]


# --- data requests ---------------------------------------------------------------------

OPEN_STATES = [RequestStatus.OPEN, RequestStatus.ACKNOWLEDGED, RequestStatus.PLANNED]


def data_requests(*, status: str = "", organisation=None, q: str = "", order: str = "") -> QuerySet:
    queryset = DataRequest.objects.select_related("addressed_to", "fulfilled_by", "requester").annotate(
        comment_count=Count("comments", distinct=True)
    )
    if status == "active":
        queryset = queryset.filter(status__in=OPEN_STATES)
    elif status in RequestStatus.values:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.exclude(status=RequestStatus.MERGED)
    if organisation is not None:
        queryset = queryset.filter(addressed_to=organisation)
    if q:
        for word in search.query_words(q):
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    if order == "votes":
        return queryset.order_by("-vote_count", "-created_at")
    return queryset.order_by("-created_at", "-id")


def publisher_queue(organisation) -> QuerySet:
    """Requests addressed to ``organisation``, oldest unanswered (still open) first."""
    return (
        DataRequest.objects.filter(addressed_to=organisation)
        .exclude(status=RequestStatus.MERGED)
        .select_related("requester")
        .annotate(unanswered=ExpressionWrapper(Q(status=RequestStatus.OPEN), output_field=BooleanField()))
        .order_by("-unanswered", "created_at")
    )


def request_detail(pk: int) -> DataRequest | None:
    return (
        DataRequest.objects.select_related("addressed_to", "fulfilled_by", "requester", "merged_into")
        .prefetch_related("topics", "merged_requests")
        .filter(pk=pk)
        .first()
    )


def reuses() -> QuerySet:
    return Reuse.objects.select_related("organisation").prefetch_related("datasets")
