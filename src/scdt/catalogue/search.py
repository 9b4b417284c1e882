"""Full-text search over datasets behind one interface: FTS5 on SQLite, tsvector on
PostgreSQL (see migration 0002). Both match every word of the query as a prefix."""

import re

from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8


def query_words(text: str) -> list[str]:
    """The words of a search box entry; operators and punctuation never reach the engine."""
    return _WORD.findall(text or "")[:MAX_WORDS]


def matching(queryset: QuerySet, text: str, *, ranked: bool = True) -> QuerySet:
    """``queryset`` narrowed to datasets matching ``text``; ordered by relevance if ``ranked``.

    Unranked results filter with ``pk IN (<full-text subquery>)`` so they also work nested
    inside other queries (facet counts); ranked results join the index to order by score
    and must stay the outermost query.
    """
    words = query_words(text)
    if not words:
        return queryset
    if connection.vendor == "sqlite":
        expression = " ".join(f'"{word}"*' for word in words)
        if not ranked:
            return queryset.filter(
                pk__in=RawSQL(
                    "SELECT rowid FROM catalogue_dataset_fts WHERE catalogue_dataset_fts MATCH %s",
                    [expression],
                )
            )
        queryset = queryset.extra(
            tables=["catalogue_dataset_fts"],
            where=[
                "catalogue_dataset_fts.rowid = catalogue_dataset.id",
                "catalogue_dataset_fts MATCH %s",
            ],
            params=[expression],
            select={"search_rank": "catalogue_dataset_fts.rank"},
        )
        return queryset.order_by("search_rank")
    expression = " & ".join(f"{word}:*" for word in words)
    vector = "to_tsvector('simple'::regconfig, {table}.search_text)"
    query = "to_tsquery('simple'::regconfig, %s)"
    if not ranked:
        inner = vector.format(table="catalogue_dataset")
        return queryset.filter(
            # The query text is a bound parameter; only our own column names are formatted in.
            pk__in=RawSQL(f"SELECT id FROM catalogue_dataset WHERE {inner} @@ {query}", [expression])  # noqa: S608, S611
        )
    outer = vector.format(table="catalogue_dataset")
    queryset = queryset.extra(  # noqa: S610 - parameters are bound
        where=[f"{outer} @@ {query}"],
        params=[expression],
        select={"search_rank": f"ts_rank({outer}, {query})"},
        select_params=[expression],
    )
    return queryset.order_by("-search_rank", "-id")
