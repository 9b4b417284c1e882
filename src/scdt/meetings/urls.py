from django.urls import path

from scdt.meetings import organiser_views, views

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.mine, name="mine"),
    path("meetings/request/", views.request_create, name="request"),
    path("meetings/requests/<uuid:uid>/accept/", views.accept, name="accept"),
    path("meetings/requests/<uuid:uid>/decline/", views.decline, name="decline"),
    path("meetings/requests/<uuid:uid>/propose/", views.propose, name="propose"),
    path("meetings/requests/<uuid:uid>/cancel/", views.request_cancel, name="request_cancel"),
    path("meetings/sessions/<int:pk>/", views.session_detail, name="session"),
    path("meetings/sessions/<int:pk>/join/", views.join, name="join"),
    path("meetings/sessions/<int:pk>/leave/", views.leave, name="leave"),
    path("meetings/sessions/<int:pk>/availability/", views.availability, name="availability"),
    path("meetings/sessions/<int:pk>/my-schedule/", views.my_schedule, name="my_schedule"),
    path("meetings/<uuid:uid>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<uuid:uid>/reschedule/", views.reschedule, name="reschedule"),
    path("meetings/<uuid:uid>/outcome/", views.outcome, name="outcome"),
    path("organise/events/<slug:slug>/meetings/", organiser_views.organise_event, name="organise_event"),
    path("organise/meetings/<int:pk>/", organiser_views.organise_session, name="organise_session"),
    path("organise/meetings/<int:pk>/edit/", organiser_views.session_edit, name="session_edit"),
    path("organise/meetings/<int:pk>/schedule/", organiser_views.run_start, name="run_start"),
    path("organise/meetings/<int:pk>/print/tables/", organiser_views.print_tables, name="print_tables"),
    path("organise/meetings/<int:pk>/print/slots/", organiser_views.print_slots, name="print_slots"),
    path("organise/meetings/runs/<int:pk>/", organiser_views.run_detail, name="run"),
    path("organise/meetings/runs/<int:pk>/publish/", organiser_views.run_publish, name="run_publish"),
    path("organise/meetings/runs/<int:pk>/discard/", organiser_views.run_discard, name="run_discard"),
    path("organise/meetings/pin/<uuid:uid>/", organiser_views.pin, name="pin"),
]
