"""Background work of the marketplace (django-tasks).

``expire_and_warn`` is the daily job: cron runs ``scdt expire_opportunities`` (which calls
the same services), or a scheduler enqueues this task once a day.
"""

from django_tasks import task

from scdt.marketplace import services


@task()
def expire_and_warn() -> dict:
    """Warn owners whose opportunities expire within a week, then expire the overdue ones."""
    warned = services.warn_expiring_opportunities()
    expired = services.expire_opportunities()
    return {"warned": warned, "expired": expired}
