"""Permissions for the Content editors group, and the library's first published articles."""

from django.db import migrations

def grant_editor_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    from cases.staff_groups import ensure_staff_groups

    ensure_staff_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def seed_library(apps, schema_editor):
    from content.seed_articles import ensure_seed_library

    ensure_seed_library(
        User=apps.get_model("auth", "User"),
        Topic=apps.get_model("content", "Topic"),
        Article=apps.get_model("content", "Article"),
        Revision=apps.get_model("content", "ArticleRevision"),
        Event=apps.get_model("content", "ArticleEvent"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("cases", "0002_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(grant_editor_permissions, migrations.RunPython.noop),
        migrations.RunPython(seed_library, migrations.RunPython.noop),
    ]
