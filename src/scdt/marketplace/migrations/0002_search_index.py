"""The full-text index of opportunities, one per database vendor (see marketplace/search.py).

SQLite: an external-content FTS5 table over the folded ``search_title`` / ``search_body``
columns, kept current by triggers, so bulk inserts and raw updates are indexed too.
PostgreSQL: two generated ``tsvector`` columns: ``search_vector`` (``simple``, title weight
A, body weight B) behind a GIN index decides what matches; ``search_stemmed`` (the content
language's own configuration where the server has one) only ranks. Both are generated from
already-folded text, so no ``unaccent`` is needed and the expression stays immutable.
"""

from django.db import migrations

# Copied, not imported, so later edits of search.py never change this migration.
TABLE = "marketplace_opportunity"
FTS_TABLE = "marketplace_opportunity_fts"
PG_LANGUAGE_CONFIGS = {
    "en": "english", "fi": "finnish", "sv": "swedish", "de": "german", "lt": "lithuanian",
}


def available_pg_configs(cursor) -> dict[str, str]:
    cursor.execute("SELECT cfgname FROM pg_ts_config")
    present = {row[0] for row in cursor.fetchall()}
    return {code: config for code, config in PG_LANGUAGE_CONFIGS.items() if config in present}

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_title, search_body, "
    f"content='{TABLE}', content_rowid='id', tokenize='unicode61 remove_diacritics 2', "
    "prefix='2 3')",
    f"CREATE TRIGGER {FTS_TABLE}_ai AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, search_title, search_body) "
    "VALUES (new.id, new.search_title, new.search_body); END",
    f"CREATE TRIGGER {FTS_TABLE}_ad AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); END",
    f"CREATE TRIGGER {FTS_TABLE}_au AFTER UPDATE OF search_title, search_body ON {TABLE} BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_body) "
    "VALUES ('delete', old.id, old.search_title, old.search_body); "
    f"INSERT INTO {FTS_TABLE}(rowid, search_title, search_body) "
    "VALUES (new.id, new.search_title, new.search_body); END",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ai",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_ad",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_au",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def _postgres_create(configs: dict[str, str]) -> list[str]:
    text = "search_title || ' ' || search_body"
    stemmed = f"to_tsvector('simple'::regconfig, {text})"
    if configs:
        branches = " ".join(
            f"WHEN '{code}' THEN to_tsvector('{config}'::regconfig, {text})"
            for code, config in configs.items()
        )
        stemmed = f"CASE language {branches} ELSE {stemmed} END"
    return [
        f"ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
        "setweight(to_tsvector('simple'::regconfig, search_body), 'B')) STORED",
        f"ALTER TABLE {TABLE} ADD COLUMN search_stemmed tsvector GENERATED ALWAYS AS ({stemmed}) STORED",
        f"CREATE INDEX marketplace_opportunity_search_gin ON {TABLE} USING gin (search_vector)",
    ]


POSTGRES_DROP = [
    "DROP INDEX IF EXISTS marketplace_opportunity_search_gin",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_stemmed",
    f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector",
]


def create_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = SQLITE_CREATE
    elif vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            statements = _postgres_create(available_pg_configs(cursor))
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def drop_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]

