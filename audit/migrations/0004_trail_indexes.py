"""Indexes for the audit page's filters, newest first. The trail holds millions of rows,
and a plain CREATE INDEX would block every audited request while it builds, so on
PostgreSQL they are built CONCURRENTLY (outside a transaction)."""

import django.db.models.functions.text
from django.db import migrations, models

INDEXES = [
    models.Index(django.db.models.functions.text.Upper('actor_username'), models.OrderBy(models.F('id'), descending=True), name='audit_who_idx'),
    models.Index(django.db.models.functions.text.Upper('case_reference'), models.OrderBy(models.F('id'), descending=True), name='audit_case_idx'),
    models.Index(models.F('action'), models.OrderBy(models.F('id'), descending=True), name='audit_action_idx'),
]


def build(apps, schema_editor):
    model = apps.get_model("audit", "AuditEvent")
    for index in INDEXES:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, index, concurrently=True)
        else:
            schema_editor.add_index(model, index)


def drop(apps, schema_editor):
    model = apps.get_model("audit", "AuditEvent")
    for index in INDEXES:
        schema_editor.remove_index(model, index)


class Migration(migrations.Migration):

    atomic = False

    dependencies = [
        ('audit', '0003_failed_sign_in_index'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(model_name="auditevent", index=index) for index in INDEXES
            ],
            database_operations=[migrations.RunPython(build, drop)],
        ),
    ]
