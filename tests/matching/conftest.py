"""Matching fixtures: a fresh engine index cache per test."""

import pytest

from scdt.matching import queries


@pytest.fixture(autouse=True)
def _fresh_indexes():
    # The index cache is per process; a test's database is new, its cache must be too.
    queries.forget_indexes()
    yield
    queries.forget_indexes()
