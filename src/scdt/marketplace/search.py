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

``text_source`` gives the matching rows with their rank as SQL fragments; ``faceted.py``
builds the page and the facet counts around them. The schema objects are created by migration 0002.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection

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


@dataclass(frozen=True)
class TextSource:
    """How a backend brings in the matching opportunities as ``o`` with a ``rank``.

    ``from_sql`` replaces the FROM item, ``where_sql`` (if any) is ANDed to the WHERE
    clause, ``rank_sql`` is higher-is-better; the params go with each fragment.
    """

    from_sql: str
    rank_sql: str = "0"
    where_sql: str = ""
    from_params: list = field(default_factory=list)
    where_params: list = field(default_factory=list)
    rank_params: list = field(default_factory=list)


NO_TEXT = TextSource(from_sql=f"{TABLE} o")


class SQLiteBackend:
    """FTS5 over the folded columns (external-content table kept by triggers)."""

    vendor = "sqlite"

    @staticmethod
    def match_text(query: ParsedQuery) -> str:
        # Each token is alphanumeric; quoting it makes FTS5 read it as a plain string.
        return " AND ".join(f'"{term}"*' for term in query.terms)

    def text_source(self, query: ParsedQuery, *, ranked: bool) -> "TextSource":
        """The FTS5 hits joined to the opportunity ``o``; bm25 (title weighs 5×) ranks."""
        # bm25 is lower-is-better, hence the minus, so every backend sorts rank descending.
        rank = f"-bm25({FTS_TABLE}, 5.0, 1.0)" if ranked else "0"
        hits = f"SELECT rowid AS id, {rank} AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return TextSource(
            from_sql=f"({hits}) h JOIN {TABLE} o ON o.id = h.id",
            from_params=[self.match_text(query)],
            rank_sql="h.rank",
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

    def text_source(self, query: ParsedQuery, *, ranked: bool) -> "TextSource":
        """A condition on ``o`` itself (no self-join): the GIN index finds the rows."""
        rank, rank_params = "0", []
        if ranked:
            any_term = " | ".join(query.terms)
            branches = " ".join(
                f"WHEN '{code}' THEN ts_rank(o.search_stemmed, to_tsquery('{config}', %s))"
                for code, config in self.configs().items()
            )
            stemmed = "ts_rank(o.search_stemmed, to_tsquery('simple', %s))"
            if branches:
                stemmed = f"CASE o.language {branches} ELSE {stemmed} END"
            rank = f"(ts_rank(o.search_vector, to_tsquery('simple', %s)) + 0.5 * {stemmed})"
            rank_params = [self.tsquery_text(query), *([any_term] * len(self.configs())), any_term]
        return TextSource(
            from_sql=f"{TABLE} o",
            where_sql="o.search_vector @@ to_tsquery('simple', %s)",
            where_params=[self.tsquery_text(query)],
            rank_sql=rank,
            rank_params=rank_params,
        )


def backend(vendor: str | None = None):
    vendor = vendor or connection.vendor
    if vendor == "postgresql":
        return PostgreSQLBackend()
    if vendor == "sqlite":
        return SQLiteBackend()
    raise NotImplementedError(f"No marketplace search backend for {vendor}.")
