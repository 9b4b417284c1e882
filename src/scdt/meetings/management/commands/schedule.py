"""``scdt schedule``: the organiser's scheduler from the command line, with no database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from scdt.meetings.scheduling import InstanceError, first_fit, parse_instance, solve

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "Schedule 1:1 meetings from an instance file (JSON) and print one JSON result "
        "object on stdout. Needs no database. See docs/scheduling.md."
    )
    # Pure computation: no system checks or migration checks, so it runs without a database.
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--instance", required=True, help="the instance JSON file")
        parser.add_argument(
            "--time-limit", type=float, default=60.0, help="seconds for the solver (default 60)"
        )
        parser.add_argument(
            "--baseline",
            choices=["first-fit"],
            help="schedule with the first-fit baseline instead of the optimiser",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="CP-SAT search workers (default: built-in)"
        )

    def handle(self, *args, **options):
        if options["time_limit"] <= 0:
            raise CommandError("--time-limit must be positive", returncode=USAGE_ERROR)
        path = Path(options["instance"])
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}", returncode=USAGE_ERROR) from error
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{path}: invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}",
                returncode=USAGE_ERROR,
            ) from error
        try:
            instance = parse_instance(data)
        except InstanceError as error:
            raise CommandError(f"{path}: {error}", returncode=USAGE_ERROR) from error
        if options["baseline"] == "first-fit":
            result = first_fit(instance)
        else:
            extra = {"workers": options["workers"]} if options["workers"] else {}
            result = solve(instance, time_limit=options["time_limit"], **extra)
        self.stdout.write(json.dumps(result.to_dict()))
