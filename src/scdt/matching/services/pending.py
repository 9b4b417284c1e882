"""Collect the items a transaction changed and refresh their match documents once, after commit.

A harvest saves thousands of datasets in one transaction; refreshing (and queueing an
embedding task) per save would multiply the work. Receivers add ids here and register an
on-commit flush; the first flush takes every pending id, the later ones find nothing.
(No "already scheduled" flag: a rolled-back transaction drops its callbacks, and a flag
would then stop every later flush. Ids of a rolled-back change are refreshed with the
next commit, which is harmless: a refresh reads what the database holds.)
"""

import threading
from collections import defaultdict

from django.conf import settings
from django.db import transaction

from scdt.matching.services import documents

_state = threading.local()
CHUNK = 1000  # items per refresh: bounded memory and SQL parameters for a 100,000-record harvest


def _pending() -> dict[str, set[int]]:
    if not hasattr(_state, "ids"):
        _state.ids = defaultdict(set)
    return _state.ids


def mark_changed(source_kind: str, object_id: int) -> None:
    _pending()[source_kind].add(int(object_id))
    transaction.on_commit(flush)


def flush() -> list[int]:
    """Refresh every pending item's documents and queue the embedding of changed texts."""
    pending = _pending()
    batches = {kind: sorted(ids) for kind, ids in pending.items() if ids}
    pending.clear()
    needing: list[int] = []
    for source_kind, ids in batches.items():
        for start in range(0, len(ids), CHUNK):
            needing += documents.refresh(source_kind, ids[start : start + CHUNK])
    if needing and settings.MATCHING_EMBEDDINGS:
        # Imported here: tasks.py imports the services (the task wraps a service call).
        from scdt.matching.tasks import embed_documents_task

        for start in range(0, len(needing), 500):
            embed_documents_task.enqueue(needing[start : start + 500])
    return needing
