"""The three staff groups, with the admin permissions each needs (least privilege).

Frozen: it keeps its own copy of the groups as they were then and imports no project code.
"""

from django.db import migrations

GROUP_PERMISSIONS = {
    "Coordinators": [],
    "Supervisors": [
        ("cases", "coordinatorprofile", ["add", "change", "view"]),
        ("cases", "routingrule", ["add", "change", "delete", "view"]),
        ("cases", "holiday", ["add", "change", "delete", "view"]),
        ("cases", "auditevent", ["view"]),
    ],
    "Content editors": [
        ("content", "article", ["add", "change", "view", "publish"]),
        ("content", "topic", ["add", "change", "view"]),
        ("content", "articlerevision", ["view"]),
        ("content", "articleevent", ["view"]),
    ],
}


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUP_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for app_label, model, actions in grants:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def remove_groups(apps, schema_editor):
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
