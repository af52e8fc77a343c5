"""A trigram index (pg_trgm) on the articles' search text, so that a search in a large
library reads the articles that contain the words rather than every article in the
language. PostgreSQL only, built CONCURRENTLY; SQLite has no use for it."""

from django.db import migrations

NAME = "content_article_search_trgm_idx"


def build(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{NAME}" ON "content_article" '
        'USING gin ("search_text" gin_trgm_ops)'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{NAME}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("content", "0005_article_search_text"),
    ]

    operations = [migrations.RunPython(build, drop)]
