"""Background harvesting. ``scdt harvest --due`` (run it from cron or a systemd timer)
queues one task per source whose interval has passed; ``scdt worker`` runs them."""

from django_tasks import task

from scdt.catalogue.models import HarvestSource
from scdt.catalogue.services import run_harvest, sources_due


@task()
def harvest_source(source_id: int) -> dict:
    source = HarvestSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return {}
    run = run_harvest(source=source)
    return {"run": run.pk, "status": run.status, **run.report}


def enqueue_due_harvests() -> int:
    """Queue a harvest for every enabled source that is due; returns how many."""
    due = sources_due()
    for source in due:
        harvest_source.enqueue(source.pk)
    return len(due)
