"""The full-text index also answers facet filters (facet tokens in search_text) and, on
SQLite, leaves withdrawn datasets out, so counts come from the index alone. Recomputes
search_text for stored datasets and adds the index the recency ordering walks."""

from django.db import migrations, models

SQLITE_TRIGGERS = [
    "DROP TRIGGER IF EXISTS catalogue_dataset_fts_ai",
    "DROP TRIGGER IF EXISTS catalogue_dataset_fts_ad",
    "DROP TRIGGER IF EXISTS catalogue_dataset_fts_au",
    "CREATE TRIGGER catalogue_dataset_fts_ai AFTER INSERT ON catalogue_dataset WHEN new.withdrawn = 0 BEGIN "
    "INSERT INTO catalogue_dataset_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER catalogue_dataset_fts_ad AFTER DELETE ON catalogue_dataset WHEN old.withdrawn = 0 BEGIN "
    "INSERT INTO catalogue_dataset_fts(catalogue_dataset_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER catalogue_dataset_fts_au AFTER UPDATE OF search_text, withdrawn ON catalogue_dataset BEGIN "
    "INSERT INTO catalogue_dataset_fts(catalogue_dataset_fts, rowid, search_text) "
    "SELECT 'delete', old.id, old.search_text WHERE old.withdrawn = 0; "
    "INSERT INTO catalogue_dataset_fts(rowid, search_text) "
    "SELECT new.id, new.search_text WHERE new.withdrawn = 0; END",
]
SQLITE_REBUILD = [
    "INSERT INTO catalogue_dataset_fts(catalogue_dataset_fts) VALUES ('delete-all')",
    "INSERT INTO catalogue_dataset_fts(rowid, search_text) "
    "SELECT id, search_text FROM catalogue_dataset WHERE withdrawn = 0",
]


def forward(apps, schema_editor):
    from scdt.catalogue.models import build_search_text

    Dataset = apps.get_model("catalogue", "Dataset")
    Distribution = apps.get_model("catalogue", "Distribution")
    sqlite = schema_editor.connection.vendor == "sqlite"
    if sqlite:
        for statement in SQLITE_TRIGGERS:
            schema_editor.execute(statement)
    formats = {}
    for dataset_id, file_type in Distribution.objects.exclude(format="").values_list("dataset_id", "format"):
        formats.setdefault(dataset_id, set()).add(file_type)
    for dataset in Dataset.objects.iterator(chunk_size=2000):
        text = build_search_text(dataset, formats.get(dataset.pk, ()))
        if text != dataset.search_text:
            Dataset.objects.filter(pk=dataset.pk).update(search_text=text)
    if sqlite:
        for statement in SQLITE_REBUILD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_dataset_search")]

    operations = [
        migrations.RunPython(forward, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="dataset",
            index=models.Index(fields=["withdrawn", "-modified", "-id"], name="catalogue_dataset_recent"),
        ),
    ]
