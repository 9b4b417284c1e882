"""Notifications and e-mail delivery, used by every other app's services."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from scdt.messaging.models import Notification


def send_templated_email(
    *,
    to: str,
    template: str,
    context: dict,
    language: str | None = None,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` and send them after commit.

    Rendering happens in the recipient's language. Sending waits for the surrounding
    transaction to commit so a rolled-back change never mails anybody.
    """
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    transaction.on_commit(lambda: message.send(fail_silently=False))


def notify(*, user, kind: str, text: str, url: str = "") -> Notification:
    """Record an in-app notification for ``user``."""
    return Notification.objects.create(user=user, kind=kind, text=text[:500], url=url)


def mark_notifications_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
