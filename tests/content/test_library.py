"""Revisions, the two-person rule, the claims guard on publishing, and the public pages.
Medical review, sending back and overrides are in test_review.py."""

import pytest
from django.test import Client
from django.urls import reverse

from content import services
from content.models import Article, ArticleEvent, Topic
from content.rendering import render_markdown
from tests.factories import editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic():
    return Topic.objects.create(name="Testing", slug="testing")


@pytest.fixture
def writers():
    return editor("writer"), editor("reviewer")


def draft(writer, topic, body="## What it is\n\nA plain explanation.", slug="plain"):
    return services.article_save(
        author=writer,
        slug=slug,
        title="Plain words",
        summary="A summary.",
        body=body,
        topics=[topic],
        condition_areas=["blood"],
    )


def publish(article, writer, reviewer, **kwargs):
    services.article_submit_for_review(article=article, by=writer)
    return services.article_publish(article=article, by=reviewer, **kwargs)


def test_every_saved_change_is_a_revision_and_can_be_restored(writers, topic):
    writer, _ = writers
    article = draft(writer, topic)
    services.article_save(
        article=article,
        author=writer,
        title="Plain words",
        summary="A summary.",
        body="Second version.",
        topics=[topic],
    )
    services.article_save(
        article=article,
        author=writer,
        title="Plain words",
        summary="A summary.",
        body="Second version.",
        topics=[topic],
    )  # nothing changed: no revision
    assert list(article.revisions.values_list("number", flat=True)) == [2, 1]
    first = article.revisions.get(number=1)
    restored = services.article_restore(article=article, revision=first, by=writer)
    assert restored.number == 3 and restored.body == first.body and restored.restored_from == first
    diff = services.revision_diff(article.revisions.get(number=2), restored)
    assert "Second&nbsp;version." in diff and "plain&nbsp;explanation" in diff


def test_the_author_cannot_publish_their_own_revision(writers, topic):
    writer, reviewer = writers
    article = draft(writer, topic)
    services.article_submit_for_review(article=article, by=writer)
    with pytest.raises(services.PublishRefusedError, match="second editor"):
        services.article_publish(article=article, by=writer)
    article = services.article_publish(article=article, by=reviewer)
    assert article.status == Article.Status.PUBLISHED
    assert article.published_revision.reviewer == reviewer


def test_a_claim_blocks_publishing_until_fixed(writers, topic):
    writer, reviewer = writers
    article = draft(writer, topic, body="Your child is eligible for this trial. It helps many.")
    services.article_submit_for_review(article=article, by=writer)
    with pytest.raises(services.PublishRefusedError) as refused:
        services.article_publish(article=article, by=reviewer)
    assert refused.value.flags[0].sentence.startswith("Your child is eligible")
    assert ArticleEvent.objects.filter(kind=ArticleEvent.Kind.PUBLISH_REFUSED).exists()
    article.refresh_from_db()
    assert article.published_revision is None


