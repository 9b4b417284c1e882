"""Test set-up shared by every app's tests.

Tests run on SQLite unless DATABASE_URL points to PostgreSQL (`make test` runs both).
E-mail goes to Django's in-memory outbox unless a test starts a real SMTP server.
"""

import os

os.environ.setdefault("SCDT_TESTING", "1")
os.environ.setdefault("EMAIL_URL", "locmem:")

from pathlib import Path

import pytest
from django.utils import translation

SHARED_DIR = Path(__file__).resolve().parents[1].parent / "shared"


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise():
    # A request in another language leaves that language active in the thread (LocaleMiddleware
    # does not reset it); without this, later tests on the same worker would run in Polish.
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def shared_dir():
    """The read-only ../shared folder; tests that need it skip with a reason when absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"../shared is absent (looked in {SHARED_DIR})")
    return SHARED_DIR


@pytest.fixture
def browse():
    """A real Chromium for browser tests (tests/browser.py); skips without Playwright."""
    from tests.browser import browsing

    yield from browsing()


@pytest.fixture
def expect():
    return pytest.importorskip("playwright.sync_api").expect
