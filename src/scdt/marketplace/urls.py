from django.urls import path

from scdt.marketplace import moderation_views, owner_views, views

app_name = "marketplace"
urlpatterns = [
    path("marketplace/", views.browse, name="list"),
    path("marketplace/new/", owner_views.create, name="create"),
    path("marketplace/mine/", views.mine, name="mine"),
    path("marketplace/bookmarks/", views.bookmarks, name="bookmarks"),
    path("marketplace/moderation/", moderation_views.queue, name="moderation"),
    path("marketplace/organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("marketplace/<slug:ref>/", views.detail, name="detail"),
    path("marketplace/<slug:ref>/edit/", owner_views.edit, name="edit"),
    path("marketplace/<slug:ref>/submit/", owner_views.submit, name="submit"),
    path("marketplace/<slug:ref>/close/", owner_views.close, name="close"),
    path("marketplace/<slug:ref>/attachments/", owner_views.add_attachment, name="add_attachment"),
    path(
        "marketplace/<slug:ref>/attachments/<int:pk>/delete/",
        owner_views.remove_attachment,
        name="remove_attachment",
    ),
    path("marketplace/<slug:ref>/bookmark/", views.bookmark, name="bookmark"),
    path("marketplace/<slug:ref>/interest/", views.interest, name="interest"),
    path("marketplace/<slug:ref>/approve/", moderation_views.approve, name="approve"),
    path("marketplace/<slug:ref>/reject/", moderation_views.reject, name="reject"),
]
