from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "scdt.marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from scdt.marketplace import receivers  # noqa: F401 - connects "download my data"
