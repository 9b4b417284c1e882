from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "scdt.meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from scdt.meetings import receivers  # noqa: F401 - connects the signal receivers
