"""Permissions for the Content editors group, and the library's first published articles."""

from django.db import migrations

def grant_editor_permissions(apps, schema_editor):
    from cases.staff_groups import ensure_staff_groups_in_migration

    ensure_staff_groups_in_migration(apps)


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
