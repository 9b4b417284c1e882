from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "scdt.pages"
    verbose_name = _("Public pages")

    def ready(self):
        from scdt.pages import receivers  # noqa: F401  (connects the join-flow receiver)
