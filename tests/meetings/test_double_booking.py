"""No double booking, ever: the database decides, also when two accepts race (PostgreSQL)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from tests.meetings.world import join, make_session

from scdt.meetings.models import Meeting, MeetingSeat, MeetingStatus, RequestStatus
from scdt.meetings.services import accept_meeting_request, request_meeting

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; the race needs PostgreSQL"
)


@pytest.mark.django_db
def test_seat_constraint_refuses_second_meeting_of_a_person_in_a_slot():
    session = make_session()
    anna, ben, carl = join(session), join(session), join(session)
    slot = session.slots.first()
    accept_meeting_request(
        actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session), slot=slot
    )
    other = Meeting.objects.create(session=session, slot=slot, participant_a=anna, participant_b=carl)
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingSeat.objects.create(meeting=other, user=anna, slot=slot)


@pytest.mark.django_db
def test_table_constraint_refuses_second_meeting_at_a_table_in_a_slot():
    session = make_session()
    anna, ben, carl, dora = join(session), join(session), join(session), join(session)
    slot = session.slots.first()
    accept_meeting_request(
        actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session), slot=slot
    )
    table = Meeting.objects.get().table
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(session=session, slot=slot, table=table, participant_a=carl, participant_b=dora)


@pytest.mark.django_db
def test_sequential_accepts_for_the_same_slot_book_once():
    session = make_session()
    anna, ben, carl = join(session), join(session), join(session)
    slot = session.slots.first()
    first = request_meeting(requester=ben, recipient=anna, session=session)
    second = request_meeting(requester=carl, recipient=anna, session=session)
    accept_meeting_request(actor=anna, request=first, slot=slot)
    with pytest.raises(ValidationError):
        accept_meeting_request(actor=anna, request=second, slot=slot)
    assert MeetingSeat.objects.filter(user=anna, slot=slot).count() == 1
    second.refresh_from_db()
    assert second.status == RequestStatus.PENDING


def _race(first_call, second_call):
    """Run ``first_call`` in a transaction that stays open until ``second_call`` had to wait on it."""
    inserted = threading.Event()
    outcomes = {}

    def first():
        try:
            with transaction.atomic():
                first_call()
                inserted.set()
                # Hold the uncommitted seat while the other accept checks (sees nothing) and inserts (waits).
                time.sleep(0.8)
            outcomes["first"] = "ok"
        except ValidationError as exc:
            outcomes["first"] = exc
        finally:
            inserted.set()
            connection.close()

    def second():
        inserted.wait(10)
        try:
            second_call()
            outcomes["second"] = "ok"
        except ValidationError as exc:
            outcomes["second"] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_accepts_for_one_person_and_slot_only_one_succeeds():
    session = make_session()
    anna, ben, carl = join(session), join(session), join(session)
    slot = session.slots.first()
    first = request_meeting(requester=ben, recipient=anna, session=session)
    second = request_meeting(requester=carl, recipient=anna, session=session)
    outcomes = _race(
        lambda: accept_meeting_request(actor=anna, request=first, slot=slot),
        lambda: accept_meeting_request(actor=anna, request=second, slot=slot),
    )
    assert outcomes["first"] == "ok"
    assert isinstance(outcomes["second"], ValidationError)
    assert "just taken" in " ".join(outcomes["second"].messages)
    assert MeetingSeat.objects.filter(user=anna, slot=slot).count() == 1
    assert Meeting.objects.filter(status=MeetingStatus.SCHEDULED).count() == 1
    second.refresh_from_db()
    assert second.status == RequestStatus.PENDING  # nothing half-written


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_accepts_of_two_pairs_take_different_tables():
    session = make_session(tables=2)
    anna, ben, carl, dora = join(session), join(session), join(session), join(session)
    slot = session.slots.first()
    first = request_meeting(requester=ben, recipient=anna, session=session)
    second = request_meeting(requester=dora, recipient=carl, session=session)
    outcomes = _race(
        lambda: accept_meeting_request(actor=anna, request=first, slot=slot),
        lambda: accept_meeting_request(actor=carl, request=second, slot=slot),
    )
    assert outcomes == {"first": "ok", "second": "ok"}
    tables = sorted(Meeting.objects.filter(slot=slot).values_list("table__number", flat=True))
    assert tables == [1, 2]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_accepts_for_the_last_table_only_one_succeeds():
    session = make_session(tables=1)
    anna, ben, carl, dora = join(session), join(session), join(session), join(session)
    slot = session.slots.first()
    first = request_meeting(requester=ben, recipient=anna, session=session)
    second = request_meeting(requester=dora, recipient=carl, session=session)
    outcomes = _race(
        lambda: accept_meeting_request(actor=anna, request=first, slot=slot),
        lambda: accept_meeting_request(actor=carl, request=second, slot=slot),
    )
    assert outcomes["first"] == "ok"
    assert isinstance(outcomes["second"], ValidationError)
    assert Meeting.objects.filter(slot=slot, status=MeetingStatus.SCHEDULED).count() == 1
