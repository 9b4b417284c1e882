"""``scdt harvest SOURCE`` harvests a configured source; ``--type --url`` harvests any portal
ad hoc (a source is created for it, so re-runs are incremental); ``--due`` queues the
sources whose interval has passed; ``--list`` shows the sources."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from scdt.catalogue.models import HarvestSource, SourceType
from scdt.catalogue.services import create_harvest_source, run_harvest
from scdt.catalogue.tasks import enqueue_due_harvests


class Command(BaseCommand):
    help = "Harvest open data portals (CKAN, DCAT-AP, dane.gov.pl) into the catalogue."

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="slug of a configured harvest source")
        parser.add_argument("--type", choices=SourceType.values, help="ad-hoc source type")
        parser.add_argument("--url", help="ad-hoc source endpoint")
        parser.add_argument("--city", default="", help="city of an ad-hoc source")
        parser.add_argument("--full", action="store_true", help="ignore the last run and read everything")
        parser.add_argument("--due", action="store_true", help="queue every source that is due")
        parser.add_argument("--list", action="store_true", help="list the configured sources")

    def handle(self, *args, **options):
        if options["list"]:
            for source in HarvestSource.objects.all():
                self.stdout.write(f"{source.slug:30} {source.type:10} {source.url}")
            return
        if options["due"]:
            self.stdout.write(f"Queued {enqueue_due_harvests()} harvest(s).")
            return
        source = self._source(options)
        bar = tqdm(desc=source.slug, unit="dataset", disable=options["verbosity"] == 0)

        def progress(done, total):
            if total is not None:
                bar.total = total
            bar.update(done - bar.n)

        run = run_harvest(source=source, full=options["full"], progress=progress)
        bar.close()
        report = ", ".join(f"{key} {value}" for key, value in run.report.items())
        self.stdout.write(f"{source.slug}: {run.status} — {report}")
        for error in run.errors[:20]:
            self.stdout.write(f"  {error['identifier']}: {error['message']}")
        if run.message:
            self.stdout.write(run.message)
        if run.status != "finished":
            raise CommandError(f"The harvest of {source.slug} did not finish cleanly.")

    def _source(self, options) -> HarvestSource:
        if options["source"]:
            source = HarvestSource.objects.filter(slug=options["source"]).first()
            if source is None:
                raise CommandError(f"No harvest source {options['source']!r} (see --list).")
            return source
        if not (options["type"] and options["url"]):
            raise CommandError("Give a SOURCE slug, or --type and --url.")
        existing = HarvestSource.objects.filter(type=options["type"], url=options["url"]).first()
        if existing:
            return existing
        try:
            return create_harvest_source(
                actor=None,
                name=options["url"],
                type=options["type"],
                url=options["url"],
                city=options["city"],
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
