"""The editors' admin: form errors, explicit review actions, preview and history."""

import pytest
from django.test import Client
from django.urls import reverse

from content.models import Article, Topic
from tests.factories import coordinator, editor, medical_reviewer, supervisor

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


# --- Editorial trust: flags early, medical review, send back, two-person overrides -------

FLAGGED = "Your mother is approved for treatment abroad."
FLAGGED_SENTENCE = FLAGGED.rstrip(".")  # as the gate quotes it


@pytest.fixture
def staff_client(signed_in):
    def make(user):
        user.is_staff = True
        user.save()
        return signed_in(Client(), user)

    return make


def test_flags_are_shown_when_a_draft_is_saved_and_still_saved(editors, topic):
    writer, _reviewer = editors
    page = writer.post(
        reverse("admin:content_article_add"),
        form_data(topic, body=f"## Travel\n\nBook flexible tickets. {FLAGGED}"),
        follow=True,
    ).content.decode()
    assert "The claims guard flagged sentences" in page
    assert FLAGGED_SENTENCE in page and "says the patient is accepted or approved" in page
    article = Article.objects.get(slug="new-article")
    assert FLAGGED in article.latest_revision.body and article.status == "draft"


def test_a_clean_draft_is_saved_without_a_warning(editors, topic):
    writer, _reviewer = editors
    page = writer.post(
        reverse("admin:content_article_add"), form_data(topic), follow=True
    ).content.decode()
    assert "The claims guard flagged" not in page


def test_flags_are_shown_again_when_the_draft_is_submitted(editors, topic):
    writer, _reviewer = editors
    add(writer, topic, body=FLAGGED)
    article = Article.objects.get(slug="new-article")
    page = writer.post(
        reverse("admin:content_article_submit", args=[article.pk]), follow=True
    ).content.decode()
    assert "Sent for review" in page
    assert "The claims guard flagged sentences" in page and FLAGGED_SENTENCE in page


def test_a_medical_reviewer_approves_from_the_review_page(editors, topic, staff_client):
    writer, reviewer = editors
    medic = staff_client(medical_reviewer("medic"))
    add(writer, topic)
    article = Article.objects.get(slug="new-article")
    writer.post(reverse("admin:content_article_submit", args=[article.pk]))
    review = reverse("admin:content_article_publish", args=[article.pk])
    assert "Approve for medical accuracy" not in reviewer.get(review).content.decode()
    page = medic.get(review).content.decode()
    assert "Approve for medical accuracy" in page and "Approve and publish" not in page
    assert medic.post(review).status_code == 403  # a medical reviewer does not publish
    medic.post(reverse("admin:content_article_medical_review", args=[article.pk]))
    article.refresh_from_db()
    assert article.latest_revision.medical_reviewer.username == "medic"
    assert reviewer.post(review).status_code == 302
    public = Client().get(article.get_absolute_url()).content.decode()
    assert "Reviewed for medical accuracy on" in public


def test_a_reviewer_sends_back_with_a_comment_the_author_then_sees(editors, topic):
    writer, reviewer = editors
    add(writer, topic)
    article = Article.objects.get(slug="new-article")
    writer.post(reverse("admin:content_article_submit", args=[article.pk]))
    send_back = reverse("admin:content_article_send_back", args=[article.pk])
    refused = reviewer.post(send_back, {"comment": "  "}, follow=True).content.decode()
    assert "Write a comment for the author" in refused
    article.refresh_from_db()
    assert article.status == "in_review"
    reviewer.post(send_back, {"comment": "Explain who decides eligibility, please."})
    article.refresh_from_db()
    assert article.status == "draft"
    change = writer.get(reverse("admin:content_article_change", args=[article.pk]))
    assert "Explain who decides eligibility, please." in change.content.decode()
    assert "Sent back for changes" in change.content.decode()
    history = writer.get(reverse("admin:content_article_revisions", args=[article.pk]))
    assert "Sent back to the author with comments" in history.content.decode()


def test_an_override_through_the_admin_needs_a_supervisor_and_a_medical_reviewer(
    editors, topic, staff_client
):
    writer, reviewer = editors
    boss = staff_client(supervisor("boss"))
    medic = staff_client(medical_reviewer("medic"))
    add(writer, topic, body=FLAGGED)
    article = Article.objects.get(slug="new-article")
    writer.post(reverse("admin:content_article_submit", args=[article.pk]))
    review = reverse("admin:content_article_publish", args=[article.pk])
    override = reverse("admin:content_article_override", args=[article.pk])

    page = reviewer.get(review).content.decode()
    assert FLAGGED_SENTENCE in page and "Approve the override" not in page  # not their role
    assert "Approve the override as Supervisor" in boss.get(review).content.decode()
    boss.post(override, {"role": "supervisor", "reason": "An attributed quotation."})
    refused = reviewer.post(review).content.decode()  # one approval is not enough
    assert "ask a supervisor and a medical reviewer" in refused
    assert "boss" in refused and "not yet approved" in refused
    page = medic.get(review).content.decode()
    assert "Approve the override as Medical reviewer" in page
    assert "Approve the override as Supervisor" not in page
    medic.post(override, {"role": "medical_reviewer", "reason": "Quoted, with the disclaimer."})

    assert reviewer.post(review).status_code == 302
    article.refresh_from_db()
    assert article.status == "published"
    history = reviewer.get(
        reverse("admin:content_article_revisions", args=[article.pk])
    ).content.decode()
    assert "Override approved by a supervisor" in history
    assert "Override approved by a medical reviewer" in history
    assert "An attributed quotation." in history and "Quoted, with the disclaimer." in history
    assert "Published despite flagged sentences" in history


def test_a_supervisor_cannot_publish_or_edit_articles(topic, staff_client):
    boss = staff_client(supervisor("boss"))
    article = Article.objects.get(slug="therapeutic-allogeneic-lymphocytes")
    assert boss.get(reverse("admin:content_article_change", args=[article.pk])).status_code == 200
    assert boss.post(reverse("admin:content_article_publish", args=[article.pk])).status_code == 403
    assert boss.post(reverse("admin:content_article_submit", args=[article.pk])).status_code == 403
    assert boss.get(reverse("admin:content_article_add")).status_code == 403


def test_coordinators_cannot_open_the_review_page(staff_client):
    article = Article.objects.get(slug="therapeutic-allogeneic-lymphocytes")
    coord = staff_client(coordinator("coord"))
    response = coord.get(reverse("admin:content_article_publish", args=[article.pk]))
    assert response.status_code == 403
