"""What every real-browser test shares: Debian's Chromium, Playwright, one context per person.

Use ``pytestmark = BROWSER_TEST`` in a browser test module; the ``browse`` and ``expect``
fixtures live in tests/conftest.py.
"""

import os
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connections
from tests.factories import PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
BROWSER_TEST = [
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


class Browser:
    """Pages in browser contexts of their own (one per person: own cookies), and every status they got."""

    def __init__(self, browser):
        self.browser = browser
        self.contexts = []
        self.statuses = []

    def page(self, **options):
        context = self.browser.new_context(locale="en-GB", **options)
        self.contexts.append(context)
        return self.tab(context)

    def tab(self, context):
        page = context.new_page()
        page.on("response", lambda response: self.statuses.append((response.status, response.url)))
        return page

    def server_errors(self) -> list[tuple[int, str]]:
        return [(status, url) for status, url in self.statuses if status >= 500]


def browsing():
    """Yield a Browser; close everything afterwards (the body of the ``browse`` fixture)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the
    # test itself are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = Browser(playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS))
        yield browser
        for context in browser.contexts:
            context.close()
        browser.browser.close()
        # The test's own ORM calls ran inside Playwright's context, on a connection of their own;
        # close it here, or the test database cannot be dropped afterwards.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def log_in(page, user, password=PASSWORD):
    """On the login form, by keyboard: type, Tab to the password, Enter to submit; back where they came from."""
    expect = pytest.importorskip("playwright.sync_api").expect
    email = page.get_by_label(re.compile(r"^E-mail"))
    email.fill(user.email)
    email.press("Tab")
    field = page.get_by_label(re.compile(r"^Password"))
    expect(field).to_be_focused()
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def log_in_to(page, base_url, path, user, password=PASSWORD):
    """Straight to ``path`` through the login form (not via the home page and its recommendations)."""
    page.goto(f"{base_url}/accounts/login/?next={quote(path)}")
    log_in(page, user, password)
