"""Slowing down password guessing: after too many failed logins for one address, wait.

Counted in the database, so every app process sees the same count. A successful login or a
password reset clears the count; rows older than a day are pruned as new ones are written.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from scdt.accounts.models import FailedLogin

LOGIN_FAILURE_LIMIT = 10
LOGIN_FAILURE_WINDOW = dt.timedelta(minutes=15)


def login_blocked(*, email: str) -> bool:
    """True when ``email`` had LOGIN_FAILURE_LIMIT failed logins within the window."""
    since = timezone.now() - LOGIN_FAILURE_WINDOW
    return FailedLogin.objects.filter(email=email.lower(), created_at__gte=since).count() >= LOGIN_FAILURE_LIMIT


def record_failed_login(*, email: str, ip: str | None) -> None:
    with transaction.atomic():
        FailedLogin.objects.filter(created_at__lt=timezone.now() - dt.timedelta(days=1)).delete()
        FailedLogin.objects.create(email=email.lower(), ip=ip or None)


def clear_failed_logins(*, email: str) -> None:
    FailedLogin.objects.filter(email=email.lower()).delete()
