"""The editors' admin: form errors, explicit review actions, preview and history."""

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Article, Topic
from tests.factories import editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editors(signed_in):
    writer, reviewer = editor("writer"), editor("reviewer")
    for user in (writer, reviewer):
        user.is_staff = True
        user.save()
    return signed_in(Client(), writer), signed_in(Client(), reviewer)


@pytest.fixture
def topic():
    return Topic.objects.create(name="Testing", slug="testing")


def form_data(topic, **changes):
    data = {
        "slug": "new-article",
        "title": "A new article",
        "summary": "Summary.",
        "body": "## What it is\n\nWords.",
        "topics": [topic.pk],
        "condition_areas": ["blood"],
        "audience": "families",
        "language": "en",
        "translation_of": "",
    }
    data.update(changes)
    return data


def add(client, topic, **changes):
    return client.post(reverse("admin:content_article_add"), form_data(topic, **changes))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "therapeutic-allogeneic-lymphocytes"}, "slug", "already exists"),
        ({"body": "   "}, "body", "needs a body"),
        ({"topics": []}, "topics", "at least one topic"),
    ],
)
def test_bad_articles_are_refused_with_a_clear_message(editors, topic, changes, field, message):
    writer, _reviewer = editors
    response = add(writer, topic, **changes)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors[field])


def test_write_submit_review_and_publish_through_the_admin(editors, topic):
    writer, reviewer = editors
    assert add(writer, topic).status_code == 302
    article = Article.objects.get(slug="new-article")
    assert article.latest_revision.author.username == "writer"
    writer.post(reverse("admin:content_article_submit", args=[article.pk]))
    article.refresh_from_db()
    assert article.status == "in_review"
    own = writer.post(reverse("admin:content_article_publish", args=[article.pk]))
    assert "second editor" in own.content.decode()
    done = reviewer.post(reverse("admin:content_article_publish", args=[article.pk]))
    assert done.status_code == 302
    article.refresh_from_db()
    assert article.status == "published"
    assert Client().get(article.get_absolute_url()).status_code == 200


def test_flagged_sentences_are_shown_with_their_reasons(editors, topic):
    writer, reviewer = editors
    add(writer, topic, body="Your mother is approved for treatment abroad.")
    article = Article.objects.get(slug="new-article")
    writer.post(reverse("admin:content_article_submit", args=[article.pk]))
    page = reviewer.post(
        reverse("admin:content_article_publish", args=[article.pk])
    ).content.decode()
    assert "Your mother is approved for treatment abroad" in page
    assert "says the patient is accepted or approved" in page
    article.refresh_from_db()
    assert article.published_revision is None


def test_preview_and_history_pages(editors, topic):
    writer, _reviewer = editors
    add(writer, topic, body="<script>alert(1)</script>First words.")
    article = Article.objects.get(slug="new-article")
    change = form_data(topic, body="Second words.")
    writer.post(reverse("admin:content_article_change", args=[article.pk]), change)
    preview = writer.get(
        reverse("admin:content_article_preview", args=[article.pk])
    ).content.decode()
    assert "Second words." in preview and "Preview of the latest draft" in preview
    history = writer.get(
        reverse("admin:content_article_revisions", args=[article.pk]), {"a": 1, "b": 2}
    ).content.decode()
    assert "Revision 1 against 2" in history
    assert "<script>alert(1)</script>" not in history
    writer.post(reverse("admin:content_article_restore", args=[article.pk, 1]))
    article.refresh_from_db()
    assert article.latest_revision.number == 3 and "First words." in article.latest_revision.body


def test_content_editors_cannot_reach_cases(editors):
    writer, _reviewer = editors
    assert writer.get(reverse("cases:queue")).status_code == 403
