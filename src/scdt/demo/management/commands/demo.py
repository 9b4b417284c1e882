"""``scdt demo``: load the demo network (idempotent) and say how to log in."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from scdt.demo.loader import ADMIN, ORGANISER, PARTICIPANT, load_demo_network


class Command(BaseCommand):
    help = "Load the demo network: the real 2023–24 workshops, a demonstration event and fictional members."

    def handle(self, *args, **options):
        created = load_demo_network()
        if any(created.values()):
            self.stdout.write(
                _(
                    "Demo network loaded: %(organisations)s organisations, %(profiles)s profiles, "
                    "%(events)s events, %(registrations)s registrations created."
                )
                % created
            )
        else:
            self.stdout.write(_("Demo network already loaded: nothing changed."))
        self.stdout.write("")
        self.stdout.write(_("Log in at http://127.0.0.1:8000/accounts/login/ as"))
        self.stdout.write(
            _("  organiser:   %(email)s / %(password)s") % {"email": ORGANISER[0], "password": ORGANISER[1]}
        )
        self.stdout.write(
            _("  participant: %(email)s / %(password)s") % {"email": PARTICIPANT[0], "password": PARTICIPANT[1]}
        )
        self.stdout.write(
            _("  admin:       %(email)s / %(password)s  (Django admin at /admin/)")
            % {"email": ADMIN[0], "password": ADMIN[1]}
        )
        self.stdout.write(_("Mail is printed on this console (EMAIL_URL=console:)."))
