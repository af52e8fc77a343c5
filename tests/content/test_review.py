"""Editorial trust: medical review earns the public line, reviewers send articles back with
comments, and publishing a flagged sentence needs a supervisor and a medical reviewer."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from content import services
from content.models import Article, ArticleEvent, Topic
from content.selectors import open_review_comments
from tests.factories import editor, medical_reviewer, supervisor

pytestmark = pytest.mark.django_db

FLAGGED = "Your mother is approved for treatment abroad."
FLAGGED_SENTENCE = FLAGGED.rstrip(".")  # as the gate quotes it


@pytest.fixture
def topic():
    return Topic.objects.create(name="Testing", slug="testing")


@pytest.fixture
def people():
    return {
        "writer": editor("writer"),
        "editor": editor("second-editor"),
        "medic": medical_reviewer("medic"),
        "boss": supervisor("boss"),
    }


def in_review(writer, topic, body="## What it is\n\nA plain explanation.", slug="plain"):
    article = services.article_save(
        author=writer,
        slug=slug,
        title="Plain words",
        summary="A summary.",
        body=body,
        topics=[topic],
    )
    return services.article_submit_for_review(article=article, by=writer)


def public_page(article) -> str:
    return Client().get(article.get_absolute_url()).content.decode()


def events(kind):
    """History entries of this kind, leaving out the seed library's."""
    return ArticleEvent.objects.filter(kind=kind).exclude(actor__username="medical-review-panel")


# --- The public line ------------------------------------------------------------------


def test_a_second_editor_publishing_earns_only_the_editorial_line(people, topic):
    article = in_review(people["writer"], topic)
    services.article_publish(article=article, by=people["editor"])
    page = public_page(article)
    assert "Reviewed by our editorial team." in page
    assert "medical accuracy" not in page


def test_a_medical_reviewers_approval_earns_the_dated_medical_line(people, topic):
    article = in_review(people["writer"], topic)
    revision = services.article_approve_medical_accuracy(article=article, by=people["medic"])
    services.article_publish(article=article, by=people["editor"])
    date = date_format(timezone.localtime(revision.medical_reviewed_at), "DATE_FORMAT")
    page = public_page(article)
    assert f"Reviewed for medical accuracy on {date}." in page
    assert "Reviewed by our editorial team." not in page
    event = events(ArticleEvent.Kind.MEDICALLY_REVIEWED).get()
    assert event.actor == people["medic"] and event.revision == revision


def test_new_words_lose_the_medical_line_until_they_are_reviewed_again(people, topic):
    writer = people["writer"]
    article = in_review(writer, topic)
    services.article_approve_medical_accuracy(article=article, by=people["medic"])
    services.article_publish(article=article, by=people["editor"])
    services.article_save(
        article=article,
        author=writer,
        title="Plain words",
        summary="A summary.",
        body="New words nobody has checked.",
        topics=[topic],
    )
    services.article_submit_for_review(article=article, by=writer)
    services.article_publish(article=Article.objects.get(pk=article.pk), by=people["editor"])
    page = public_page(article)
    assert "New words nobody has checked." in page
    assert "medical accuracy" not in page and "Reviewed by our editorial team." in page


def test_a_published_article_can_be_approved_for_medical_accuracy_afterwards(people, topic):
    article = in_review(people["writer"], topic)
    services.article_publish(article=article, by=people["editor"])
    assert "medical accuracy" not in public_page(article)
    services.article_approve_medical_accuracy(article=article, by=people["medic"])
    assert "Reviewed for medical accuracy on" in public_page(article)


def test_only_a_medical_reviewer_who_did_not_write_it_can_approve_medical_accuracy(people, topic):
    article = in_review(people["writer"], topic)
    for someone in (people["editor"], people["boss"]):
        with pytest.raises(services.PublishRefusedError, match="Only a medical reviewer"):
            services.article_approve_medical_accuracy(article=article, by=someone)
    own = in_review(people["medic"], topic, slug="written-by-the-medic")
    with pytest.raises(services.PublishRefusedError, match="another medical reviewer"):
        services.article_approve_medical_accuracy(article=own, by=people["medic"])
    draft = services.article_save(
        author=people["writer"],
        slug="still-a-draft",
        title="Draft",
        summary="Draft.",
        body="Words.",
        topics=[topic],
    )
    with pytest.raises(services.PublishRefusedError, match="Submit the article"):
        services.article_approve_medical_accuracy(article=draft, by=people["medic"])
    assert not events(ArticleEvent.Kind.MEDICALLY_REVIEWED).exists()


