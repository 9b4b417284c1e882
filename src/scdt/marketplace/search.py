"""Full-text search of opportunities behind one interface, with one backend per database.

Both engines get the same input and the same query, so they return the same rows:

- Python folds text (lower case, accents and letters such as "ł" removed, see ``fold``) and
  splits it into alphanumeric tokens. The services store the result in
  ``Opportunity.search_title`` / ``search_body``; the index is built from those columns
  (SQLite: an FTS5 table kept by triggers; PostgreSQL: a generated ``tsvector`` column
  with a GIN index, ``simple`` configuration). "Gdańsk" and "gdansk" are one token.
- A user's query goes through the same ``fold`` and becomes a list of tokens. Every token
  must match the start of a word (AND of prefix terms). Quotes, ``*``, ``NEAR``, ``-``, ``:``
  and the like are never passed on: we build MATCH / tsquery text from tokens ourselves.
- Ranking differs by engine and may order ties differently: SQLite uses FTS5's bm25 with
  the title weighted up; PostgreSQL uses ``ts_rank`` on the same vector plus ``ts_rank``
  on a second vector made with the language's own configuration (``finnish``, ``english``,
  ``swedish``, ``german``, ``lithuanian`` where the server has it; ``simple`` for Polish and
  others), so inflected forms rank higher without changing which rows match.

The schema objects are created by migration 0002 (see there).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models.expressions import RawSQL

# Letters NFKD does not decompose into a base letter plus a combining mark.
_SPECIAL_LETTERS = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "ħ": "h",
        "ŧ": "t",
    }
)
_TOKEN = re.compile(r"[^\W_]+")
MAX_QUERY_TOKENS = 12
MAX_TOKEN_LENGTH = 40
TABLE = "marketplace_opportunity"
FTS_TABLE = "marketplace_opportunity_fts"

# PostgreSQL text-search configurations by content language (ranking only, see above).
PG_LANGUAGE_CONFIGS = {
    "en": "english",
    "fi": "finnish",
    "sv": "swedish",
    "de": "german",
    "lt": "lithuanian",
}


def fold(text: str) -> str:
    """Lower-case ``text``, strip accents: "Gdańsk Łódź pysäköinti" → "gdansk lodz pysakointi"."""
    text = (text or "").lower().translate(_SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def document(*parts: str) -> str:
    """The indexed form of some text: folded tokens separated by single spaces."""
    return " ".join(token for part in parts for token in tokens(part))


@dataclass(frozen=True)
class ParsedQuery:
    """A user's search text reduced to safe tokens. ``terms`` is empty for a blank query."""

    raw: str
    terms: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(raw: str) -> ParsedQuery:
    """Tokens of the query, duplicates dropped, at most ``MAX_QUERY_TOKENS`` of them."""
    seen: list[str] = []
    for whole in tokens(raw or ""):
        token = whole[:MAX_TOKEN_LENGTH]
        if token not in seen:
            seen.append(token)
        if len(seen) == MAX_QUERY_TOKENS:
            break
    return ParsedQuery(raw=raw or "", terms=tuple(seen))


class SQLiteBackend:
    """FTS5 over the folded columns (external-content table kept by triggers)."""

    vendor = "sqlite"

    @staticmethod
    def match_text(query: ParsedQuery) -> str:
        # Each token is alphanumeric; quoting it makes FTS5 read it as a plain string.
        return " AND ".join(f'"{term}"*' for term in query.terms)

    def matching_ids(self, query: ParsedQuery) -> RawSQL:
        # Table names are constants and the user's text is a bound parameter.
        return RawSQL(  # noqa: S611
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
            [self.match_text(query)],
        )

    def rank(self, query: ParsedQuery) -> RawSQL:
        # bm25 is lower-is-better; negate it so every backend sorts by rank descending.
        # Table names are constants and the user's text is a bound parameter.
        return RawSQL(  # noqa: S611
            f"(SELECT -bm25({FTS_TABLE}, 5.0, 1.0) FROM {FTS_TABLE} "  # noqa: S608
            f"WHERE {FTS_TABLE} MATCH %s AND rowid = {TABLE}.id)",
            [self.match_text(query)],
        )


def available_pg_configs(cursor) -> dict[str, str]:
    """``PG_LANGUAGE_CONFIGS`` minus the configurations this server lacks."""
    cursor.execute("SELECT cfgname FROM pg_ts_config")
    present = {row[0] for row in cursor.fetchall()}
    return {code: config for code, config in PG_LANGUAGE_CONFIGS.items() if config in present}


class PostgreSQLBackend:
    """A generated ``tsvector`` (``simple``) with a GIN index; language configs rank."""

    vendor = "postgresql"
    _configs: dict[str, str] | None = None

    @classmethod
    def configs(cls) -> dict[str, str]:
        if cls._configs is None:
            with connection.cursor() as cursor:
                cls._configs = available_pg_configs(cursor)
        return cls._configs

    @staticmethod
    def tsquery_text(query: ParsedQuery) -> str:
        return " & ".join(f"{term}:*" for term in query.terms)

    def matching_ids(self, query: ParsedQuery) -> RawSQL:
        # Table names are constants and the user's text is a bound parameter.
        return RawSQL(  # noqa: S611
            f"SELECT id FROM {TABLE} WHERE search_vector @@ to_tsquery('simple', %s)",  # noqa: S608
            [self.tsquery_text(query)],
        )

    def rank(self, query: ParsedQuery) -> RawSQL:
        any_term = " | ".join(query.terms)
        branches = " ".join(
            f"WHEN '{code}' THEN ts_rank({TABLE}.search_stemmed, to_tsquery('{config}', %s))"
            for code, config in self.configs().items()
        )
        stemmed = f"ts_rank({TABLE}.search_stemmed, to_tsquery('simple', %s))"
        if branches:
            stemmed = f"CASE {TABLE}.language {branches} ELSE {stemmed} END"
        sql = f"(ts_rank({TABLE}.search_vector, to_tsquery('simple', %s)) + 0.5 * {stemmed})"
        params = [self.tsquery_text(query), *([any_term] * len(self.configs())), any_term]
        return RawSQL(sql, params)  # noqa: S611 constants; the user's text is bound


def backend(vendor: str | None = None):
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgreSQLBackend()
    if vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"No marketplace search backend for {vendor}.")


def filter_by_text(queryset, query: ParsedQuery):
    """Rows of ``queryset`` that match every term; unchanged for an empty query."""
    if not query:
        return queryset
    return queryset.filter(id__in=backend().matching_ids(query))


def annotate_rank(queryset, query: ParsedQuery):
    """Add ``rank`` (higher is better) to a queryset already filtered by ``filter_by_text``."""
    return queryset.annotate(rank=backend().rank(query))
