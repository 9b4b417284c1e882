from django.urls import path

from scdt.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("catalogue/", views.dataset_list, name="list"),
    path("catalogue/datasets/<slug:slug>/", views.dataset_detail, name="dataset"),
]
