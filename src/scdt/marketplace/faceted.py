"""Faceted search in one SQL statement, the same on SQLite and PostgreSQL.

The text match is the expensive part, so it is evaluated once per statement, in a
common table expression ``m``: every published opportunity that matches the words (all
published ones without words), with one 0/1 column per active filter. Then

- ``run`` answers the total, all six facets and one page of ids in one ``UNION ALL``
  statement. A facet counts the rows that pass every filter except its own, so its numbers
  say what choosing another value would give; multi-valued facets (topic, city, country)
  count distinct rows.
- ``page_ids`` orders the rows passing every filter and returns one page of ids only.

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
# Single-valued facets: a column of ``m``.
_ROW_FACETS = {"kind": "m.kind", "category": "m.category_slug", "org_type": "m.org_type"}
# Multi-valued facets: (table with the values, value column, its opportunity column). They
# are counted from the value table for ids ``IN`` the matching rows, so both engines walk
# the value table's index on the opportunity column instead of scanning it.
_RELATED_FACETS = {
    "topic": (
        "marketplace_opportunity_topics ot JOIN directory_topic t ON t.id = ot.topic_id",
        "t.slug",
        "ot.opportunity_id",
    ),
    "city": ("marketplace_place p", "p.city", "p.opportunity_id"),
    "country": ("marketplace_place p", "p.country", "p.opportunity_id"),
}
FACETS = ("kind", "category", "topic", "city", "country", "org_type")
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
    flag_params: list = []
    flags = []
    for name, value in criteria.active().items():
        flags.append(f"CASE WHEN {_ROW_FILTERS[name]} THEN 1 ELSE 0 END AS ok_{name}")
        flag_params.append(value)
    text = search.backend().text_source(query, ranked=ranked) if query else search.NO_TEXT
    columns = ", ".join(
        [
            "o.id",
            "o.kind",
            "c.slug AS category_slug",
            "org.type AS org_type",
            "o.published_at",
            "o.expires_on",
            f"{text.rank_sql} AS rank",
            *flags,
        ]
    )
    where = " AND ".join(filter(None, ["o.status = 'published'", text.where_sql]))
    sql = (
        # MATERIALIZED: the text match runs once however often the statement reads ``m``.
        f"WITH m AS MATERIALIZED (SELECT {columns} FROM {text.from_sql} "  # noqa: S608 constant fragments only
        "JOIN marketplace_category c ON c.id = o.category_id "
        "LEFT JOIN directory_organisation org ON org.id = o.organisation_id "
        f"WHERE {where})"
    )
    # Placeholders in the order they appear: rank, flags, the FROM source, WHERE.
    return sql, [*text.rank_params, *flag_params, *text.from_params, *text.where_params]


def _passes(criteria: Criteria, *, except_facet: str = "") -> str:
    conditions = [f"m.ok_{name} = 1" for name in criteria.active() if name != except_facet]
    return " AND ".join(conditions) or "1 = 1"


def _order(criteria: Criteria, sort: str) -> tuple[bool, str]:
    ranked = sort == "relevance" and bool(search.parse_query(criteria.q))
    return ranked, SORT_ORDERS["relevance" if ranked else sort if sort in SORT_ORDERS else "newest"]


def run(criteria: Criteria, *, sort: str, limit: int, offset: int = 0):
    """``(total, {facet: [(value, count), ...]}, page ids)`` in one statement.

    The total counts the rows passing every filter; each facet counts the rows passing
    every filter but its own; the page is ``limit`` ids from ``offset`` in ``sort`` order.
    """
    ranked, order = _order(criteria, sort)
    cte, params = _cte(criteria, ranked=ranked)
    parts = [f"SELECT 'total' AS facet, '' AS value, COUNT(*) AS n FROM m WHERE {_passes(criteria)}"]  # noqa: S608
    for facet, column in _ROW_FACETS.items():
        parts.append(
            f"SELECT '{facet}', {column}, COUNT(*) FROM m "  # noqa: S608 constants
            f"WHERE {_passes(criteria, except_facet=facet)} AND {column} IS NOT NULL GROUP BY {column}"
        )
    for facet, (table, column, owner) in _RELATED_FACETS.items():
        parts.append(
            f"SELECT '{facet}', {column}, COUNT(DISTINCT {owner}) FROM {table} "  # noqa: S608 constants
            f"WHERE {owner} IN (SELECT m.id FROM m WHERE {_passes(criteria, except_facet=facet)}) "
            f"GROUP BY {column}"
        )
    # The page travels in the same result: its ids as text, its positions in ``n``.
    parts.append(
        "SELECT facet, value, n FROM (SELECT 'page' AS facet, CAST(m.id AS TEXT) AS value, "  # noqa: S608
        f"ROW_NUMBER() OVER (ORDER BY {order}) AS n FROM m WHERE {_passes(criteria)} "
        f"ORDER BY {order} LIMIT %s OFFSET %s) page"
    )
    sql = cte + " " + " UNION ALL ".join(parts)
    total = 0
    facets: dict[str, list[tuple[str, int]]] = {facet: [] for facet in FACETS}
    page: list[tuple[int, int]] = []
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        for facet, value, number in cursor.fetchall():
            if facet == "total":
                total = number
            elif facet == "page":
                page.append((number, int(value)))
            elif value != "":
                facets[facet].append((value, number))
    return total, facets, [pk for _position, pk in sorted(page)]


def page_ids(criteria: Criteria, *, sort: str, limit: int, offset: int = 0) -> list[int]:
    """Ids of one page of the rows passing every filter, in ``sort`` order."""
    ranked, order = _order(criteria, sort)
    cte, params = _cte(criteria, ranked=ranked)
    sql = f"{cte} SELECT m.id FROM m WHERE {_passes(criteria)} ORDER BY {order} LIMIT %s OFFSET %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        return [row[0] for row in cursor.fetchall()]
