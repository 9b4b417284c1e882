"""The organisers' scheduler end to end on a small session: run, draft, publish, re-optimise.

The published schedule is checked here from the database, independently of the engine's
own claim: everyone placed, nobody twice in a slot, no meeting in an unavailable slot,
no more on-site pairs than tables, pinned meetings unmoved, and the break count recomputed.
"""

from collections import defaultdict
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from tests.meetings.world import join, make_session, organiser_of

from scdt.meetings import tasks
from scdt.meetings.models import (
    Meeting,
    MeetingStatus,
    RunStatus,
    SchedulerRun,
    SessionParticipant,
    Unavailability,
)
from scdt.meetings.scheduling import parse_instance
from scdt.meetings.services import (
    accept_meeting_request,
    build_instance,
    publish_scheduler_run,
    request_meeting,
    set_meeting_pinned,
    set_unavailability,
)
from scdt.messaging.models import Notification

pytestmark = pytest.mark.django_db


def _accepted(session, pairs):
    for requester, recipient in pairs:
        accept_meeting_request(
            actor=recipient, request=request_meeting(requester=requester, recipient=recipient, session=session)
        )


def _run(session, capture, **options):
    with capture(execute=True):
        run = tasks.queue_scheduler_run(actor=organiser_of(session), session=session, time_limit=10, **options)
    run.refresh_from_db()
    return run


def _breaks(meetings) -> int:
    positions = defaultdict(list)
    for meeting in meetings:
        for person in (meeting.participant_a_id, meeting.participant_b_id):
            positions[person].append(meeting.slot.position)
    total = 0
    for slots in positions.values():
        slots.sort()
        total += sum(1 for a, b in pairwise(slots) if b != a + 1)
    return total


def _check(session, *, tables: int):
    meetings = list(Meeting.objects.filter(session=session, status=MeetingStatus.SCHEDULED).select_related("slot"))
    seen = set()
    per_slot = defaultdict(int)
    away = set(
        Unavailability.objects.filter(participant__session=session).values_list("participant__user_id", "slot_id")
    )
    for meeting in meetings:
        for person in (meeting.participant_a_id, meeting.participant_b_id):
            assert (person, meeting.slot_id) not in seen
            assert (person, meeting.slot_id) not in away
            seen.add((person, meeting.slot_id))
        per_slot[meeting.slot_id] += 1
        assert meeting.seats.count() == 2
    assert max(per_slot.values()) <= tables
    return meetings


@pytest.fixture
def small_session():
    session = make_session(tables=2, slots=4, booking_mode="organiser", fairness=2)
    anna, ben, carl, dora, emil = (join(session) for _ in range(5))
    set_unavailability(user=emil, session=session, slot_ids=[session.slots.get(position=0).pk])
    _accepted(session, [(anna, ben), (anna, carl), (ben, carl), (dora, emil), (anna, dora)])
    return session


def test_build_instance_is_valid_for_the_engine(small_session):
    data, mapping = build_instance(small_session, move_existing=False)
    instance = parse_instance(data)
    assert len(instance.meetings) == 5
    assert len(instance.forbidden) == 1
    assert {item["kind"] for item in mapping.values()} == {"request"}


