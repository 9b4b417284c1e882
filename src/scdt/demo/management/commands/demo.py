"""``scdt demo``: load the demo network (idempotent) and say how to log in."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from scdt.catalogue.demo import load_demo_catalogue
from scdt.demo.loader import ADMIN, ORGANISER, PARTICIPANT, load_demo_network
from scdt.marketplace.demo import load_demo_opportunities
from scdt.meetings.demo import load_demo_meetings


class Command(BaseCommand):
    help = "Load the demo network: the real 2023–24 workshops, a demonstration event and fictional members."

    def handle(self, *args, **options):
        # The demo's people are invented: what the services would mail them goes nowhere.
        # Embeddings are computed once, batched, after everything is loaded (not per save).
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", MATCHING_EMBEDDINGS=False
        ):
            created = load_demo_network()
            created["opportunities"] = load_demo_opportunities()
            created["datasets"] = load_demo_catalogue()
            created["meetings"] = load_demo_meetings()
        self.stdout.write(_("Preparing recommendations (the first run embeds a few hundred texts: about a minute)…"))
        call_command("match_refresh", stdout=self.stdout)
        if any(created.values()):
            self.stdout.write(
                _(
                    "Demo network loaded: %(organisations)s organisations, %(profiles)s profiles, "
                    "%(events)s events, %(registrations)s registrations, %(opportunities)s opportunities, "
                    "%(datasets)s datasets and %(meetings)s meeting records created."
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
