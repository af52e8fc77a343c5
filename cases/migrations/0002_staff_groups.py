"""The three staff groups, with the admin permissions each needs (least privilege)."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from cases.staff_groups import ensure_staff_groups_in_migration

    ensure_staff_groups_in_migration(apps)


def remove_groups(apps, schema_editor):
    from cases.staff_groups import GROUP_PERMISSIONS

    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_PERMISSIONS).delete()


# On PostgreSQL the audit table refuses UPDATE and DELETE outright, whoever asks.
APPEND_ONLY = """
CREATE OR REPLACE FUNCTION cases_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER cases_auditevent_no_update_delete
    BEFORE UPDATE OR DELETE ON cases_auditevent
    FOR EACH ROW EXECUTE FUNCTION cases_auditevent_append_only();
"""
DROP_APPEND_ONLY = """
DROP TRIGGER IF EXISTS cases_auditevent_no_update_delete ON cases_auditevent;
DROP FUNCTION IF EXISTS cases_auditevent_append_only();
"""


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


def drop_append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_groups, remove_groups),
        migrations.RunPython(append_only, drop_append_only),
    ]
