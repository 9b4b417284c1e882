from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "scdt.events"
    verbose_name = _("Events")

    def ready(self):
        from scdt.accounts import signals as account_signals
        from scdt.events import receivers

        account_signals.collect_user_data.connect(
            receivers.collect_user_data, dispatch_uid="events.collect"
        )
        account_signals.user_erasing.connect(receivers.user_erasing, dispatch_uid="events.erase")
