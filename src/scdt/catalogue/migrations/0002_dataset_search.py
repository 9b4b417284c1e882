"""Full-text search over datasets: FTS5 on SQLite, a GIN tsvector index on PostgreSQL.

SQLite keeps an external-content FTS5 table in step with ``search_text`` by triggers, so
no code path can forget to index. PostgreSQL indexes the expression the queries use.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE catalogue_dataset_fts USING fts5("
    "search_text, content='catalogue_dataset', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')",
    "CREATE TRIGGER catalogue_dataset_fts_ai AFTER INSERT ON catalogue_dataset BEGIN "
    "INSERT INTO catalogue_dataset_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER catalogue_dataset_fts_ad AFTER DELETE ON catalogue_dataset BEGIN "
    "INSERT INTO catalogue_dataset_fts(catalogue_dataset_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER catalogue_dataset_fts_au AFTER UPDATE OF search_text ON catalogue_dataset BEGIN "
    "INSERT INTO catalogue_dataset_fts(catalogue_dataset_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO catalogue_dataset_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS catalogue_dataset_fts_au",
    "DROP TRIGGER IF EXISTS catalogue_dataset_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_dataset_fts_ai",
    "DROP TABLE IF EXISTS catalogue_dataset_fts",
]
POSTGRES_FORWARD = [
    "CREATE INDEX catalogue_dataset_search_gin ON catalogue_dataset "
    "USING GIN (to_tsvector('simple'::regconfig, search_text))",
]
POSTGRES_BACKWARD = ["DROP INDEX IF EXISTS catalogue_dataset_search_gin"]


def forward(apps, schema_editor):
    statements = SQLITE_FORWARD if schema_editor.connection.vendor == "sqlite" else POSTGRES_FORWARD
    for statement in statements:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = SQLITE_BACKWARD if schema_editor.connection.vendor == "sqlite" else POSTGRES_BACKWARD
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
