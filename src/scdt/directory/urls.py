from django.urls import path

from scdt.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.directory_list, name="list"),
    path("people/<int:pk>/", views.profile_detail, name="profile"),
    path("me/", views.my_profile, name="my_profile"),
    path("organisations/", views.organisation_list, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("organisations/<slug:slug>/edit/", views.organisation_edit, name="organisation_edit"),
    path("manage/members/", views.members_pending, name="members_pending"),
]
