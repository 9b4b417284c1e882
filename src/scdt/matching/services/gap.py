"""The demand/supply gap: for every request and data request, the best supply the engine finds.

Demand: published requests of the marketplace and open data requests. Supply: published
offers and datasets. A piece of demand is *met* when its best supply is at least a "good"
match (the engine's band); otherwise it is unmet. ``assess_all`` stores one assessment per
piece of demand and a snapshot of today's city x topic counts, which is the trend.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from scdt.directory.models import Topic
from scdt.matching.models import DemandAssessment, DocumentKind, GapSnapshot, MatchDocument
from scdt.matching.services.recommendations import suggest

MET_BANDS = {"strong", "good"}
NO_CITY = ""  # shown as "no city given"
NO_TOPIC = ""  # shown as "no topic given"


def city_key(value: str) -> str:
    """One spelling per city: "gdańsk ", "Gdańsk" and "GDAŃSK" are one row."""
    return " ".join((value or "").split()).title()


def demand_documents():
    return MatchDocument.objects.filter(
        Q(kind=DocumentKind.DATA_REQUEST) | Q(kind=DocumentKind.OPPORTUNITY, role="request"), active=True
    )


def supply_documents():
    return MatchDocument.objects.filter(
        Q(kind=DocumentKind.DATASET) | Q(kind=DocumentKind.OPPORTUNITY, role="offer"), active=True
    )


def best_supply(document: MatchDocument):
    """The best offer or dataset for one piece of demand (None if nothing passes the filters)."""
    candidates = suggest(document, DocumentKind.DATASET, k=1, as_owner=True, exclude_organisation=False)
    if document.kind == DocumentKind.OPPORTUNITY:
        candidates += suggest(document, DocumentKind.OPPORTUNITY, k=1, roles={"offer"}, as_owner=True)
    rank = {"strong": 2, "good": 1}
    return max(candidates, key=lambda s: (rank.get(s.band, 0), s.score), default=None)


def still_open(document: MatchDocument, today=None) -> bool:
    """Documents are refreshed when their item changes, not when a date passes: an offer or
    request that expired since is left out here, as the recommendation index does."""
    expires_on = (document.fields or {}).get("expires_on")
    return not expires_on or expires_on >= (today or timezone.localdate()).isoformat()


@transaction.atomic
def assess_all() -> dict:
    """Assess every piece of demand and record today's snapshot; returns the totals."""
    seen = set()
    met_count = 0
    today = timezone.localdate()
    for document in demand_documents().order_by("pk"):
        if not still_open(document, today):
            continue
        best = best_supply(document)
        fields = document.fields or {}
        met = best is not None and best.band in MET_BANDS
        met_count += met
        DemandAssessment.objects.update_or_create(
            kind=document.kind,
            object_id=document.object_id,
            defaults={
                "title": document.title[:300],
                "city": city_key(fields.get("city", "")),
                "topics": fields.get("topic_slugs") or [],
                "best_kind": best.document_kind if best else "",
                "best_id": best.object_id if best else None,
                "best_title": (best.title if best else "")[:300],
                "band": best.band if best else "",
                "score": best.score if best else 0.0,
                "met": met,
            },
        )
        seen.add((document.kind, document.object_id))
    stale = [
        pk
        for pk, kind, object_id in DemandAssessment.objects.values_list("pk", "kind", "object_id")
        if (kind, object_id) not in seen
    ]
    DemandAssessment.objects.filter(pk__in=stale).delete()
    matrix = gap_matrix()
    GapSnapshot.objects.filter(day=today).delete()
    GapSnapshot.objects.bulk_create(
        GapSnapshot(
            day=today, city=cell.city, topic=cell.topic, demand=cell.demand, supply=cell.supply, unmet=cell.unmet
        )
        for cell in matrix.cells.values()
    )
    return {"demand": len(seen), "met": met_count, "unmet": len(seen) - met_count}


@dataclass
class Cell:
    city: str
    topic: str
    demand: int = 0
    supply: int = 0
    unmet: int = 0

    @property
    def unmet_share(self) -> float:
        return self.unmet / self.demand if self.demand else 0.0


@dataclass
class Matrix:
    cities: list[str]
    topics: list[str]
    cells: dict[tuple[str, str], Cell]
    assessed_at: object
    # Distinct items per row, per column and overall: an item with two topics is in two
    # cells of its city's row but counts once in the row's total.
    city_totals: dict[str, Cell] = field(default_factory=dict)
    topic_totals: dict[str, Cell] = field(default_factory=dict)
    total: Cell = field(default_factory=lambda: Cell(NO_CITY, NO_TOPIC))

    def cell(self, city: str, topic: str) -> Cell:
        return self.cells.get((city, topic)) or Cell(city, topic)

    @property
    def max_unmet(self) -> int:
        return max((cell.unmet for cell in self.cells.values()), default=0)


def current_assessments() -> list[DemandAssessment]:
    """The stored assessments of demand that is still public now.

    Assessments are made once a day; a request closed, expired or drafted since then must
    not show until the next run removes it.
    """
    today = timezone.localdate()
    public = {
        (document.kind, document.object_id)
        for document in demand_documents().only("kind", "object_id", "fields")
        if still_open(document, today)
    }
    return [
        assessment
        for assessment in DemandAssessment.objects.order_by("city", "pk")
        if (assessment.kind, assessment.object_id) in public
    ]


def _topic_order() -> dict[str, tuple]:
    return {slug: (position, slug) for slug, position in Topic.objects.values_list("slug", "position")}


