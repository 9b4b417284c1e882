"""The verification mail travels through a real SMTP server on loopback."""

import socket

import pytest
from aiosmtpd.controller import Controller
from tests.accounts.mail_links import PASSWORD

from scdt.accounts import services

pytestmark = pytest.mark.django_db


class CollectingHandler:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = CollectingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield handler
    controller.stop()


def test_sign_up_verification_mail_arrives_over_smtp(
    smtp_server, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(email="smtp.person@example.org", password=PASSWORD)

    assert len(smtp_server.envelopes) == 1
    envelope = smtp_server.envelopes[0]
    message = envelope.content.decode()
    assert envelope.rcpt_tos == ["smtp.person@example.org"]
    assert "Subject: Confirm your e-mail address" in message
    assert f"{settings.SITE_URL}/accounts/verify/" in message
