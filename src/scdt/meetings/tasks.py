"""Background work of the meetings app (django-tasks): scheduler runs and request expiry.

Tasks take ids and call services. ``queue_scheduler_run`` records the run and enqueues it
after commit, so a worker never looks for a run that is not saved yet.
"""

from django.db import transaction
from django_tasks import task

from scdt.meetings import services


@task()
def run_scheduler_task(run_id: int) -> dict:
    run = services.run_scheduler(run_id=run_id)
    return {"run": run_id, "status": run.status if run else None}


@task()
def expire_meeting_requests_task() -> dict:
    return {"expired": services.expire_meeting_requests()}


def queue_scheduler_run(*, actor, session, time_limit: int = 30, move_existing: bool = False):
    """Start a scheduler run (see ``services.start_scheduler_run``) and queue it after commit."""
    run = services.start_scheduler_run(actor=actor, session=session, time_limit=time_limit, move_existing=move_existing)
    transaction.on_commit(lambda: run_scheduler_task.enqueue(run.pk))
    return run
