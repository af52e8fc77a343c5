"""Permissions for the Content editors group, and the library's first published articles."""

from django.db import migrations
from django.utils import timezone

EDITOR_PERMISSIONS = [
    ("article", ["add", "change", "view", "publish"]),
    ("topic", ["add", "change", "view"]),
    ("articlerevision", ["view"]),
    ("articleevent", ["view"]),
]


def grant_editor_permissions(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _created = Group.objects.get_or_create(name="Content editors")
    for model, actions in EDITOR_PERMISSIONS:
        codenames = [f"{action}_{model}" for action in actions]
        editors.permissions.add(
            *Permission.objects.filter(content_type__app_label="content", codename__in=codenames)
        )


def seed_library(apps, schema_editor):
    from content.seed_articles import ARTICLES, TOPICS

    User = apps.get_model("auth", "User")
    Topic = apps.get_model("content", "Topic")
    Article = apps.get_model("content", "Article")
    Revision = apps.get_model("content", "ArticleRevision")
    Event = apps.get_model("content", "ArticleEvent")

    # The seed articles' author and reviewer: accounts nobody can sign in to.
    author, _ = User.objects.get_or_create(
        username="editorial-team", defaults={"is_active": False, "password": "!"}
    )
    reviewer, _ = User.objects.get_or_create(
        username="medical-review-panel", defaults={"is_active": False, "password": "!"}
    )
    topics = {}
    for slug, name, description, order in TOPICS:
        topics[slug], _ = Topic.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )
    now = timezone.now()
    for data in ARTICLES:
        if Article.objects.filter(slug=data["slug"]).exists():
            continue
        article = Article.objects.create(
            slug=data["slug"], language="en", audience="families",
            condition_areas=data["condition_areas"], status="published",
        )
        article.topics.set([topics[slug] for slug in data["topics"]])
        revision = Revision.objects.create(
            article=article, number=1, title=data["title"], summary=data["summary"],
            body=data["body"], author=author, reviewer=reviewer, reviewed_at=now,
        )
        article.latest_revision = revision
        article.published_revision = revision
        article.save()
        Event.objects.create(article=article, revision=revision, kind="published", actor=reviewer,
                             note="Seed article, reviewed by the medical review panel")


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