def test_scheduler_run_places_everything_and_publish_books_it(small_session, django_capture_on_commit_callbacks):
    run = _run(small_session, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE, run.message
    assert run.progress == 100
    assert run.placed == 5
    assert run.unplaced == []
    assert run.solver_status == "optimal"
    assert not Meeting.objects.exists()  # a draft books nothing
    with django_capture_on_commit_callbacks(execute=True):
        publish_scheduler_run(actor=organiser_of(small_session), run=run)
    meetings = _check(small_session, tables=2)
    assert len(meetings) == 5
    assert _breaks(meetings) == run.breaks
    assert Notification.objects.filter(kind="meetings.meeting.scheduled").count() == 10
    assert SchedulerRun.objects.get(pk=run.pk).status == RunStatus.PUBLISHED


def test_reoptimise_keeps_pinned_meetings(small_session, django_capture_on_commit_callbacks):
    organiser = organiser_of(small_session)
    first = _run(small_session, django_capture_on_commit_callbacks)
    publish_scheduler_run(actor=organiser, run=first)
    pinned = Meeting.objects.order_by("id").first()
    set_meeting_pinned(actor=organiser, meeting=pinned, pinned=True)
    second = _run(small_session, django_capture_on_commit_callbacks, move_existing=True)
    assert second.status == RunStatus.DONE, second.message
    data = second.instance
    assert {"meeting": f"m{pinned.pk}", "slot": f"s{pinned.slot_id}"} in data["fixed"]
    publish_scheduler_run(actor=organiser, run=second)
    assert Meeting.objects.get(pk=pinned.pk).slot_id == pinned.slot_id
    assert len(_check(small_session, tables=2)) == 5


def test_publish_of_stale_draft_writes_nothing(small_session, django_capture_on_commit_callbacks):
    run = _run(small_session, django_capture_on_commit_callbacks)
    target = run.result["placements"][0]
    # Someone marks the slot the draft gave them as unavailable after the run.
    participant = SessionParticipant.objects.get(session=small_session, user_id=target["a"])
    Unavailability.objects.create(participant=participant, slot_id=target["to"])
    with pytest.raises(ValidationError, match="changed since the scheduler ran"):
        publish_scheduler_run(actor=organiser_of(small_session), run=run)
    assert not Meeting.objects.exists()


def test_too_many_meetings_for_the_tables_lists_unplaced_with_reasons(django_capture_on_commit_callbacks):
    session = make_session(tables=1, slots=2, booking_mode="organiser")
    people = [join(session) for _ in range(6)]
    _accepted(session, [(people[0], people[1]), (people[2], people[3]), (people[4], people[5])])
    run = _run(session, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE
    assert run.placed == 2
    assert len(run.unplaced) == 1
    assert run.unplaced[0]["reason"]


def test_hybrid_session_remote_pairs_need_no_table(django_capture_on_commit_callbacks):
    # One table, two slots, two on-site pairs and three pairs with a remote side: only the
    # on-site pairs compete for the table, so everything fits.
    session = make_session(
        tables=1,
        slots=2,
        booking_mode="organiser",
        fairness=2,
        video_link_pattern="https://meet.example.org/{session}-{meeting}",
    )
    onsite = [join(session) for _ in range(4)]
    remote = [join(session, attendance="remote") for _ in range(3)]
    mixed = [join(session) for _ in range(3)]
    pairs = [(onsite[0], onsite[1]), (onsite[2], onsite[3]), *zip(remote, mixed, strict=True)]
    _accepted(session, pairs)

    data, mapping = build_instance(session, move_existing=False)
    instance = parse_instance(data)
    assert instance.tables == 1
    assert sorted(m.remote for m in instance.meetings) == [False, False, True, True, True]
    assert all(mapping[m.id]["remote"] == m.remote for m in instance.meetings)

    run = _run(session, django_capture_on_commit_callbacks)
    assert run.status == RunStatus.DONE, run.message
    assert run.placed == 5
    assert run.unplaced == []
    engine_tables = [a["table"] for a in run.result["engine"]["assignments"]]
    assert sorted(engine_tables, key=str) == [1, 1, None, None, None]
    with django_capture_on_commit_callbacks(execute=True):
        publish_scheduler_run(actor=organiser_of(session), run=run)
    meetings = list(Meeting.objects.filter(session=session, status=MeetingStatus.SCHEDULED))
    assert len(meetings) == 5
    at_tables = [m for m in meetings if m.table_id is not None]
    assert len(at_tables) == 2
    assert len({m.slot_id for m in at_tables}) == 2  # one table: one on-site pair per slot
    remote_ids = {user.pk for user in remote}
    for meeting in meetings:
        is_remote = bool({meeting.participant_a_id, meeting.participant_b_id} & remote_ids)
        assert (meeting.table_id is None) == is_remote
        assert bool(meeting.video_url) == is_remote


def test_pinned_meeting_without_a_table_is_remote_for_the_engine(django_capture_on_commit_callbacks):
    session = make_session(tables=1, slots=2, booking_mode="organiser")
    people = [join(session) for _ in range(2)] + [join(session, attendance="remote")]
    _accepted(session, [(people[0], people[1]), (people[0], people[2])])
    run = _run(session, django_capture_on_commit_callbacks)
    publish_scheduler_run(actor=organiser_of(session), run=run)

    data, _mapping = build_instance(session, move_existing=False)

    remote = {m["id"]: m.get("remote", False) for m in data["meetings"]}
    by_table = {f"m{m.pk}": m.table_id is None for m in Meeting.objects.filter(session=session)}
    assert remote == by_table
    assert sorted(remote.values()) == [False, True]
    assert len(data["fixed"]) == 2
