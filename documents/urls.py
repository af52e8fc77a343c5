from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("cases/<str:reference>/generated/", views.jobs_panel, name="jobs_panel"),
    path("cases/<str:reference>/generated/summary/", views.request_summary, name="request_summary"),
    path("cases/<str:reference>/generated/pack/", views.request_pack, name="request_pack"),
    path("cases/<str:reference>/generated/pack/search/", views.pack_search, name="pack_search"),
    path("cases/<str:reference>/generated/<int:job_id>/", views.download, name="job_download"),
    path("cases/<str:reference>/generated/<int:job_id>/retry/", views.retry, name="job_retry"),
    path("cases/<str:reference>/generated/<int:job_id>/share/", views.share, name="job_share"),
    path("status/<str:token>/packs/<int:job_id>/", views.family_pack, name="family_pack"),
    path("learn/<slug:slug>/pdf/", views.article_pdf, name="article_pdf"),
]
