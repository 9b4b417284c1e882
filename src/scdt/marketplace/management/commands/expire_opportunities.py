"""``scdt expire_opportunities``: the marketplace's daily job, to run from cron.

Example crontab line: ``15 3 * * * /srv/scdt/.venv/bin/scdt expire_opportunities``.
Running it twice a day is harmless: warnings are sent once and expiry is idempotent.
"""

from django.core.management.base import BaseCommand

from scdt.marketplace import services


class Command(BaseCommand):
    help = "Warn owners of opportunities expiring within a week and expire overdue ones."

    def handle(self, *args, **options):
        warned = services.warn_expiring_opportunities()
        expired = services.expire_opportunities()
        self.stdout.write(f"Warned {warned} owner(s); expired {expired} opportunity(ies).")
