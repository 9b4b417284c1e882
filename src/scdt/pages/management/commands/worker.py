"""``scdt worker``: run queued background tasks (the database task backend)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run background tasks queued in the database (use with SCDT_TASK_BACKEND=django_tasks_db.DatabaseBackend)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")

    def handle(self, *args, batch, **options):
        call_command("db_worker", batch=batch)
