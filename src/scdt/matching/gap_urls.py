"""The demand/supply gap pages (public, drill-down, CSV, organiser view)."""

from django.urls import path

from scdt.matching import gap_views

urlpatterns = [
    path("matching/gap/", gap_views.gap_page, name="gap"),
    path("matching/gap/cell/", gap_views.gap_cell, name="gap_cell"),
    path("matching/gap.csv", gap_views.gap_csv, name="gap_csv"),
    path("organise/matching/", gap_views.organise, name="organise"),
    path("organise/matching/reassess/", gap_views.reassess, name="organise_reassess"),
]
