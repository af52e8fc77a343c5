"""Editing and review, in the admin, for content editors and medical reviewers.

Saving makes a revision; submitting, reviewing and publishing are explicit buttons on the
article's page; history shows every revision, a diff of any two, and restores old words.
The review page is where a second editor publishes, a medical reviewer approves medical
accuracy, a reviewer sends the article back with a comment, and a supervisor and a medical
reviewer each approve publishing a flagged sentence. Every rule is in services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import roles
from core.admin import ReadOnlyAdminMixin
from core.conditions import ConditionArea

from . import selectors, services
from .models import MEDICAL_DISCLAIMER, Article, ArticleEvent, ArticleRevision, Topic
from .rendering import render_markdown


class ArticleAdminForm(forms.ModelForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    body = forms.CharField(
        label=_("Body (Markdown)"),
        strip=False,
        required=False,  # checked in clean_body, with our own message
        widget=forms.Textarea(attrs={"rows": 24, "class": "vLargeTextField"}),
        help_text=_(
            "Use ## headings for the usual sections (What it is, How it works, Where it is "
            "used, How it is given, What research shows, Side effects, Practical advice). "
            "Tables in Markdown become tables. Raw HTML is removed."
        ),
    )
    condition_areas = forms.MultipleChoiceField(
        label=_("Condition areas"),
        choices=ConditionArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "summary",
            "body",
            "topics",
            "condition_areas",
            "audience",
            "language",
            "translation_of",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "topics" in self.fields:  # a reader with view permission only gets no fields
            self.fields["topics"].error_messages["required"] = _("Choose at least one topic.")
        revision = self.instance.latest_revision if self.instance.pk else None
        if revision is not None:
            self.initial.update(title=revision.title, summary=revision.summary, body=revision.body)

    def clean_body(self):
        body = self.cleaned_data.get("body") or ""
        if not body.strip():
            raise ValidationError(_("An article needs a body."))
        return body

    def clean_topics(self):
        topics = self.cleaned_data.get("topics")
        if not topics:
            raise ValidationError(_("Choose at least one topic."))
        return topics


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "order")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "admin/content/article/change_form.html"
    list_display = (
        "slug",
        "current_title",
        "status",
        "language",
        "unpublished",
        "reviewed",
        "medically_reviewed",
    )
    list_filter = ("status", "language", "audience", "topics")
    search_fields = ("slug", "latest_revision__title")
    readonly_fields = ("status",)

    @admin.display(description=_("title"))
    def current_title(self, obj):
        return obj.latest_revision.title if obj.latest_revision else "—"

    @admin.display(description=_("unpublished changes"), boolean=True)
    def unpublished(self, obj):
        return obj.has_unpublished_changes

    @admin.display(description=_("reviewed"))
    def reviewed(self, obj):
        revision = obj.published_revision
        return revision.reviewed_at.date() if revision and revision.reviewed_at else "—"

    @admin.display(description=_("reviewed for medical accuracy"))
    def medically_reviewed(self, obj):
        revision = obj.published_revision
        return (
            revision.medical_reviewed_at.date() if revision and revision.medically_reviewed else "—"
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("latest_revision", "published_revision")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = Article.objects.filter(pk=object_id).first() if object_id.isdigit() else None
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                "review_comments": selectors.open_review_comments(article=article),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def _warn_about_flags(self, request, article: Article) -> None:
        """Show the claims gate's flags as soon as the words are saved or submitted, long
        before publishing (which is refused while they stand)."""
        revision = article.latest_revision
        if revision is None:
            return
        verdict = services.claims_verdict(revision=revision)
        if verdict.flags:
            messages.warning(
                request,
                _(
                    "The claims guard flagged sentences that could read as an eligibility or "
                    "outcome claim. The draft is kept, but it cannot be published until they "
                    "are rewritten or an override is approved: %(flags)s"
                )
                % {"flags": verdict.summary()},
            )

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        article = services.article_save(
            article=obj if change else None,
            author=request.user,
            slug=data["slug"],
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            topics=data["topics"],
            condition_areas=data["condition_areas"],
            audience=data["audience"],
            language=data["language"],
            translation_of=data.get("translation_of"),
        )
        obj.pk = article.pk
        obj.refresh_from_db()
        self._warn_about_flags(request, obj)

    def save_related(self, request, form, formsets, change):
        pass  # topics were saved by services.article_save

    # --- Review actions and history ---------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="content_article_preview",
            ),
            path(
                "<int:pk>/history-of-revisions/",
                self.admin_site.admin_view(self.revisions_view),
                name="content_article_revisions",
            ),
            path(
                "<int:pk>/submit/",
                self.admin_site.admin_view(require_POST(self.submit_view)),
                name="content_article_submit",
            ),
            path(
                "<int:pk>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="content_article_publish",
            ),
            path(
                "<int:pk>/approve-medical-accuracy/",
                self.admin_site.admin_view(require_POST(self.medical_review_view)),
                name="content_article_medical_review",
            ),
            path(
                "<int:pk>/send-back/",
                self.admin_site.admin_view(require_POST(self.send_back_view)),
                name="content_article_send_back",
            ),
            path(
                "<int:pk>/approve-override/",
                self.admin_site.admin_view(require_POST(self.override_view)),
                name="content_article_override",
            ),
            path(
                "<int:pk>/archive/",
                self.admin_site.admin_view(require_POST(self.archive_view)),
                name="content_article_archive",
            ),
            path(
                "<int:pk>/restore/<int:number>/",
                self.admin_site.admin_view(require_POST(self.restore_view)),
                name="content_article_restore",
            ),
        ]
        return own + super().get_urls()

    def _article(self, request, pk, permission="content.view_article") -> Article:
        if not request.user.has_perm(permission):
            raise PermissionDenied
        return get_object_or_404(Article.objects.select_related("latest_revision"), pk=pk)

    def _review_article(self, request, pk) -> Article:
        """The review page is open to whoever takes part in a review: content editors who
        may publish, medical reviewers, and supervisors (for overrides)."""
        if not request.user.has_perm("content.view_article") or not (
            services.may_send_back(request.user) or roles.is_supervisor(request.user)
        ):
            raise PermissionDenied
        return self._article(request, pk)

    def _back(self, article):
        return redirect(reverse("admin:content_article_change", args=[article.pk]))

    def _back_to_review(self, article):
        return redirect(reverse("admin:content_article_publish", args=[article.pk]))

    def preview_view(self, request, pk):
        article = self._article(request, pk)
        revision = article.latest_revision
        return TemplateResponse(
            request,
            "content/article.html",
            {
                "article": article,
                "revision": revision,
                "body": render_markdown(revision.body),
                "disclaimer": MEDICAL_DISCLAIMER,
                "preview": True,
            },
        )

    def revisions_view(self, request, pk):
        article = self._article(request, pk)
        revisions = list(
            article.revisions.select_related(
                "author",
                "reviewer",
                "medical_reviewer",
                "override_supervisor",
                "override_medical_reviewer",
            )
        )
        by_number = {r.number: r for r in revisions}
        diff = None
        try:
            older, newer = by_number[int(request.GET["a"])], by_number[int(request.GET["b"])]
            diff = services.revision_diff(older, newer)
        except (KeyError, ValueError):
            older = newer = None
        context = {
            **self.admin_site.each_context(request),
            "title": f"History of {article}",
            "article": article,
            "revisions": revisions,
            "events": article.events.select_related("actor", "revision"),
            "diff": diff,
            "older": older,
            "newer": newer,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/content/article/revisions.html", context)

    def submit_view(self, request, pk):
        article = self._article(request, pk, "content.change_article")
        try:
            services.article_submit_for_review(article=article, by=request.user)
            messages.success(request, _("Sent for review. A second editor can now publish it."))
            self._warn_about_flags(request, article)
        except services.PublishRefusedError as refused:
            messages.error(request, str(refused))
        return self._back(article)

    def publish_view(self, request, pk):
        article = self._review_article(request, pk)
        error = flags = None
        if request.method == "POST":
            if not request.user.has_perm("content.publish_article"):
                raise PermissionDenied
            try:
                services.article_publish(article=article, by=request.user)
                messages.success(request, _("Published. The public page now shows this revision."))
                return self._back(article)
            except services.PublishRefusedError as refused:
                error, flags = str(refused), refused.flags
            article.refresh_from_db()
        revision = article.latest_revision
        verdict = services.claims_verdict(revision=revision) if revision else None
        user = request.user
        not_author = revision is not None and revision.author_id != user.pk
        in_review = article.status == Article.Status.IN_REVIEW
        open_roles = (
            services.override_roles_open(revision=revision, user=user)
            if in_review and verdict is not None and not verdict.passed
            else []
        )
        context = {
            **self.admin_site.each_context(request),
            "title": f"Review and publish: {article}",
            "article": article,
            "revision": revision,
            "verdict": verdict,
            "flags": flags or (verdict.flags if verdict else []),
            "error": error,
            "is_author": revision is not None and not not_author,
            "in_review": in_review,
            "can_publish": in_review and not_author and user.has_perm("content.publish_article"),
            "can_approve_medical": (
                not_author
                and roles.is_medical_reviewer(user)
                and not revision.medically_reviewed
                and article.status in (Article.Status.IN_REVIEW, Article.Status.PUBLISHED)
            ),
            "can_send_back": in_review and not_author and services.may_send_back(user),
            "override_roles": [(role.value, role.label) for role in open_roles],
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/content/article/publish.html", context)

    def medical_review_view(self, request, pk):
        article = self._review_article(request, pk)
        try:
            services.article_approve_medical_accuracy(article=article, by=request.user)
            messages.success(
                request,
                _(
                    "Approved for medical accuracy. Once this revision is public, its page "
                    "says so with today's date."
                ),
            )
        except services.PublishRefusedError as refused:
            messages.error(request, str(refused))
        return self._back_to_review(article)

    def send_back_view(self, request, pk):
        article = self._review_article(request, pk)
        try:
            services.article_send_back(
                article=article, by=request.user, comment=request.POST.get("comment", "")
            )
        except services.PublishRefusedError as refused:
            messages.error(request, str(refused))
            return self._back_to_review(article)
        messages.success(request, _("Sent back to the author with your comment."))
        return self._back(article)

    def override_view(self, request, pk):
        article = self._review_article(request, pk)
        try:
            services.article_approve_override(
                article=article,
                by=request.user,
                role=request.POST.get("role", ""),
                reason=request.POST.get("reason", ""),
            )
            messages.success(
                request,
                _(
                    "Your approval of the override is recorded. Publishing needs both a "
                    "supervisor's and a medical reviewer's approval."
                ),
            )
        except services.PublishRefusedError as refused:
            messages.error(request, str(refused))
        return self._back_to_review(article)

    def archive_view(self, request, pk):
        article = self._article(request, pk, "content.publish_article")
        services.article_archive(article=article, by=request.user)
        messages.success(request, _("Archived: the article is no longer public."))
        return self._back(article)

    def restore_view(self, request, pk, number):
        article = self._article(request, pk, "content.change_article")
        revision = get_object_or_404(ArticleRevision, article=article, number=number)
        services.article_restore(article=article, revision=revision, by=request.user)
        messages.success(request, _("Revision %(n)d restored as a new draft.") % {"n": number})
        article.refresh_from_db()
        self._warn_about_flags(request, article)
        return self._back(article)


@admin.register(ArticleEvent)
class ArticleEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("created_at", "article", "kind", "actor")
    list_filter = ("kind",)
