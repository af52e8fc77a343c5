from django.urls import path

from . import views

app_name = "content"

# An article's "Download as PDF" is at learn/<slug>/pdf/, served by documents.views.
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("<slug:slug>/", views.article, name="article"),
]
