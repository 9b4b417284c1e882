from django.urls import path

from scdt.catalogue import ckan_api, request_views, source_views, views

app_name = "catalogue"
urlpatterns = [
    path("catalogue/", views.dataset_list, name="list"),
    path("catalogue/dcat.<str:extension>", views.dcat_catalogue, name="dcat"),
    path("catalogue/datasets/<slug:slug>/", views.dataset_detail, name="dataset"),
    path("catalogue/datasets/<slug:slug>/follow/", views.dataset_follow, name="dataset_follow"),
    path("catalogue/reuses/", views.reuse_list, name="reuses"),
    path("catalogue/reuses/new/", views.reuse_new, name="reuse_new"),
    path("catalogue/reuses/<slug:slug>/delete/", views.reuse_delete, name="reuse_delete"),
    path("catalogue/requests/", request_views.request_list, name="requests"),
    path("catalogue/requests/new/", request_views.request_new, name="request_new"),
    path("catalogue/requests/publisher/", request_views.publisher_requests, name="publisher_requests"),
    path("catalogue/requests/<int:pk>/", request_views.request_detail, name="request"),
    path("catalogue/requests/<int:pk>/<slug:action>/", request_views.request_action, name="request_action"),
    path("catalogue/sources/", source_views.source_list, name="sources"),
    path("catalogue/sources/<slug:slug>/", source_views.source_detail, name="source"),
    path("catalogue/sources/<slug:slug>/harvest/", source_views.source_harvest, name="source_harvest"),
    # CKAN-compatible read API, so CKAN clients and harvesters can read this catalogue.
    path("api/3/action/<str:action>", ckan_api.action, name="ckan_action"),
    # ckanapi and older clients call the unversioned path.
    path("api/action/<str:action>", ckan_api.action, name="ckan_action_unversioned"),
    path("api/3", ckan_api.api_version, name="ckan_version"),
]
