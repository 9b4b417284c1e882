from django.urls import include, path

from scdt.matching import views

app_name = "matching"

urlpatterns = [
    path("matching/feedback/", views.feedback, name="feedback"),
    path("matching/feedback/undo/", views.undo_feedback, name="undo_feedback"),
    path("", include("scdt.matching.gap_urls")),
]
