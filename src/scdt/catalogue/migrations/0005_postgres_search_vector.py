"""PostgreSQL: keep the tsvector in a stored generated column, so matching rows are
rechecked without re-parsing their text (the expression index had to). Not a model
field: Django never writes it, PostgreSQL computes it. SQLite is untouched."""

from django.db import migrations

FORWARD = [
    "ALTER TABLE catalogue_dataset ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX catalogue_dataset_search_vector ON catalogue_dataset USING GIN (search_vector)",
    "DROP INDEX IF EXISTS catalogue_dataset_search_gin",
]
BACKWARD = [
    "CREATE INDEX catalogue_dataset_search_gin ON catalogue_dataset "
    "USING GIN (to_tsvector('simple'::regconfig, search_text))",
    "DROP INDEX IF EXISTS catalogue_dataset_search_vector",
    "ALTER TABLE catalogue_dataset DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0004_visible_recent_index")]

    operations = [migrations.RunPython(forward, backward)]
