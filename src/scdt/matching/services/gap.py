"""The demand/supply gap: for every request and data request, the best supply the engine finds.

Demand: published requests of the marketplace and open data requests. Supply: published
offers and datasets. A piece of demand is *met* when its best supply is at least a "good"
match (the engine's band); otherwise it is unmet. ``assess_all`` stores one assessment per
piece of demand and a snapshot of today's city x topic counts, which is the trend.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from scdt.matching.models import DemandAssessment, DocumentKind, GapSnapshot, MatchDocument
from scdt.matching.services.recommendations import suggest

MET_BANDS = {"strong", "good"}
NO_CITY = ""  # shown as "no city given"
NO_TOPIC = ""  # shown as "no topic given"


def city_key(value: str) -> str:
    """One spelling per city: "gdańsk ", "Gdańsk" and "GDAŃSK" are one row."""
    return " ".join((value or "").split()).title()


def demand_documents():
    return MatchDocument.objects.filter(active=True).filter(
        kind=DocumentKind.DATA_REQUEST
    ) | MatchDocument.objects.filter(active=True, kind=DocumentKind.OPPORTUNITY, role="request")


def supply_documents():
    return MatchDocument.objects.filter(active=True).filter(
        kind=DocumentKind.DATASET
    ) | MatchDocument.objects.filter(active=True, kind=DocumentKind.OPPORTUNITY, role="offer")


def best_supply(document: MatchDocument):
    """The best offer or dataset for one piece of demand (None if nothing passes the filters)."""
    candidates = suggest(document, DocumentKind.DATASET, k=1, as_owner=True, exclude_organisation=False)
    if document.kind == DocumentKind.OPPORTUNITY:
        candidates += suggest(document, DocumentKind.OPPORTUNITY, k=1, roles={"offer"}, as_owner=True)
    rank = {"strong": 2, "good": 1}
    return max(candidates, key=lambda s: (rank.get(s.band, 0), s.score), default=None)


def _cells(document: MatchDocument) -> list[tuple[str, str]]:
    fields = document.fields or {}
    topics = fields.get("topic_slugs") or [NO_TOPIC]
    return [(city_key(fields.get("city", "")), topic) for topic in topics]


@transaction.atomic
def assess_all() -> dict:
    """Assess every piece of demand and record today's snapshot; returns the totals."""
    seen = set()
    met_count = 0
    for document in demand_documents().order_by("pk"):
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
    today = timezone.localdate()
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

    def cell(self, city: str, topic: str) -> Cell:
        return self.cells.get((city, topic)) or Cell(city, topic)

    @property
    def max_unmet(self) -> int:
        return max((cell.unmet for cell in self.cells.values()), default=0)


def gap_matrix() -> Matrix:
    """City x topic counts of demand, supply and unmet demand, from the stored assessments."""
    cells: dict[tuple[str, str], Cell] = {}

    def cell(city, topic):
        return cells.setdefault((city, topic), Cell(city, topic))

    for assessment in DemandAssessment.objects.all():
        for topic in assessment.topics or [NO_TOPIC]:
            target = cell(assessment.city, topic)
            target.demand += 1
            target.unmet += not assessment.met
    for document in supply_documents().only("fields"):
        for key in _cells(document):
            cell(*key).supply += 1
    demand_by_city = Counter()
    for (city, _topic), value in cells.items():
        demand_by_city[city] += value.demand
    # Busiest cities first; "no city" last.
    cities = sorted({city for city, _ in cells}, key=lambda c: (c == NO_CITY, -demand_by_city[c], c))
    topics = sorted({topic for _, topic in cells}, key=lambda t: (t == NO_TOPIC, t))
    last = DemandAssessment.objects.order_by("-assessed_at").values_list("assessed_at", flat=True).first()
    return Matrix(cities=cities, topics=topics, cells=cells, assessed_at=last)


def cell_items(city: str, topic: str) -> dict[str, list]:
    """Drill-down: the demand (with its best supply) and the supply of one cell."""
    demand = [
        assessment
        for assessment in DemandAssessment.objects.filter(city=city).order_by("met", "-score", "pk")
        if topic in (assessment.topics or [NO_TOPIC])
    ]
    supply = [doc for doc in supply_documents().order_by("kind", "title") if (city, topic) in _cells(doc)]
    return {"demand": demand, "supply": supply}


def trend() -> list[dict]:
    """Per day: total demand, supply and unmet demand over all cells (demand counted per cell)."""
    days: dict = defaultdict(lambda: {"demand": 0, "supply": 0, "unmet": 0})
    for snapshot in GapSnapshot.objects.order_by("day"):
        row = days[snapshot.day]
        row["demand"] += snapshot.demand
        row["supply"] += snapshot.supply
        row["unmet"] += snapshot.unmet
    return [{"day": day, **values} for day, values in sorted(days.items())]
