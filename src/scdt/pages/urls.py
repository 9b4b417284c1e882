from django.urls import path

from scdt.pages import views

app_name = "pages"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("home/", views.home, name="home"),
    path("join/", views.join, name="join"),
    path("join/check-your-email/", views.joined, name="joined"),
]
