"""Faceted search in two SQL statements, the same on SQLite and PostgreSQL.

The text match is the expensive part, so it is evaluated once per statement, in a
common table expression ``m``: every published opportunity that matches the words (all
published ones without words), with one 0/1 column per active filter. Then

- ``counts`` answers the total and all six facets in one ``UNION ALL`` statement. A facet
  counts the rows that pass every filter except its own, so its numbers say what choosing
  another value would give; multi-valued facets (topic, city, country) count distinct rows.
- ``page_ids`` orders the rows passing every filter and returns one page of ids.

Only constant SQL fragments are concatenated; every value is a bound parameter.
"""

from dataclasses import dataclass

from django.db import connection

from scdt.marketplace import search

# Facet → the filter's test on one opportunity ``o`` inside the CTE (parameter: the value).
_ROW_FILTERS = {
    "kind": "o.kind = %s",
    "category": "c.slug = %s",
    "org_type": "org.type = %s",
    "topic": (
        "EXISTS (SELECT 1 FROM marketplace_opportunity_topics ot "
        "JOIN directory_topic t ON t.id = ot.topic_id "
        "WHERE ot.opportunity_id = o.id AND t.slug = %s)"
    ),
    "city": ("EXISTS (SELECT 1 FROM marketplace_place p WHERE p.opportunity_id = o.id AND LOWER(p.city) = LOWER(%s))"),
    "country": ("EXISTS (SELECT 1 FROM marketplace_place p WHERE p.opportunity_id = o.id AND p.country = %s)"),
}
# Facet → (FROM additions, value column, whether rows may repeat per opportunity).
_FACET_SOURCES = {
    "kind": ("", "m.kind", False),
    "category": ("", "m.category_slug", False),
    "org_type": ("", "m.org_type", False),
    "topic": (
        (
            "JOIN marketplace_opportunity_topics ot ON ot.opportunity_id = m.id "
            "JOIN directory_topic t ON t.id = ot.topic_id"
        ),
        "t.slug",
        True,
    ),
    "city": ("JOIN marketplace_place p ON p.opportunity_id = m.id", "p.city", True),
    "country": ("JOIN marketplace_place p ON p.opportunity_id = m.id", "p.country", True),
}
SORT_ORDERS = {
    "relevance": "m.rank DESC, m.published_at DESC, m.id DESC",
    "newest": "m.published_at DESC, m.id DESC",
    "expiring": "m.expires_on ASC, m.id DESC",
}


@dataclass(frozen=True)
class Criteria:
    """What to look for: the words and the value of each facet filter ("" = any)."""

    q: str = ""
    kind: str = ""
    category: str = ""
    topic: str = ""
    city: str = ""
    country: str = ""
    org_type: str = ""

    def active(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in _ROW_FILTERS if getattr(self, name)}


def _cte(criteria: Criteria, *, ranked: bool) -> tuple[str, list]:
    query = search.parse_query(criteria.q)
    params: list = []
    flags = []
    for name, value in criteria.active().items():
        flags.append(f"CASE WHEN {_ROW_FILTERS[name]} THEN 1 ELSE 0 END AS ok_{name}")
        params.append(value)
    source = "marketplace_opportunity o"
    source_params: list = []
    rank = "0"
    if query:
        hits_sql, source_params = search.backend().hits(query, ranked=ranked)
        source = f"({hits_sql}) h JOIN marketplace_opportunity o ON o.id = h.id"
        rank = "h.rank"
    where = "o.status = 'published'"
    columns = ", ".join(
        [
            "o.id",
            "o.kind",
            "c.slug AS category_slug",
            "org.type AS org_type",
            "o.published_at",
            "o.expires_on",
            f"{rank} AS rank",
            *flags,
        ]
    )
    sql = (
        f"WITH m AS (SELECT {columns} FROM {source} "  # noqa: S608 constant fragments only
        "JOIN marketplace_category c ON c.id = o.category_id "
        "LEFT JOIN directory_organisation org ON org.id = o.organisation_id "
        f"WHERE {where})"
    )
    # Placeholders appear in this order: flag values (SELECT), then the text source.
    return sql, [*params, *source_params]


def _passes(criteria: Criteria, *, except_facet: str = "") -> str:
    conditions = [f"m.ok_{name} = 1" for name in criteria.active() if name != except_facet]
    return " AND ".join(conditions) or "1 = 1"


def counts(criteria: Criteria) -> tuple[int, dict[str, list[tuple[str, int]]]]:
    """The number of rows passing every filter, and ``{facet: [(value, count), ...]}``."""
    cte, params = _cte(criteria, ranked=False)
    parts = [f"SELECT 'total' AS facet, '' AS value, COUNT(*) AS n FROM m WHERE {_passes(criteria)}"]  # noqa: S608
    for facet, (joins, column, repeats) in _FACET_SOURCES.items():
        counted = "COUNT(DISTINCT m.id)" if repeats else "COUNT(*)"
        parts.append(
            f"SELECT '{facet}', {column}, {counted} FROM m {joins} "  # noqa: S608 constants
            f"WHERE {_passes(criteria, except_facet=facet)} AND {column} IS NOT NULL GROUP BY {column}"
        )
    sql = cte + " " + " UNION ALL ".join(parts)
    total = 0
    facets: dict[str, list[tuple[str, int]]] = {facet: [] for facet in _FACET_SOURCES}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for facet, value, number in cursor.fetchall():
            if facet == "total":
                total = number
            elif value != "":
                facets[facet].append((value, number))
    return total, facets


def page_ids(criteria: Criteria, *, sort: str, limit: int, offset: int = 0) -> list[int]:
    """Ids of one page of the rows passing every filter, in ``sort`` order."""
    ranked = sort == "relevance" and bool(search.parse_query(criteria.q))
    cte, params = _cte(criteria, ranked=ranked)
    order = SORT_ORDERS["relevance" if ranked else sort if sort in SORT_ORDERS else "newest"]
    sql = f"{cte} SELECT m.id FROM m WHERE {_passes(criteria)} ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]