def test_a_superuser_is_not_a_medical_reviewer(people, topic):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x" * 20)
    article = in_review(people["writer"], topic)
    with pytest.raises(services.PublishRefusedError, match="Only a medical reviewer"):
        services.article_approve_medical_accuracy(article=article, by=admin)


def test_the_database_refuses_a_medical_review_without_a_date(people, topic):
    revision = in_review(people["writer"], topic).latest_revision
    revision.medical_reviewer = people["medic"]
    with pytest.raises(IntegrityError), transaction.atomic():
        revision.save(update_fields=["medical_reviewer"])


# --- Send back with comments ----------------------------------------------------------


@pytest.mark.parametrize("reviewer", ["editor", "medic"])
def test_a_reviewer_sends_an_article_back_with_a_comment(people, topic, reviewer):
    article = in_review(people["writer"], topic)
    services.article_send_back(
        article=article, by=people[reviewer], comment="Say who decides, in the summary."
    )
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    event = events(ArticleEvent.Kind.SENT_BACK).get()
    assert event.actor == people[reviewer] and event.note == "Say who decides, in the summary."
    assert list(open_review_comments(article=article)) == [event]
    services.article_submit_for_review(article=article, by=people["writer"])
    assert list(open_review_comments(article=article)) == []  # answered by resubmitting


def test_sending_back_needs_a_comment_a_reviewer_and_an_article_in_review(people, topic):
    article = in_review(people["writer"], topic)
    with pytest.raises(services.PublishRefusedError, match="Write a comment"):
        services.article_send_back(article=article, by=people["editor"], comment="   ")
    with pytest.raises(services.PublishRefusedError, match="edit it yourself"):
        services.article_send_back(article=article, by=people["writer"], comment="Hmm.")
    with pytest.raises(services.PublishRefusedError, match="content editor or a medical"):
        services.article_send_back(article=article, by=people["boss"], comment="No.")
    services.article_publish(article=article, by=people["editor"])
    with pytest.raises(services.PublishRefusedError, match="not in review"):
        services.article_send_back(article=article, by=people["medic"], comment="Late.")
    assert not events(ArticleEvent.Kind.SENT_BACK).exists()


# --- Overriding a flagged sentence needs two people -----------------------------------


def test_one_approval_is_not_enough_to_publish_a_flagged_sentence(people, topic):
    article = in_review(people["writer"], topic, body=FLAGGED)
    services.article_approve_override(
        article=article, by=people["boss"], role="supervisor", reason="A quotation, not ours."
    )
    with pytest.raises(services.PublishRefusedError) as refused:
        services.article_publish(article=article, by=people["editor"])
    assert refused.value.flags[0].sentence == FLAGGED_SENTENCE
    assert events(ArticleEvent.Kind.PUBLISH_REFUSED).count() == 1
    article.refresh_from_db()
    assert article.published_revision is None


def test_a_supervisor_and_a_medical_reviewer_together_allow_publishing(people, topic):
    article = in_review(people["writer"], topic, body=FLAGGED)
    services.article_approve_override(
        article=article, by=people["boss"], role="supervisor", reason="Quoted from a family."
    )
    services.article_approve_override(
        article=article,
        by=people["medic"],
        role="medical_reviewer",
        reason="Attributed quotation; the page says the hospital decides.",
    )
    article = services.article_publish(article=article, by=people["editor"])
    assert article.status == Article.Status.PUBLISHED
    revision = article.published_revision
    assert revision.override_supervisor == people["boss"]
    assert revision.override_medical_reviewer == people["medic"]
    assert revision.override_supervisor_reason == "Quoted from a family."
    assert events(ArticleEvent.Kind.OVERRIDE_SUPERVISOR).get().actor == people["boss"]
    assert events(ArticleEvent.Kind.OVERRIDE_MEDICAL).get().actor == people["medic"]
    published = events(ArticleEvent.Kind.CLAIMS_OVERRIDDEN).get()
    assert "boss (supervisor): Quoted from a family." in published.note
    assert "medic (medical reviewer): Attributed quotation" in published.note
    assert FLAGGED_SENTENCE in published.note