def gap_matrix() -> Matrix:
    """City x topic counts of demand, supply and unmet demand, from the stored assessments."""
    cells: dict[tuple[str, str], Cell] = {}
    city_totals: dict[str, Cell] = {}
    topic_totals: dict[str, Cell] = {}
    total = Cell(NO_CITY, NO_TOPIC)

    def cell(city, topic):
        return cells.setdefault((city, topic), Cell(city, topic))

    def count(city: str, topics: list[str], attribute: str, amount: int = 1) -> None:
        for target in (
            city_totals.setdefault(city, Cell(city, NO_TOPIC)),
            total,
            *(topic_totals.setdefault(topic, Cell(NO_CITY, topic)) for topic in topics),
            *(cell(city, topic) for topic in topics),
        ):
            setattr(target, attribute, getattr(target, attribute) + amount)

    assessments = current_assessments()
    for assessment in assessments:
        topics = list(dict.fromkeys(assessment.topics or [NO_TOPIC]))
        count(assessment.city, topics, "demand")
        if not assessment.met:
            count(assessment.city, topics, "unmet")
    today = timezone.localdate()
    for document in supply_documents().only("fields"):
        if not still_open(document, today):
            continue
        fields = document.fields or {}
        topics = list(dict.fromkeys(fields.get("topic_slugs") or [NO_TOPIC]))
        count(city_key(fields.get("city", "")), topics, "supply")
    # Busiest cities first; "no city" last. Topics in the directory's order; "no topic" last.
    cities = sorted(city_totals, key=lambda c: (c == NO_CITY, -city_totals[c].demand, c))
    order = _topic_order()
    topics = sorted(topic_totals, key=lambda t: (t == NO_TOPIC, order.get(t, (10_000, t))))
    last = max((assessment.assessed_at for assessment in assessments), default=None)
    return Matrix(
        cities=cities,
        topics=topics,
        cells=cells,
        assessed_at=last,
        city_totals=city_totals,
        topic_totals=topic_totals,
        total=total,
    )


@dataclass
class ItemRef:
    """An item of the gap as the pages link it: kind, id, title and slug (if it has one)."""

    kind: str
    object_id: int
    title: str
    slug: str = ""
    city: str = ""
    topics: list[str] = field(default_factory=list)


@dataclass
class DemandItem:
    item: ItemRef
    met: bool
    band: str  # of the best supply; "" when nothing was found
    score: float
    # The best supply, if it is still public (None: nothing found, or gone since).
    best: ItemRef | None
    best_title: str  # as assessed, shown even when the item is gone
    assessed_at: object


def _refs(documents) -> dict[tuple[str, int], ItemRef]:
    today = timezone.localdate()
    return {
        (document.kind, document.object_id): ItemRef(
            kind=document.kind,
            object_id=document.object_id,
            title=document.title,
            slug=(document.fields or {}).get("slug") or "",
            city=city_key((document.fields or {}).get("city", "")),
            topics=list((document.fields or {}).get("topic_slugs") or []),
        )
        for document in documents
        if still_open(document, today)
    }


def demand_items(assessments: list[DemandAssessment]) -> list[DemandItem]:
    """Each assessment with links to its demand and (if still public) its best supply."""
    demand = _refs(
        MatchDocument.objects.filter(
            kind__in={a.kind for a in assessments}, object_id__in={a.object_id for a in assessments}
        )
    )
    best_ids = {a.best_id for a in assessments if a.best_id}
    supply = _refs(supply_documents().filter(object_id__in=best_ids)) if best_ids else {}
    items = []
    for assessment in assessments:
        ref = demand.get((assessment.kind, assessment.object_id))
        if ref is None:
            continue
        items.append(
            DemandItem(
                item=ref,
                met=assessment.met,
                band=assessment.band,
                score=assessment.score,
                best=supply.get((assessment.best_kind, assessment.best_id)) if assessment.best_id else None,
                best_title=assessment.best_title,
                assessed_at=assessment.assessed_at,
            )
        )
    return items


def all_demand_items() -> list[DemandItem]:
    """Every public piece of demand with its best supply (the item-level CSV)."""
    return demand_items(current_assessments())


def cell_items(city: str, topic: str) -> dict[str, list]:
    """Drill-down: the demand (with its best supply, unmet first) and the supply of one cell."""
    assessments = [
        assessment
        for assessment in current_assessments()
        if assessment.city == city and topic in (assessment.topics or [NO_TOPIC])
    ]
    assessments.sort(key=lambda a: (a.met, -a.score, a.pk))
    supply = [
        ref
        for ref in _refs(supply_documents().order_by("kind", "title", "pk")).values()
        if ref.city == city and topic in (ref.topics or [NO_TOPIC])
    ]
    return {"demand": demand_items(assessments), "supply": supply}


def trend() -> list[dict]:
    """Per day: total demand, supply and unmet demand over all cells (demand counted per cell)."""
    days: dict = defaultdict(lambda: {"demand": 0, "supply": 0, "unmet": 0})
    for snapshot in GapSnapshot.objects.order_by("day"):
        row = days[snapshot.day]
        row["demand"] += snapshot.demand
        row["supply"] += snapshot.supply
        row["unmet"] += snapshot.unmet
    return [
        {"day": day, **values, "unmet_share": values["unmet"] / values["demand"] if values["demand"] else 0.0}
        for day, values in sorted(days.items())
    ]
