"""``scdt serve``: serve the site on a local address (the development server with static files).

Production runs any WSGI server on ``scdt.wsgi:application`` behind a proxy instead; see
docs/operations.md.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Serve the SCDT Marketplace at http://HOST:PORT (default 127.0.0.1:8000)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--reload", action="store_true", help="Restart when code changes.")

    def handle(self, *args, host, port, reload, **options):
        self.stdout.write(
            _("Serving on http://%(host)s:%(port)s/ — press Ctrl+C to stop.") % {"host": host, "port": port}
        )
        call_command("runserver", f"{host}:{port}", use_reloader=reload, insecure_serving=True)
