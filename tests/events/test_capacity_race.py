import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from tests.factories import EventFactory, UserFactory

from scdt.events import services
from scdt.events.models import RegistrationStatus


@pytest.mark.django_db(transaction=True)
def test_register_two_people_race_for_last_place():
    if connection.vendor != "postgresql":
        pytest.skip(
            "row locks (select_for_update) are a PostgreSQL matter; SQLite serialises writers"
        )
    event = EventFactory(capacity=1)
    people = [UserFactory(), UserFactory()]
    barrier = threading.Barrier(len(people))
    results, errors = [], []

    def attempt(user):
        try:
            barrier.wait()
            results.append(services.register(user=user, event=event).status)
        except (ValidationError, RuntimeError) as exc:  # pragma: no cover - shown on failure
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [RegistrationStatus.APPROVED, RegistrationStatus.WAITLISTED]
