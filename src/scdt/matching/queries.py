"""Reads of the matching app: the in-memory index of each document kind, feedback counts.

Each process keeps one engine index (engine.index.MatchIndex) per document kind, built
from the stored documents and vectors, and rebuilds it when the kind's generation (count
and last change of its documents) moves: one cheap aggregate query per request. Only
active documents (hard filters that do not depend on the viewer) are indexed.
"""

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q
from django.utils.dateparse import parse_datetime

from scdt.matching.engine import dense
from scdt.matching.engine.index import MatchIndex
from scdt.matching.models import DocumentKind, Feedback, MatchDocument, Verdict, target_kind_of

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_indexes: dict[str, "KindIndex"] = {}


def engine_item(document: MatchDocument, *, feedback: tuple[int, int] = (0, 0)) -> dict:
    """The plain dict the engine reads for a document (text already composed)."""
    fields = document.fields or {}
    return {
        "id": str(document.pk),
        "title": document.title,
        "tags": fields.get("tags") or [],
        "description": document.body,
        "category": fields.get("category") or "",
        "organisation": fields.get("organisation") or "",
        "kind": document.role,
        "topics": fields.get("topic_names") or [],
        "city": fields.get("city") or "",
        "country": fields.get("country") or "",
        "organisation_type": fields.get("organisation_type") or "",
        "published_at": _parse_datetime(fields.get("published_at")),
        "feedback_up": feedback[0],
        "feedback_down": feedback[1],
        # No query-independent prior in the product: the engine's default (number of alias
        # names) is a DataFinder trait and would favour datasets with many keywords.
        "prior": 0.0,
    }


def _parse_datetime(value):
    return parse_datetime(value) if value else None


@dataclass
class KindIndex:
    kind: str
    generation: tuple
    index: MatchIndex
    document_ids: np.ndarray  # row -> MatchDocument.pk
    object_ids: np.ndarray  # row -> the item's pk
    roles: np.ndarray  # row -> offer / request / dataset
    owners: np.ndarray  # row -> owner user id (0: none)
    organisations: np.ndarray  # row -> organisation id (0: none)
    expires: np.ndarray  # row -> date ordinal after which it is closed (max: never)
    members_only: np.ndarray  # row -> profile visible to members only
    has_vectors: bool
    feedback_generation: tuple = ()
    checked_at: float = 0.0
    row_of_object: dict[int, int] = field(default_factory=dict)

    def rows_of_objects(self, object_ids) -> list[int]:
        return [self.row_of_object[pk] for pk in object_ids if pk in self.row_of_object]


def _generation(kind: str) -> tuple:
    stats = MatchDocument.objects.filter(kind=kind, active=True).aggregate(n=Count("pk"), last=Max("updated_at"))
    return (stats["n"], stats["last"])


def _feedback_generation(kind: str) -> tuple:
    stats = Feedback.objects.filter(kind=kind).aggregate(n=Count("pk"), last=Max("updated_at"))
    return (stats["n"], stats["last"])


def feedback_counts(kind: str) -> dict[int, tuple[int, int]]:
    """object id -> (useful, not relevant) marks on items of this target kind."""
    rows = (
        Feedback.objects.filter(kind=kind)
        .values("object_id")
        .annotate(
            up=Count("pk", filter=Q(verdict=Verdict.USEFUL)),
            down=Count("pk", filter=Q(verdict__in=[Verdict.NOT_RELEVANT, Verdict.HIDDEN])),
        )
    )
    return {row["object_id"]: (row["up"], row["down"]) for row in rows}


def _build(kind: str, generation: tuple) -> KindIndex:
    # Only what the index needs: not the query vectors nor the bodies (tens of MB at 50,000).
    documents = list(
        MatchDocument.objects.filter(kind=kind, active=True)
        .exclude(text="")
        .defer("query_vector")
        .order_by("pk")
        .iterator(chunk_size=2000)
    )
    items = [engine_item(doc) for doc in documents]
    vectors = np.zeros((len(documents), dense.DIM), dtype=np.float32)
    any_vector = False
    for row, doc in enumerate(documents):
        vector = MatchDocument.unpack(doc.document_vector)
        if vector is not None:
            vectors[row] = vector
            any_vector = True
    never = date.max.toordinal()

    def expiry(doc):
        value = (doc.fields or {}).get("expires_on")
        return date.fromisoformat(value).toordinal() if value else never

    return KindIndex(
        kind=kind,
        generation=generation,
        index=MatchIndex(items, vectors if any_vector else None, texts=[doc.text for doc in documents]),
        document_ids=np.array([doc.pk for doc in documents], dtype=np.int64),
        object_ids=np.array([doc.object_id for doc in documents], dtype=np.int64),
        roles=np.array([doc.role for doc in documents], dtype=object),
        owners=np.array([(doc.fields or {}).get("owner_id") or 0 for doc in documents], dtype=np.int64),
        organisations=np.array([(doc.fields or {}).get("organisation_id") or 0 for doc in documents], dtype=np.int64),
        expires=np.array([expiry(doc) for doc in documents], dtype=np.int64),
        members_only=np.array([(doc.fields or {}).get("visibility") == "members" for doc in documents], dtype=bool),
        has_vectors=any_vector,
        row_of_object={doc.object_id: row for row, doc in enumerate(documents)},
    )


