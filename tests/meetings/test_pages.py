"""The meetings pages through the HTML forms, and query counts of the list pages."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from tests.factories import PASSWORD, ProfileFactory
from tests.meetings.world import join, make_session, organiser_of

from scdt.directory.models import Profile
from scdt.meetings.models import MatchmakingSession, Meeting, MeetingRequest, RequestStatus
from scdt.meetings.services import accept_meeting_request, request_meeting

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_session_page_lets_registered_person_join_and_mark_availability():
    session = make_session()
    anna = ProfileFactory().user
    from tests.factories import RegistrationFactory

    RegistrationFactory(event=session.event, user=anna)
    client = _client(anna)
    page = client.get(f"/meetings/sessions/{session.pk}/")
    assert "Take part in the 1:1 meetings" in page.content.decode()
    client.post(f"/meetings/sessions/{session.pk}/join/")
    slot = session.slots.first()
    client.post(f"/meetings/sessions/{session.pk}/availability/", {"unavailable": [slot.pk]})
    page = client.get(f"/meetings/sessions/{session.pk}/")
    assert page.status_code == 200
    assert "Not available" in page.content.decode()


def test_request_form_from_profile_link_sends_request():
    session = make_session()
    anna, ben = join(session), join(session)
    profile = Profile.objects.get(user=ben)
    client = _client(anna)
    page = client.get(f"/meetings/request/?to={profile.pk}")
    assert page.status_code == 200
    response = client.post("/meetings/request/", {"to": profile.pk, "session": session.pk, "message": "Hi"})
    assert response.status_code == 302
    assert MeetingRequest.objects.get().recipient == ben


def test_request_form_to_oneself_shows_error_not_500():
    session = make_session()
    anna = join(session)
    response = _client(anna).post(
        "/meetings/request/", {"to": Profile.objects.get(user=anna).pk, "session": session.pk}
    )
    assert response.status_code == 400


def test_request_form_for_unknown_profile_is_404():
    anna = ProfileFactory().user
    assert _client(anna).get("/meetings/request/?to=nope").status_code == 404


def test_accept_through_page_books_meeting_and_shows_it_in_both_agendas():
    session = make_session()
    anna, ben = join(session), join(session)
    request = request_meeting(requester=anna, recipient=ben, session=session)
    slot = session.slots.order_by("position")[1]
    response = _client(ben).post(f"/meetings/requests/{request.uid}/accept/", {"slot": slot.pk})
    assert response.status_code == 302
    assert Meeting.objects.get().slot == slot
    for person in (anna, ben):
        agenda = _client(person).get("/agenda/").content.decode()
        assert "My meetings" in agenda
        assert "Table 1" in agenda


def test_accept_taken_slot_through_page_shows_message():
    session = make_session()
    anna, ben, carl = join(session), join(session), join(session)
    slot = session.slots.first()
    accept_meeting_request(
        actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session), slot=slot
    )
    request = request_meeting(requester=carl, recipient=ben, session=session)
    client = _client(ben)
    response = client.post(f"/meetings/requests/{request.uid}/accept/", {"slot": slot.pk}, follow=True)
    assert "not free" in response.content.decode()
    request.refresh_from_db()
    assert request.status == RequestStatus.PENDING


def test_decline_and_withdraw_through_pages():
    session = make_session()
    anna, ben, carl = join(session), join(session), join(session)
    first = request_meeting(requester=anna, recipient=ben, session=session)
    second = request_meeting(requester=anna, recipient=carl, session=session)
    _client(ben).post(f"/meetings/requests/{first.uid}/decline/", {"reason": "Busy"})
    _client(anna).post(f"/meetings/requests/{second.uid}/cancel/")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.reason, second.status) == ("declined", "Busy", "cancelled")


def test_outcome_through_page_after_the_meeting_started():
    session = make_session()
    anna, ben = join(session), join(session)
    accept_meeting_request(actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session))
    meeting = Meeting.objects.get()
    past = timezone.now() - dt.timedelta(hours=1)
    type(meeting.slot).objects.filter(pk=meeting.slot_id).update(start=past, end=past + dt.timedelta(minutes=20))
    _client(anna).post(f"/meetings/{meeting.uid}/outcome/", {"met": "no", "outcome": "They did not come"})
    meeting.refresh_from_db()
    assert (meeting.a_met, meeting.a_outcome) == (False, "They did not come")
    page = _client(organiser_of(session)).get(f"/organise/meetings/{session.pk}/")
    assert "They did not come" in page.content.decode()


def test_organiser_creates_session_through_form():
    session = make_session()
    event, organiser = session.event, organiser_of(session)
    start = (session.end + dt.timedelta(minutes=30)).astimezone(event.tz)
    data = {
        "name": "Afternoon meetings",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "meeting_minutes": 15,
        "break_minutes": 5,
        "booking_mode": "organiser",
        "request_expiry_hours": 48,
        "table_count": 3,
        "table_names": "Baltic\nVistula",
        "fairness": 2,
    }
    response = _client(organiser).post(f"/organise/events/{event.slug}/meetings/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = MatchmakingSession.objects.get(name="Afternoon meetings")
    assert created.slots.count() == 3
    assert list(created.tables.values_list("name", flat=True)) == ["Baltic", "Vistula", "Table 3"]
    assert created.start.astimezone(event.tz).strftime("%H:%M") == start.strftime("%H:%M")


def test_organiser_overlapping_session_shows_error():
    session = make_session()
    event, organiser = session.event, organiser_of(session)
    start = session.start.astimezone(event.tz)
    data = {
        "name": "Clash",
        "start": start.strftime("%Y-%m-%dT%H:%M"),
        "end": (start + dt.timedelta(minutes=50)).strftime("%Y-%m-%dT%H:%M"),
        "meeting_minutes": 20,
        "break_minutes": 5,
        "booking_mode": "self",
        "request_expiry_hours": 48,
        "table_count": 1,
    }
    response = _client(organiser).post(f"/organise/events/{event.slug}/meetings/", data)
    assert response.status_code == 400
    assert "overlaps" in response.content.decode()


def _busy_session(pairs=4):
    session = make_session(tables=pairs, slots=6)
    people = []
    for _ in range(pairs):
        anna, ben = join(session), join(session)
        accept_meeting_request(actor=ben, request=request_meeting(requester=anna, recipient=ben, session=session))
        people.append(anna)
    return session, people


def test_my_meetings_page_query_count(django_assert_max_num_queries):
    session, people = _busy_session()
    anna = people[0]
    for other in people[1:]:
        request_meeting(requester=other, recipient=anna, session=session)
    client = _client(anna)
    with django_assert_max_num_queries(16):
        assert client.get("/meetings/").status_code == 200


def test_session_page_query_count(django_assert_max_num_queries):
    session, people = _busy_session()
    client = _client(people[0])
    with django_assert_max_num_queries(16):
        assert client.get(f"/meetings/sessions/{session.pk}/").status_code == 200


def test_organiser_session_page_and_print_views_query_count(django_assert_max_num_queries):
    session, _people = _busy_session()
    client = _client(organiser_of(session))
    for path in (
        f"/organise/meetings/{session.pk}/",
        f"/organise/meetings/{session.pk}/print/tables/",
        f"/organise/meetings/{session.pk}/print/slots/",
        f"/organise/events/{session.event.slug}/meetings/",
    ):
        with django_assert_max_num_queries(18):
            assert client.get(path).status_code == 200, path


def test_printable_personal_schedule_lists_my_meetings():
    session, people = _busy_session(pairs=1)
    page = _client(people[0]).get(f"/meetings/sessions/{session.pk}/my-schedule/").content.decode()
    assert "Table 1" in page
    assert str(PASSWORD) not in page


def test_answer_buttons_and_request_links_name_the_person_for_screen_readers():
    # Each row's "Accept", "Decline", "Withdraw", "Cancel the meeting" and "Request a meeting"
    # says whom it concerns, so a list of a page's buttons or links read out of their rows is clear.
    session = make_session()
    anna = join(session, full_name="Anna Aalto")
    ben = join(session, full_name="Ben Berg")
    carl = join(session, full_name="Carl Cedar")
    dora = join(session, full_name="Dora Dahl")
    request_meeting(requester=anna, recipient=ben, session=session)
    request_meeting(requester=carl, recipient=ben, session=session)
    accept_meeting_request(actor=dora, request=request_meeting(requester=ben, recipient=dora, session=session))
    hidden = '<span class="visually-hidden">{}</span>'
    mine = _client(ben).get("/meetings/").content.decode()
    for name in ("Anna Aalto", "Carl Cedar"):
        assert hidden.format(f"Accept the meeting with {name}") in mine
        assert hidden.format(f"Decline the meeting with {name}") in mine
    assert hidden.format("Cancel the meeting with Dora Dahl") in mine
    assert '<span aria-hidden="true">Accept</span>' in mine  # the short visible text stays
    sent = _client(anna).get("/meetings/").content.decode()
    assert hidden.format("Withdraw the request to Ben Berg") in sent
    page = _client(anna).get(f"/meetings/sessions/{session.pk}/").content.decode()
    assert hidden.format("Request a meeting with Ben Berg") in page
    assert hidden.format("Request a meeting with Carl Cedar") in page
    assert "Request a meeting with Anna Aalto" not in page
