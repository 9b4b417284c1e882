from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "scdt.directory"
    verbose_name = _("Directory")

    def ready(self):
        from scdt.directory import receivers

        # The accounts signals arrive with the accounts app's data export and erasure;
        # until they exist there is nothing to connect to.
        try:
            from scdt.accounts import signals as account_signals
        except ImportError:
            return
        collect = getattr(account_signals, "collect_user_data", None)
        erasing = getattr(account_signals, "user_erasing", None)
        if collect is not None:
            collect.connect(
                receivers.collect_profile_data, dispatch_uid="directory.collect_profile_data"
            )
        if erasing is not None:
            erasing.connect(receivers.forget_profile, dispatch_uid="directory.forget_profile")
