from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from scdt.api import api
from scdt.pages.views import set_language

urlpatterns = [
    path("", include("scdt.pages.urls")),
    path("accounts/", include("scdt.accounts.urls")),
    path("directory/", include("scdt.directory.urls")),
    path("", include("scdt.events.urls")),
    path("", include("scdt.marketplace.urls")),
    path("", include("scdt.catalogue.urls")),
    path("", include("scdt.meetings.urls")),
    path("", include("scdt.matching.urls")),
    path("api/v1/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
