"""Full-text search over datasets behind one interface: FTS5 on SQLite, tsvector on
PostgreSQL (see migration 0002). Both match every word of the query as a prefix."""

import re

from django.db import connection
from django.db.models import QuerySet

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def query_words(text: str) -> list[str]:
    """The words of a search box entry; operators and punctuation never reach the engine."""
    return _WORD.findall(text or "")[:MAX_WORDS]


def matching(queryset: QuerySet, text: str, *, ranked: bool = True) -> QuerySet:
    """``queryset`` narrowed to datasets matching ``text``; ordered by relevance if ``ranked``."""
    words = query_words(text)
    if not words:
        return queryset
    if connection.vendor == "sqlite":
        expression = " ".join(f'"{word}"*' for word in words)
        queryset = queryset.extra(  # noqa: S610 - parameters are bound, table names are ours
            tables=["catalogue_dataset_fts"],
            where=[
                "catalogue_dataset_fts.rowid = catalogue_dataset.id",
                "catalogue_dataset_fts MATCH %s",
            ],
            params=[expression],
            select={"search_rank": "catalogue_dataset_fts.rank"} if ranked else {},
        )
        return queryset.order_by("search_rank") if ranked else queryset
    expression = " & ".join(f"{word}:*" for word in words)
    vector = "to_tsvector('simple'::regconfig, catalogue_dataset.search_text)"
    query = "to_tsquery('simple'::regconfig, %s)"
    queryset = queryset.extra(  # noqa: S610 - parameters are bound
        where=[f"{vector} @@ {query}"],
        params=[expression],
        select={"search_rank": f"ts_rank({vector}, {query})"} if ranked else {},
        select_params=[expression] if ranked else [],
    )
    return queryset.order_by("-search_rank") if ranked else queryset
