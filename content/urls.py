from django.urls import path

from . import views, views_pdf

app_name = "content"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("<slug:slug>/", views.article, name="article"),
    path("<slug:slug>/pdf/", views_pdf.article_pdf, name="article_pdf"),
]