def test_editing_a_published_article_keeps_the_public_page_until_approved(writers, topic):
    writer, reviewer = writers
    article = publish(draft(writer, topic), writer, reviewer)
    services.article_save(
        article=article,
        author=writer,
        title="Plain words",
        summary="A summary.",
        body="A newer draft nobody has reviewed.",
        topics=[topic],
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.has_unpublished_changes
    page = Client().get(reverse("content:article", args=[article.slug])).content.decode()
    assert "A plain explanation." in page and "newer draft" not in page
    services.article_submit_for_review(article=article, by=writer)
    services.article_publish(article=article, by=reviewer)
    page = Client().get(reverse("content:article", args=[article.slug])).content.decode()
    assert "newer draft" in page


def test_only_published_articles_are_public(writers, topic):
    writer, reviewer = writers
    unpublished = draft(writer, topic, slug="secret-draft")
    assert Client().get(reverse("content:article", args=[unpublished.slug])).status_code == 404
    published = publish(draft(writer, topic, slug="open"), writer, reviewer)
    services.article_archive(article=published, by=reviewer)
    assert Client().get(reverse("content:article", args=[published.slug])).status_code == 404


def test_a_public_page_says_how_it_was_reviewed_and_has_the_disclaimer(writers, topic):
    writer, reviewer = writers
    article = publish(draft(writer, topic), writer, reviewer)
    page = Client().get(article.get_absolute_url()).content.decode()
    # Two content editors published it; no medical reviewer approved it.
    assert "Reviewed by our editorial team." in page
    assert "Reviewed for medical accuracy" not in page
    assert "does not decide or guarantee eligibility" in page


def test_the_seed_library_is_published_and_free_of_claims():
    from claims.gate import find_claims

    articles = Article.objects.filter(status="published")
    assert articles.count() >= 6
    for article in articles:
        assert find_claims(article.published_revision.text) == [], article.slug
    index = Client().get(reverse("content:index")).content.decode()
    assert "Graft-versus-host disease and cytokine release syndrome" in index


def test_search_finds_titles_and_text(writers, topic):
    results = Client().get(reverse("content:search"), {"q": "cytokine"}).context["page"]
    assert any(a.slug == "gvhd-and-cytokine-release-syndrome" for a in results)
    assert list(Client().get(reverse("content:search"), {"q": "zzzz"}).context["page"]) == []


def test_search_ignores_case_full_width_letters_and_line_breaks(writers, topic):
    writer, reviewer = writers
    body = "## Cells\n\nThe Apheresis\nAppointment happens at the clinic."
    publish(draft(writer, topic, body=body, slug="cells"), writer, reviewer)
    for typed in (
        "APHERESIS APPOINTMENT",
        "ａｐｈｅｒｅｓｉｓ ａｐｐｏｉｎｔ",
        "  apheresis   appointment ",
    ):
        results = Client().get(reverse("content:search"), {"q": typed}).context["page"]
        assert [a.slug for a in results] == ["cells"], typed


def test_search_finds_the_published_words_only(writers, topic):
    writer, reviewer = writers
    article = publish(
        draft(writer, topic, body="Apheresis explained.", slug="words"), writer, reviewer
    )

    def found(word):
        return [
            a.slug for a in Client().get(reverse("content:search"), {"q": word}).context["page"]
        ]

    services.article_save(
        article=article,
        author=writer,
        title="Plain words",
        summary="A summary.",
        body="Leukapheresis explained.",
        topics=[topic],
    )
    assert found("apheresis explained") == ["words"]  # the draft is not public yet
    assert found("leukapheresis") == []
    publish(article, writer, reviewer)
    assert found("leukapheresis") == ["words"]
    assert found("apheresis explained") == ["words"]  # inside "leukapheresis explained"
    services.article_archive(article=article, by=reviewer)
    assert found("leukapheresis") == []


def test_search_reads_the_articles_not_their_revisions(postgres):
    """The words are matched on the article's folded copy, in the reader's language: no
    revision body is read to search. A trigram index serves that match in a large library."""
    from django.db import connection

    from content.selectors import search_articles

    sql = str(search_articles(query="Cytokine", language="en").query)
    where = sql.split(" WHERE ", 1)[1]
    assert "body" not in where and "search_text" in where and "cytokine" in where
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, args = (
            Article.objects.filter(search_text__contains="cytokine")
            .order_by()
            .query.sql_with_params()
        )
        cursor.execute(f"EXPLAIN {sql}", args)
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "content_article_search_trgm_idx" in plan, plan


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="https://evil.example/x.png">', "<img"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ("[x](javascript:alert(1))", "javascript:"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p onclick="steal()">hi</p>', "onclick"),
        ("![remote](https://evil.example/track.png)", "<img"),
    ],
)
def test_markdown_renders_harmlessly(markdown, forbidden):
    assert forbidden not in str(render_markdown(markdown))


