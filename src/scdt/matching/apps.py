from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "scdt.matching"
    verbose_name = _("Matching")

    def ready(self):
        from scdt.matching import receivers  # noqa: F401 - connects the signal receivers