def test_one_person_cannot_approve_an_override_in_both_roles(people, topic):
    both = people["boss"]
    both.groups.add(Group.objects.get(name="Medical reviewers"))
    article = in_review(people["writer"], topic, body=FLAGGED)
    revision = article.latest_revision
    assert services.override_roles_open(revision=revision, user=both) == [
        "supervisor",
        "medical_reviewer",
    ]
    services.article_approve_override(
        article=article, by=both, role="supervisor", reason="Not a claim."
    )
    revision.refresh_from_db()
    assert services.override_roles_open(revision=revision, user=both) == []
    with pytest.raises(services.PublishRefusedError, match="two people"):
        services.article_approve_override(
            article=article, by=both, role="medical_reviewer", reason="Still not a claim."
        )
    with pytest.raises(services.PublishRefusedError):
        services.article_publish(article=article, by=people["editor"])


def test_override_approvals_need_the_role_a_reason_and_someone_other_than_the_author(people, topic):
    article = in_review(people["writer"], topic, body=FLAGGED)
    with pytest.raises(services.PublishRefusedError, match="do not hold the role"):
        services.article_approve_override(
            article=article, by=people["editor"], role="supervisor", reason="Fine."
        )
    with pytest.raises(services.PublishRefusedError, match="Write down why"):
        services.article_approve_override(
            article=article, by=people["boss"], role="supervisor", reason="  "
        )
    services.article_approve_override(
        article=article, by=people["boss"], role="supervisor", reason="Fine."
    )
    with pytest.raises(services.PublishRefusedError, match="already approved"):
        services.article_approve_override(
            article=article, by=supervisor("second-boss"), role="supervisor", reason="Also."
        )
    medic_wrote = in_review(people["medic"], topic, body=FLAGGED, slug="by-the-medic")
    with pytest.raises(services.PublishRefusedError, match="You wrote"):
        services.article_approve_override(
            article=medic_wrote, by=people["medic"], role="medical_reviewer", reason="Mine."
        )
    clean = in_review(people["writer"], topic, slug="nothing-flagged")
    with pytest.raises(services.PublishRefusedError, match="nothing to override"):
        services.article_approve_override(
            article=clean, by=people["boss"], role="supervisor", reason="Why not."
        )
    assert events(ArticleEvent.Kind.OVERRIDE_SUPERVISOR).count() == 1


def test_an_override_covers_only_the_sentences_flagged_when_it_was_approved(people, topic):
    article = in_review(people["writer"], topic, body=FLAGGED)
    services.article_approve_override(
        article=article, by=people["boss"], role="supervisor", reason="Quoted."
    )
    services.article_approve_override(
        article=article, by=people["medic"], role="medical_reviewer", reason="Quoted."
    )
    # As if the gate had flagged something else when they approved (a newer gate model).
    revision = Article.objects.get(pk=article.pk).latest_revision
    revision.override_flags = "\u201cAnother sentence.\u201d (some reason)"
    revision.save(update_fields=["override_flags"])
    with pytest.raises(services.PublishRefusedError):
        services.article_publish(article=article, by=people["editor"])
    revision.refresh_from_db()
    assert revision.override_supervisor is None and revision.override_medical_reviewer is None
    assert events(ArticleEvent.Kind.OVERRIDE_WITHDRAWN).count() == 1


def test_the_database_refuses_one_person_in_both_override_roles(people, topic):
    revision = in_review(people["writer"], topic, body=FLAGGED).latest_revision
    revision.override_supervisor = revision.override_medical_reviewer = people["boss"]
    with pytest.raises(IntegrityError), transaction.atomic():
        revision.save(update_fields=["override_supervisor", "override_medical_reviewer"])
