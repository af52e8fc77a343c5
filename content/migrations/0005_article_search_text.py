"""The library's search reads a folded copy of each published article's words kept on the
article (content.searching), so that a search reads only the articles in the reader's
language. Filled here for the articles already published; frozen: the folding is written
out rather than imported."""

import unicodedata

from django.db import migrations, models


def fill(apps, schema_editor):
    Article = apps.get_model("content", "Article")
    published = Article.objects.filter(published_revision__isnull=False).select_related(
        "published_revision"
    )
    for article in published.iterator(chunk_size=200):
        revision = article.published_revision
        words = f"{revision.title}\n{revision.summary}\n{revision.body}"
        article.search_text = " ".join(unicodedata.normalize("NFKC", words).casefold().split())
        article.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0004_reword_seed_articles"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="article",
            options={
                "base_manager_name": "objects",
                "ordering": ["slug"],
                "permissions": [
                    ("publish_article", "Can review and publish articles"),
                    ("medical_review_article", "Can approve articles for medical accuracy"),
                ],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
