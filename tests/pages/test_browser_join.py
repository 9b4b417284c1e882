"""A person joins and registers to a workshop in a real Chromium (Playwright, Debian's browser)."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from tests.browser import BROWSER_TEST
from tests.factories import EventFactory

from scdt.events.models import Registration, RegistrationStatus

pytestmark = BROWSER_TEST


@pytest.fixture
def page(browse):
    return browse.page()


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