def kind_index(kind: str) -> KindIndex:
    """The current index of one document kind.

    Freshness is checked at most every ``MATCHING_INDEX_CHECK_SECONDS`` per kind and
    process (the check is an aggregate over the kind's documents). When the documents
    changed, the index is rebuilt; with ``MATCHING_REBUILD_IN_BACKGROUND`` a process that
    already has an index keeps answering from it while a thread builds the new one (50,000
    datasets take tens of seconds to index; a page must not wait for that). New feedback
    only updates the items' counts. What a stale index could still return is filtered
    again when suggestions are loaded (panels.attach_objects).
    """
    cached = _indexes.get(kind)
    now = time.monotonic()
    if cached is not None and now - cached.checked_at < settings.MATCHING_INDEX_CHECK_SECONDS:
        return cached
    generation = _generation(kind)
    feedback_generation = _feedback_generation(target_kind_of(kind))
    rebuild_later = False
    with _lock:
        cached = _indexes.get(kind)
        if cached is None or (cached.generation != generation and not settings.MATCHING_REBUILD_IN_BACKGROUND):
            cached = _build(kind, generation)
            _indexes[kind] = cached
        elif cached.generation != generation:
            rebuild_later = True  # serve this one meanwhile
        cached.checked_at = now
        if cached.feedback_generation != feedback_generation:
            marks = feedback_counts(target_kind_of(kind))
            for row, object_id in enumerate(cached.object_ids.tolist()):
                up, down = marks.get(object_id, (0, 0))
                cached.index.items[row]["feedback_up"] = up
                cached.index.items[row]["feedback_down"] = down
            cached.feedback_generation = feedback_generation
    if rebuild_later:
        _rebuild_in_background(kind, generation)
    return cached


_rebuilding: set[str] = set()


def _rebuild_in_background(kind: str, generation: tuple) -> None:
    with _lock:
        if kind in _rebuilding:
            return
        _rebuilding.add(kind)

    def work():
        try:
            built = _build(kind, generation)
            with _lock:
                current = _indexes.get(kind)
                built.feedback_generation = ()  # counts are filled in on the next check
                if current is None or current.generation != generation:
                    _indexes[kind] = built
        except Exception:
            logger.exception("Rebuilding the %s index failed; the old one stays in use", kind)
        finally:
            connection.close()  # this thread's own database connection
            with _lock:
                _rebuilding.discard(kind)

    threading.Thread(target=work, name=f"matching-index-{kind}", daemon=True).start()


def forget_indexes() -> None:
    """Drop every cached index (tests; after a bulk rebuild in this process)."""
    with _lock:
        _indexes.clear()


def verdicts_by(user, kind: str) -> dict[int, str]:
    """Everything this person said about items of a target kind: object id -> verdict.

    Hidden items never come back to them; "not relevant" ones sink; the rest show their
    state. A person's marks are few, so one query fetches them all.
    """
    if user is None or not user.is_authenticated:
        return {}
    return dict(Feedback.objects.filter(user=user, kind=kind).values_list("object_id", "verdict"))


def document_of(kind: str, object_id: int) -> MatchDocument | None:
    return MatchDocument.objects.filter(kind=kind, object_id=object_id).first()


def own_demand_documents(user, *, limit: int = 3) -> list[MatchDocument]:
    """The person's most recent published requests and open data requests."""
    if user is None or not user.is_authenticated:
        return []
    mine = MatchDocument.objects.filter(active=True, fields__owner_id=user.pk).order_by("-updated_at", "-pk")
    return [
        *mine.filter(kind=DocumentKind.OPPORTUNITY, role="request")[:limit],
        *mine.filter(kind=DocumentKind.DATA_REQUEST)[:limit],
    ]
