"""The Unassigned tab's own sort index (open cases without a coordinator). Built
CONCURRENTLY on PostgreSQL, as 0012's search indexes, so a live queue is not blocked
while a million cases are indexed; an ordinary CREATE INDEX elsewhere (SQLite)."""

from django.db import migrations, models

INDEX = models.Index(
    condition=models.Q(("status", "closed"), _negated=True)
    & models.Q(("coordinator__isnull", True)),
    fields=["priority", "submitted_at", "id"],
    name="case_open_unassigned_idx",
)


def build(apps, schema_editor):
    model = apps.get_model("cases", "Case")
    if schema_editor.connection.vendor == "postgresql":
        sql = str(INDEX.create_sql(model, schema_editor)).replace(
            "CREATE INDEX", "CREATE INDEX CONCURRENTLY IF NOT EXISTS", 1
        )
        schema_editor.execute(sql)
    else:
        schema_editor.add_index(model, INDEX)


def drop(apps, schema_editor):
    model = apps.get_model("cases", "Case")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{INDEX.name}"')
    else:
        schema_editor.remove_index(model, INDEX)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0023_fill_dashboard_measures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddIndex(model_name="case", index=INDEX)],
            database_operations=[migrations.RunPython(build, drop)],
        )
    ]
