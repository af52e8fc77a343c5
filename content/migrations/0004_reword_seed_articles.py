"""The seed articles' wording, revised: a general benefit statement ("This has helped many
people"), a reassurance about outcomes ("usually manageable") and a promise the service
cannot keep ("One coordinator is your point of contact from the first inquiry onwards")
are rewritten; the medical facts are unchanged.

A new database already loads the revised files (content 0002 reads content/seed/). A
database loaded before gets each change as a new published revision, by the same accounts
that published the seed library, when the article still shows the seed's own words and
nobody has started a draft of it; otherwise editors revise it in the admin.

Frozen: imports no project code; the old and new words are copied below.
"""

from django.db import migrations

SEED_AUTHOR = "editorial-team"
SEED_MEDICAL_REVIEWER = "medical-review-panel"

# slug: [(old words, new words)], exactly as in the Markdown bodies.
REWORDED = {
    "allogeneic-versus-autologous-car-t": [
        (
            "grown, and then they are returned to the same patient. This has helped many "
            "people, but it\ntakes time, often several weeks, and it is costly. Someone who "
            "has had a lot of treatment\nmay also have T cells that are hard to grow.",
            "grown, and then they are returned to the same patient. Making the cells this way "
            "takes\ntime, often several weeks, and it is costly. Someone who has had a lot of "
            "treatment may\nalso have T cells that are hard to grow.",
        ),
        (
            "- **Safety switches.** Some products include a switch that lets doctors remove "
            "the cells\n  if a reaction becomes severe.",
            "- **Safety switches.** Some products under study include a switch designed to let "
            "doctors\n  remove the cells if a reaction becomes severe.",
        ),
    ],
    "gvhd-and-cytokine-release-syndrome": [
        (
            "such as fluids. Mild reactions are common and are usually manageable; severe "
            "ones need\nurgent hospital care.",
            "such as fluids. Mild reactions are common, and severe ones need urgent hospital "
            "care.",
        ),
    ],
    "what-navigation-does-and-does-not-do": [
        (
            "- **Stay with you.** One coordinator is your point of contact from the first "
            "inquiry\n  onwards.",
            "- **Be your point of contact.** Once a coordinator is assigned to your case, they "
            "are the\n  person to ask; if another coordinator takes over, your case's history "
            "goes with it.",
        ),
    ],
    "therapeutic-allogeneic-lymphocytes": [
        (
            "notice the problem. Donor lymphocytes are a fresh team:",
            "notice the problem. Donor lymphocytes are meant to act as a fresh team:",
        ),
    ],
}
NOTE = (
    "Seed wording revised: general benefit statements and promises the service cannot keep "
    "were rewritten; the medical facts are unchanged"
)


def reword_seed_articles(apps, schema_editor):
    from django.utils import timezone

    User = apps.get_model("auth", "User")
    Article = apps.get_model("content", "Article")
    Revision = apps.get_model("content", "ArticleRevision")
    Event = apps.get_model("content", "ArticleEvent")
    author = User.objects.filter(username=SEED_AUTHOR).first()
    panel = User.objects.filter(username=SEED_MEDICAL_REVIEWER).first()
    if author is None or panel is None:
        return  # no seed library was ever loaded here
    now = timezone.now()
    for slug, pairs in REWORDED.items():
        article = (
            Article.objects.filter(slug=slug, status="published")
            .select_related("published_revision")
            .first()
        )
        if article is None or article.latest_revision_id != article.published_revision_id:
            continue  # unpublished, archived, or an editor has a draft: left to the editors
        current = article.published_revision
        body = current.body
        for old, new in pairs:
            body = body.replace(old, new)
        if body == current.body:
            continue  # already revised, or edited since it was seeded
        last = Revision.objects.filter(article=article).order_by("-number").first()
        revision = Revision.objects.create(
            article=article,
            number=last.number + 1,
            title=current.title,
            summary=current.summary,
            body=body,
            author=author,
            reviewer=panel,
            reviewed_at=now,
            medical_reviewer=panel,
            medical_reviewed_at=now,
        )
        article.latest_revision = revision
        article.published_revision = revision
        article.save(update_fields=["latest_revision", "published_revision", "updated_at"])
        for kind, actor in (("saved", author), ("published", panel)):
            Event.objects.create(
                article=article, revision=revision, kind=kind, actor=actor, note=NOTE
            )


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_medical_review"),
    ]

    operations = [
        migrations.RunPython(reword_seed_articles, migrations.RunPython.noop),
    ]