def test_markdown_headings_and_tables_render():
    html = str(render_markdown("## How it works\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n"))
    assert "<h2>How it works</h2>" in html
    assert "<table>" in html and "<td>1</td>" in html


def test_while_you_wait_suggestions_follow_the_condition_area():
    from content.selectors import articles_for_area

    blood = articles_for_area(condition_area="blood", language="en")
    assert blood and "blood" in blood[0].condition_areas
    assert len(articles_for_area(condition_area="autoimmune", language="en")) == 3


def test_suggestions_cost_the_same_however_large_the_library(django_assert_max_num_queries):
    from content.selectors import articles_for_area

    with django_assert_max_num_queries(3):  # the language check and two limited queries
        found = articles_for_area(condition_area="solid", language="en")
    assert 0 < len(found) <= 3
    assert all("solid" in a.condition_areas or not a.condition_areas for a in found)


def test_search_results_come_a_page_at_a_time(client, monkeypatch):
    from content import views

    monkeypatch.setattr(views, "SEARCH_PAGE_SIZE", 2)
    first = client.get(reverse("content:search"), {"q": "the"})
    assert len(first.context["page"]) == 2 and first.context["page"].has_next()
    assert "page=2" in first.content.decode()
    second = client.get(reverse("content:search"), {"q": "the", "page": "2"})
    assert {a.pk for a in second.context["page"]}.isdisjoint(a.pk for a in first.context["page"])


def test_the_library_index_comes_a_page_at_a_time_grouped_by_topic(client, monkeypatch):
    from content import views

    everything = client.get(reverse("content:index")).context["page"]
    assert not everything.has_other_pages()  # the seed library fits one page
    listed = [(entry.topic_id, entry.article_id) for entry in everything]
    assert len(listed) >= 6 and len(set(listed)) == len(listed)

    monkeypatch.setattr(views, "INDEX_PAGE_SIZE", 4)
    first = client.get(reverse("content:index"))
    page = first.context["page"]
    html = first.content.decode()
    assert len(page) == 4 and page.has_next() and 'href="?page=2"' in html
    assert f"Page 1 of {page.paginator.num_pages}" in html
    seen = []
    for number in page.paginator.page_range:
        shown = client.get(reverse("content:index"), {"page": number})
        for entry in shown.context["page"]:
            seen.append((entry.topic_id, entry.article_id))
            # Each entry sits under its topic's heading on the page that shows it.
            assert f'id="topic-{entry.topic.slug}"' in shown.content.decode()
    assert seen == listed  # every entry once, in the same order, across the pages
    # A page past the end or a word instead of a number: the nearest page, not an error.
    assert client.get(reverse("content:index"), {"page": "999"}).status_code == 200
    assert client.get(reverse("content:index"), {"page": "x"}).context["page"].number == 1


def test_the_library_index_costs_the_same_however_large_the_library(
    writers, topic, client, django_assert_max_num_queries
):
    writer, reviewer = writers
    for n in range(40):  # with the seed library, more than a page
        publish(draft(writer, topic, slug=f"extra-{n}"), writer, reviewer)
    with django_assert_max_num_queries(6):  # language check, count, one page, session
        response = client.get(reverse("content:index"), {"page": "2"})
    page = response.context["page"]
    assert page.paginator.count >= 46 and len(page) == min(30, page.paginator.count - 30)


def test_the_library_index_pages_are_translated(client, monkeypatch):
    from content import views

    monkeypatch.setattr(views, "INDEX_PAGE_SIZE", 2)
    client.post(reverse("set_language"), {"language": "es", "next": "/"})
    html = client.get(reverse("content:index")).content.decode()
    assert "Página 1 de" in html and "Page 1 of" not in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    html = client.get(reverse("content:index")).content.decode()
    assert "第 1 页" in html and "Page 1 of" not in html
