"""Marketplace test fixtures: members, an organiser, opportunities made by the services."""

import datetime as dt

import pytest
from django.utils import timezone
from tests.factories import EventSeriesFactory, ProfileFactory, UserFactory

from scdt.directory.models import Topic
from scdt.marketplace import services
from scdt.marketplace.models import Category


@pytest.fixture
def member(db):
    return ProfileFactory(organisation__name="Saaristo Mobility", organisation__city="Turku").user


@pytest.fixture
def other_member(db):
    return ProfileFactory(organisation__type="research", organisation__country="PL", organisation__city="Gdańsk").user


@pytest.fixture
def organiser(db):
    user = ProfileFactory().user
    EventSeriesFactory(organisers=[user])
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def category(db):
    return Category.objects.get(slug="open-data")


def future(days: int = 60) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def make_opportunity(owner, *, publish=False, **overrides):
    values = {
        "kind": "offer",
        "category": Category.objects.get(slug=overrides.pop("category_slug", "open-data")),
        "title": "Real-time parking occupancy data",
        "description": "Sensor-based parking occupancy for the city centre, with an open API.",
        "expires_on": future(),
        "language": "en",
        "topics": list(Topic.objects.filter(slug__in=overrides.pop("topic_slugs", ["mobility"]))),
        "places": [("Turku", "FI")],
        "is_demo": True,  # skips the hourly limit, which has tests of its own
    }
    values.update(overrides)
    opportunity = services.create_opportunity(actor=owner, **values)
    if publish:
        opportunity.status = "published"
        opportunity.published_at = timezone.now()
        opportunity.save(update_fields=["status", "published_at"])
    return opportunity


@pytest.fixture
def make():
    return make_opportunity
