"""``scdt assess_gap``: assess every request against the supply and record today's snapshot.

Run it daily (cron or the worker's schedule): each run adds a point to the gap trend.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from scdt.matching.services import gap


class Command(BaseCommand):
    help = "Assess the demand/supply gap and record today's snapshot."

    def handle(self, *args, **options):
        totals = gap.assess_all()
        self.stdout.write(_("Demand assessed: %(demand)s pieces of demand, %(met)s met, %(unmet)s unmet.") % totals)
