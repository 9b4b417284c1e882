"""A person joins and registers to a workshop in a real Chromium (Playwright, Debian's browser)."""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.db import connections
from tests.factories import EventFactory

from scdt.events.models import Registration, RegistrationStatus

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
]
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(locale="en-GB")
        yield context.new_page()
        context.close()
        browser.close()
        # The test's own ORM calls ran inside Playwright's context, on a connection of their own;
        # close it here, or the test database cannot be dropped afterwards.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_newcomer_joins_verifies_and_registers_in_a_browser(page, live_server):
    event = EventFactory(title="Browser workshop", capacity=10)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Join the network").first.click()

    page.get_by_label("E-mail address").fill("browser@example.org")
    page.get_by_label(re.compile(r"^Password:?$")).fill("a-long-and-unusual-passphrase-42")
    page.get_by_label("Password again").fill("a-long-and-unusual-passphrase-42")
    page.get_by_label("Full name").fill("Bea Browser")
    page.get_by_label("Organisation name").fill("Browser Oy")
    page.get_by_label("Organisation type").select_option("company")
    page.get_by_label(re.compile(r"^Country:?$")).select_option("FI")
    page.get_by_label(re.compile(r"^City:?$")).fill("Turku")
    page.get_by_label("Register me to this workshop as well").select_option(label=str(event))
    page.get_by_label("I agree that the network stores").check()
    page.get_by_role("button", name="Join").click()
    page.get_by_role("heading", name="Check your e-mail").wait_for()

    link = re.search(r"http://\S+/accounts/verify/\S+", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlparse(link).path)

    registration = Registration.objects.get(event=event, user__email="browser@example.org")
    assert registration.status == RegistrationStatus.APPROVED

    # Keyboard users can jump past the navigation.
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"
