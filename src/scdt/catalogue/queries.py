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


def _filtered(base: QuerySet, filters: DatasetFilters, *, skip: str = "") -> QuerySet:
    """``base`` narrowed by every facet except ``skip`` (facet counts ignore their own choice)."""
    queryset = base
    if filters.city and skip != "city":
        queryset = queryset.filter(city__in=filters.city)
    if filters.publisher and skip != "publisher":
        queryset = queryset.filter(publisher_slug__in=filters.publisher)
    if filters.hvd and skip != "hvd":
        queryset = queryset.filter(hvd_category__in=filters.hvd)
    if filters.licence and skip != "licence":
        queryset = queryset.filter(licence__in=filters.licence)
    if filters.frequency and skip != "frequency":
        queryset = queryset.filter(frequency__in=filters.frequency)
    if filters.theme and skip != "theme":
        theme_q = Q()
        for theme in filters.theme:
            theme_q |= Q(theme_index__contains=f"|{theme}|")
        queryset = queryset.filter(theme_q)
    if filters.format and skip != "format":
        queryset = queryset.filter(pk__in=Distribution.objects.filter(format__in=filters.format).values("dataset_id"))
    for keyword in filters.keyword:
        queryset = queryset.filter(keyword_index__contains=f"|{keyword.lower()}|")
    return queryset


def search_datasets(filters: DatasetFilters, base: QuerySet | None = None) -> QuerySet:
    """Datasets matching the text and every facet, in the chosen order."""
    queryset = _filtered(base if base is not None else visible_datasets(), filters)
    ranked = bool(filters.q) and filters.sort in {"", "relevance"}
    queryset = search.matching(queryset, filters.q, ranked=ranked)
    if not ranked:
        queryset = queryset.order_by(*(SORTS.get(filters.sort) or SORTS["modified"]))
    return queryset


def facet_counts(filters: DatasetFilters, base: QuerySet | None = None) -> dict[str, list[tuple]]:
    """For each facet, [(value, label, count, selected)] over the results of the other filters."""
    base = base if base is not None else visible_datasets()
    facets = {}

    def narrowed(skip):
        return search.matching(_filtered(base, filters, skip=skip), filters.q, ranked=False)

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
    theme_base = narrowed("theme")
    theme_totals = theme_base.aggregate(
        **{code: Count("pk", filter=Q(theme_index__contains=f"|{code}|")) for code in vocab.THEMES}
    )
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
