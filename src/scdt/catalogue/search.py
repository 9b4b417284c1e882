"""Full-text search over datasets behind one interface: FTS5 on SQLite, tsvector on
PostgreSQL (see migrations 0002, 0003 and 0005).

One index answers the text *and* the facet filters: every dataset's indexed text ends
with facet tokens (``qfcityturku``, ``qfthemetran``, ``qfformatcsv``, ...), so a search
with filters is a single index lookup, and its count never touches the dataset rows.
Withdrawn datasets are kept out of the SQLite index by its triggers.

Ordering: by relevance (bm25 / ts_rank) while a query matches at most
``RANK_LIMIT`` datasets; broader queries (a common word over a large catalogue) are
ordered by modification date, because scoring tens of thousands of matches costs more
than the answer is worth.
"""

import json
import re
import unicodedata

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.expressions import RawSQL

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 8
RANK_LIMIT = 3000
ESTIMATE_ABOVE = 20_000


class Estimate(int):
    """A match count that is the query planner's estimate, not an exact count."""

    approximate = True


FACET_TOKENS = {
    "city": "city",
    "publisher": "pub",
    "theme": "theme",
    "hvd": "hvd",
    "format": "format",
    "licence": "lic",
    "frequency": "freq",
}
_FTS = "catalogue_dataset_fts"
# PostgreSQL: a stored generated column (migration 0005), GIN-indexed.
_VECTOR = "catalogue_dataset.search_vector"


def query_words(text: str) -> list[str]:
    """The words of a search box entry; operators and punctuation never reach the engine."""
    return _WORD.findall(text or "")[:MAX_WORDS]


def facet_token(facet: str, value: str) -> str:
    """One index token for a facet value: ASCII letters and digits only, so every
    tokenizer keeps it whole (``Gdańsk`` -> ``qfcitygdansk``)."""
    ascii_value = unicodedata.normalize("NFKD", str(value).replace("ł", "l").replace("Ł", "L"))
    ascii_value = ascii_value.encode("ascii", "ignore").decode().lower()
    return f"qf{FACET_TOKENS[facet]}{re.sub(r'[^a-z0-9]', '', ascii_value)}"


def facet_line(values: dict[str, list[str]]) -> str:
    """The facet tokens a dataset's indexed text ends with."""
    return " ".join(facet_token(facet, v) for facet, vs in values.items() for v in vs if v)


def _sqlite_expression(words: list[str], facets: dict[str, list[str]]) -> str:
    parts = [f'"{word}"*' for word in words]
    for facet, values in facets.items():
        tokens = [f'"{facet_token(facet, v)}"' for v in values if v]
        if tokens:
            parts.append("(" + " OR ".join(tokens) + ")")
    return " AND ".join(parts)


def _postgres_expression(words: list[str], facets: dict[str, list[str]]) -> str:
    parts = [f"{word.lower()}:*" for word in words]
    for facet, values in facets.items():
        tokens = [facet_token(facet, v) for v in values if v]
        if tokens:
            parts.append("(" + " | ".join(tokens) + ")")
    return " & ".join(parts)


def _expression(text: str, facets: dict[str, list[str]] | None) -> str:
    words, facets = query_words(text), {k: v for k, v in (facets or {}).items() if v}
    if not words and not facets:
        return ""
    if connection.vendor == "sqlite":
        return _sqlite_expression(words, facets)
    return _postgres_expression(words, facets)


def count(text: str, facets: dict[str, list[str]] | None = None, *, allow_estimate: bool = False):
    """How many visible datasets match, from the index alone; None when nothing narrows.

    With ``allow_estimate``, PostgreSQL answers a very broad query (the planner expects
    more than ``ESTIMATE_ABOVE`` matches) with the planner's estimate, returned as an
    ``Estimate``: counting exactly would read every matching row.
    """
    expression = _expression(text, facets)
    if not expression:
        return None
    with connection.cursor() as cursor:
        if allow_estimate and connection.vendor == "postgresql":
            cursor.execute(
                f"EXPLAIN (FORMAT JSON) SELECT 1 FROM catalogue_dataset WHERE NOT withdrawn AND {_VECTOR} @@ "  # noqa: S608
                "to_tsquery('simple'::regconfig, %s)",
                [expression],
            )
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            rows = int(plan[0]["Plan"]["Plan Rows"])
            if rows > ESTIMATE_ABOVE:
                return Estimate(rows)
        if connection.vendor == "sqlite":
            cursor.execute(f"SELECT count(*) FROM {_FTS} WHERE {_FTS} MATCH %s", [expression])  # noqa: S608
        else:
            cursor.execute(
                f"SELECT count(*) FROM catalogue_dataset WHERE NOT withdrawn AND {_VECTOR} @@ "  # noqa: S608
                "to_tsquery('simple'::regconfig, %s)",
                [expression],
            )
        return cursor.fetchone()[0]


def matching(
    queryset: QuerySet,
    text: str,
    *,
    facets: dict[str, list[str]] | None = None,
    ranked: bool = True,
    total: int | None = None,
    outermost: bool = False,
) -> QuerySet:
    """``queryset`` narrowed to datasets matching ``text`` and ``facets``.

    Unranked results filter with ``pk IN (<index subquery>)`` so they also work nested in
    other queries; ranked ones join the index to order by score and must stay outermost.
    Ranking falls back to recency beyond ``RANK_LIMIT`` matches (see the module notes).
    ``total`` (the match count, if known) lets SQLite pick the faster plan: for broad
    matches it walks the dataset indexes in order and probes the match set, instead of
    fetching every matching row. ``outermost`` (the queryset will not be nested in another
    query) lets PostgreSQL test each row directly, so it can walk the recency index too.
    """
    expression = _expression(text, facets)
    if not expression:
        return queryset
    if ranked:
        total = count(text, facets) if total is None else total
        if total > RANK_LIMIT:
            ranked = False
            queryset = queryset.order_by("-modified", "-id")
    if connection.vendor == "sqlite":
        if not ranked:
            subquery = RawSQL(f"SELECT rowid FROM {_FTS} WHERE {_FTS} MATCH %s", [expression])  # noqa: S608, S611
            if total is not None and total > RANK_LIMIT:
                # "id + 0" keeps SQLite from driving the query by rowid lookups of every match.
                return queryset.alias(_id_probe=F("pk") + 0).filter(_id_probe__in=subquery)
            return queryset.filter(pk__in=subquery)
        queryset = queryset.extra(  # noqa: S610 - parameters are bound, table names are ours
            tables=[_FTS],
            where=[f"{_FTS}.rowid = catalogue_dataset.id", f"{_FTS} MATCH %s"],
            params=[expression],
            select={"search_rank": f"{_FTS}.rank"},
        )
        return queryset.order_by("search_rank", "-id")
    query = "to_tsquery('simple'::regconfig, %s)"
    if not ranked and outermost:
        return queryset.extra(where=[f"{_VECTOR} @@ {query}"], params=[expression])  # noqa: S610 - bound
    if not ranked:
        subquery = f"SELECT id FROM catalogue_dataset WHERE {_VECTOR} @@ {query}"  # noqa: S608
        return queryset.filter(pk__in=RawSQL(subquery, [expression]))  # noqa: S611 - bound
    queryset = queryset.extra(  # noqa: S610 - parameters are bound
        where=[f"{_VECTOR} @@ {query}"],
        params=[expression],
        select={"search_rank": f"ts_rank({_VECTOR}, {query})"},
        select_params=[expression],
    )
    return queryset.order_by("-search_rank", "-id")
