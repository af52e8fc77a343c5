"""Permissions for the Content editors group, and the library's first published articles.

Frozen: this migration imports no project code, so later changes to the models or the
loader cannot change what it does. It reads the seed files (content/seed/) with its own
copy of the loader; `python manage.py load_seed_library` is the live one.
"""

from pathlib import Path

import yaml
from django.db import migrations

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"

# The groups' admin permissions as they were when this migration was written.
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


def grant_editor_permissions(apps, schema_editor):
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


def seed_library(apps, schema_editor):
    from django.utils import timezone

    User = apps.get_model("auth", "User")
    Topic = apps.get_model("content", "Topic")
    Article = apps.get_model("content", "Article")
    Revision = apps.get_model("content", "ArticleRevision")
    Event = apps.get_model("content", "ArticleEvent")
    author, _ = User.objects.get_or_create(
        username="editorial-team", defaults={"is_active": False, "password": "!"}
    )
    reviewer, _ = User.objects.get_or_create(
        username="medical-review-panel", defaults={"is_active": False, "password": "!"}
    )
    topics = {}
    for topic in yaml.safe_load((SEED_DIR / "topics.yaml").read_text(encoding="utf-8")):
        topics[topic["slug"]], _ = Topic.objects.get_or_create(
            slug=topic["slug"],
            defaults={k: topic[k] for k in ("name", "description", "order")},
        )
    now = timezone.now()
    for path in sorted((SEED_DIR / "articles").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        if Article.objects.filter(slug=path.stem).exists():
            continue
        article = Article.objects.create(
            slug=path.stem,
            language="en",
            audience="families",
            condition_areas=list(meta.get("condition_areas") or []),
            status="published",
        )
        article.topics.set([topics[slug] for slug in meta["topics"]])
        revision = Revision.objects.create(
            article=article,
            number=1,
            title=meta["title"],
            summary=meta["summary"],
            body=body.lstrip("\n"),
            author=author,
            reviewer=reviewer,
            reviewed_at=now,
        )
        article.latest_revision = revision
        article.published_revision = revision
        article.save()
        Event.objects.create(
            article=article,
            revision=revision,
            kind="published",
            actor=reviewer,
            note="Seed article, reviewed by the medical review panel",
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
