"""``scdt match_refresh``: rebuild every match document, embed what lacks vectors, assess the gap.

Receivers keep documents current as items change; this is for a new installation, after
a bulk import with signals off, or after a model change (all vectors are recomputed).
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from scdt.matching.services import documents, gap


class Command(BaseCommand):
    help = "Rebuild the match documents, compute missing embeddings and assess the demand/supply gap."

    def add_arguments(self, parser):
        parser.add_argument("--no-embed", action="store_true", help="documents only, no embeddings")
        parser.add_argument("--no-gap", action="store_true", help="do not reassess the gap")

    def handle(self, *args, **options):
        def progress(done, todo):
            sys.stderr.write(f"\r  embedded {done}/{todo}")
            if done == todo:
                sys.stderr.write("\n")

        # SCDT_MATCHING_EMBEDDINGS=0 means no model at all: documents only, BM25 matching.
        embed = settings.MATCHING_EMBEDDINGS and not options["no_embed"]
        counts = documents.refresh_all(embed=embed, progress=progress)
        self.stdout.write(
            _("Match documents rebuilt: %(opportunity)s opportunities, %(dataset)s datasets, "
              "%(datarequest)s data requests, %(profile)s profiles; %(embedded)s newly embedded.")
            % {"embedded": 0, **counts}
        )
        if not options["no_gap"]:
            totals = gap.assess_all()
            self.stdout.write(
                _("Demand assessed: %(demand)s pieces of demand, %(met)s met, %(unmet)s unmet.") % totals
            )
