"""Indexes for the queue's search at a million cases (cases.filters.CaseQueueFilter.search):
a reference or an e-mail matched whatever its case, and part of a name through trigram
indexes (pg_trgm). PostgreSQL only, built CONCURRENTLY so a live queue is not blocked;
SQLite (a laptop's `make run`) has no use for them. Django's icontains compares
UPPER(name::text), so that is the expression the trigram indexes hold."""

from django.db import migrations

INDEXES = [
    ('cases_case_reference_upper_idx', 'cases_case', '(UPPER("reference"::text))'),
    ('cases_submitter_email_upper_idx', 'cases_submitter', '(UPPER("email"::text))'),
    ('cases_patient_name_trgm_idx', 'cases_patient', 'USING gin ((UPPER("full_name"::text)) gin_trgm_ops)'),
    ('cases_submitter_name_trgm_idx', 'cases_submitter', 'USING gin ((UPPER("full_name"::text)) gin_trgm_ops)'),
]


def build(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, how in INDEXES:
        schema_editor.execute(f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{name}" ON "{table}" {how}')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _how in INDEXES:
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{name}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("cases", "0011_requested_status_links"),
    ]

    operations = [migrations.RunPython(build, drop)]
