"""``scdt expire_meeting_requests``: expire pending meeting requests past their time (run it from cron)."""

from django.core.management.base import BaseCommand

from scdt.meetings.services import expire_meeting_requests


class Command(BaseCommand):
    help = "Expire pending meeting requests nobody answered in time; both sides are told."

    def handle(self, *args, **options):
        count = expire_meeting_requests()
        self.stdout.write(f"{count} meeting request(s) expired.")
