import datetime as dt

import pytest
from django.utils import timezone
from tests.factories import EventFactory, UserFactory

from scdt.accounts import signals
from scdt.accounts.models import User
from scdt.events import services
from scdt.events.models import Registration, RegistrationStatus

pytestmark = pytest.mark.django_db


def test_collect_user_data_returns_registrations():
    user = UserFactory()
    registration = services.register(user=user, event=EventFactory())

    responses = dict(
        response
        for _, response in signals.collect_user_data.send(sender=User, user=user)
        if response
    )

    assert responses["registrations"][0]["uid"] == str(registration.uid)
    assert responses["registrations"][0]["status"] == "approved"


def test_user_erasing_keeps_past_anonymously_and_frees_future_places():
    user = UserFactory()
    past_start = timezone.now() - dt.timedelta(days=30)
    past_event = EventFactory(start=past_start, end=past_start + dt.timedelta(hours=2))
    past = Registration.objects.create(
        event=past_event, user=user, status=RegistrationStatus.APPROVED
    )
    future_event = EventFactory(capacity=1)
    future = services.register(user=user, event=future_event)
    waiting = services.register(user=UserFactory(), event=future_event)

    signals.user_erasing.send(sender=User, user=user)

    past.refresh_from_db()
    waiting.refresh_from_db()
    assert past.user is None
    assert not Registration.objects.filter(pk=future.pk).exists()
    assert waiting.status == RegistrationStatus.APPROVED
