from django.urls import path

from scdt.events import organiser_views, views

app_name = "events"
urlpatterns = [
    path("events/", views.event_list, name="list"),
    path("events/registrations/<uuid:uid>/cancel/", views.cancel, name="cancel"),
    path("events/<slug:slug>/", views.event_detail, name="detail"),
    path("events/<slug:slug>/calendar.ics", views.event_ics, name="ics"),
    path("events/<slug:slug>/register/", views.register, name="register"),
    path("agenda/", views.agenda, name="agenda"),
    path("agenda/feed/reset/", views.reset_feed, name="reset_feed"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
    path("organise/", organiser_views.organise, name="organise"),
    path(
        "organise/events/<slug:slug>/registrations/",
        organiser_views.organise_event,
        name="organise_event",
    ),
    path(
        "organise/events/<slug:slug>/registrations.csv",
        organiser_views.registrations_csv,
        name="registrations_csv",
    ),
    path("organise/registrations/<uuid:uid>/approve/", organiser_views.approve, name="approve"),
    path("organise/registrations/<uuid:uid>/reject/", organiser_views.reject, name="reject"),
]
