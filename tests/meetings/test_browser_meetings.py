"""1:1 meetings in a real Chromium (Playwright, Debian's browser), as people click and type them.

Two participants book a meeting and find it in both agendas and the printable schedule; a
conflicting accept is refused with a message; an organiser runs the scheduler, reviews the
draft and publishes it. Each person browses in a browser context of their own (own cookies).
"""

import re

from tests.browser import BROWSER_TEST, log_in, log_in_to
from tests.meetings.world import join, make_session, organiser_of

from scdt.meetings.models import BookingMode, Meeting, MeetingRequest, RequestStatus
from scdt.meetings.services import accept_meeting_request, request_meeting

pytestmark = BROWSER_TEST


UNLABELLED_FIELDS = """() => [...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
    .filter((field) => field.labels.length === 0 && !field.getAttribute("aria-label"))
    .map((field) => field.outerHTML)"""


def assert_every_field_labelled(page):
    assert page.evaluate(UNLABELLED_FIELDS) == []


def slot_text(slot) -> str:
    tz = slot.session.event.tz
    return f"{slot.start.astimezone(tz):%H:%M}–{slot.end.astimezone(tz):%H:%M}"


def test_two_participants_book_a_meeting_and_a_taken_time_is_refused(browse, expect, live_server):
    session = make_session(tables=2, slots=4)
    anna = join(session, full_name="Anna Aalto")
    ben = join(session, full_name="Ben Berg")
    carl = join(session, full_name="Carl Cedar")
    slot = session.slots.order_by("position")[1]
    when = slot_text(slot)
    at_table_1 = re.compile(f"{when}.*Table 1", re.DOTALL)  # the time, then the place
    base = live_server.url

    # Anna asks Ben from the session's participant list, with a message, by keyboard.
    anna_page = browse.page()
    anna_page.goto(f"{base}/events/{session.event.slug}/")
    anna_page.get_by_role("link", name=session.name).click()
    anna_page.get_by_role("link", name="Log in to take part.").click()
    log_in(anna_page, anna)
    expect(anna_page.get_by_role("heading", name=session.name, level=1)).to_be_visible()
    people = anna_page.get_by_role("table", name="Participants of this session")
    # Every row's link says whom it asks (a screen reader lists links out of their rows).
    expect(people.get_by_role("link", name=re.compile("^Request a meeting with "))).to_have_count(2)
    people.get_by_role("link", name="Request a meeting with Ben Berg").focus()
    anna_page.keyboard.press("Enter")
    expect(anna_page.get_by_role("heading", name="Request a meeting with Ben Berg")).to_be_visible()
    assert_every_field_labelled(anna_page)
    expect(anna_page.get_by_label("Matchmaking session")).to_have_value(str(session.pk))
    message = anna_page.get_by_label("Message")
    message.fill("Shall we talk about your traffic sensors?")
    message.press("Tab")
    expect(anna_page.get_by_role("button", name="Send the request")).to_be_focused()
    anna_page.keyboard.press("Enter")
    expect(anna_page.get_by_role("status")).to_contain_text("Your request is sent")
    sent = anna_page.get_by_role("table", name="Meeting requests I sent")
    expect(sent.get_by_role("row").filter(has_text="Ben Berg")).to_contain_text("Waiting for an answer")

    # Ben finds the request in his agenda, picks a time and accepts.
    ben_page = browse.page()
    log_in_to(ben_page, base, "/agenda/", ben)
    ben_page.get_by_role("link", name="All my meeting requests and meetings").click()
    received = ben_page.get_by_role("table", name="Meeting requests I received")
    row = received.get_by_role("row").filter(has_text="Anna Aalto")
    expect(row).to_contain_text("Shall we talk about your traffic sensors?")
    assert_every_field_labelled(ben_page)
    row.get_by_label("Time").select_option(label=when)
    row.get_by_role("button", name="Accept the meeting with Anna Aalto").click()
    expect(ben_page.get_by_role("status")).to_contain_text("Accepted")
    upcoming = ben_page.get_by_role("table", name="My upcoming meetings")
    expect(upcoming.get_by_role("row").filter(has_text="Anna Aalto")).to_contain_text(at_table_1)

    # Both agendas show the meeting with its table and time.
    for page, other in ((ben_page, "Anna Aalto"), (anna_page, "Ben Berg")):
        page.goto(f"{base}/agenda/")
        meetings = page.get_by_role("table", name="My upcoming 1:1 meetings")
        expect(meetings.get_by_role("row").filter(has_text=other)).to_contain_text(at_table_1)
    anna_page.goto(f"{base}/meetings/")
    mine = anna_page.get_by_role("table", name="My upcoming meetings").get_by_role("row").filter(has_text="Ben Berg")
    expect(mine).to_contain_text(when)
    expect(mine).to_contain_text("Table 1")

    # Asking Ben a second time is refused on the form itself, with the reason.
    anna_page.goto(f"{base}/meetings/sessions/{session.pk}/")
    anna_page.get_by_role("link", name="Request a meeting with Ben Berg").click()
    anna_page.get_by_label("Message").fill("Once more?")
    anna_page.get_by_role("button", name="Send the request").click()
    expect(anna_page.get_by_role("alert")).to_contain_text("You already have a request or a meeting with this person")
    assert MeetingRequest.objects.filter(session=session, requester=anna).count() == 1

    # Anna's session page and her printable schedule.
    anna_page.goto(f"{base}/meetings/sessions/{session.pk}/")
    assert_every_field_labelled(anna_page)
    my_slots = anna_page.get_by_role("table", name="My meetings and availability per slot")
    expect(my_slots.get_by_role("row").filter(has_text=when)).to_contain_text("Ben Berg · Table 1")
    anna_page.get_by_role("link", name="Printable schedule").click()
    expect(anna_page.get_by_role("heading", name=f"My schedule: {session.name}")).to_be_visible()
    printed = anna_page.get_by_role("table", name="My meetings in this session").get_by_role("row")
    expect(printed.filter(has_text="Ben Berg")).to_contain_text(at_table_1)
    expect(anna_page.get_by_role("button", name="Print")).to_be_visible()

    # Carl asks Ben too; Ben tries the time he already gave Anna: refused, nothing half-made.
    carl_request = request_meeting(requester=carl, recipient=ben, session=session, message="Coffee?")
    ben_page.goto(f"{base}/meetings/")
    row = (
        ben_page.get_by_role("table", name="Meeting requests I received")
        .get_by_role("row")
        .filter(has_text="Carl Cedar")
    )
    row.get_by_label("Time").select_option(label=when)
    ben_page.get_by_role("button", name="Accept the meeting with Carl Cedar").click()
    expect(ben_page.get_by_role("status")).to_contain_text("not free")
    row = (
        ben_page.get_by_role("table", name="Meeting requests I received")
        .get_by_role("row")
        .filter(has_text="Carl Cedar")
    )
    expect(row).to_contain_text("Waiting for an answer")
    carl_request.refresh_from_db()
    assert carl_request.status == RequestStatus.PENDING
    assert Meeting.objects.filter(session=session).count() == 1
    assert browse.server_errors() == []


def test_organiser_runs_the_scheduler_reviews_the_draft_and_publishes(browse, expect, live_server):
    session = make_session(tables=2, slots=4, booking_mode=BookingMode.ORGANISER)
    organiser = organiser_of(session)
    anna = join(session, full_name="Anna Aalto")
    ben = join(session, full_name="Ben Berg")
    carl = join(session, full_name="Carl Cedar")
    for requester, recipient in ((anna, ben), (carl, anna), (ben, carl)):
        accept_meeting_request(
            actor=recipient, request=request_meeting(requester=requester, recipient=recipient, session=session)
        )
    base = live_server.url

    page = browse.page()
    log_in_to(page, base, f"/meetings/sessions/{session.pk}/", organiser)
    page.get_by_role("link", name="Organise this session").click()
    expect(page.get_by_role("heading", name=session.name, level=1)).to_be_visible()
    waiting = page.get_by_role("region", name="Accepted requests waiting for a time")
    expect(waiting.get_by_role("listitem")).to_have_count(3)
    assert_every_field_labelled(page)
    time_limit = page.get_by_label("Time limit (seconds)")
    time_limit.fill("10")
    time_limit.press("Enter")

    # The task backend runs at once in tests: the draft is ready when the page opens.
    expect(page.get_by_role("heading", name="Scheduler run")).to_be_visible()
    expect(page.get_by_text("Draft ready")).to_be_visible()
    grid = page.get_by_role("table", name=re.compile("Who meets whom in each slot"))
    expect(grid.get_by_role("row")).to_have_count(4)  # the header and three people
    for name in ("Anna Aalto", "Ben Berg", "Carl Cedar"):
        row = grid.get_by_role("row", name=re.compile(f"^{name}"))
        expect(row.get_by_role("cell").filter(has_text="*")).to_have_count(2)  # two new meetings each
    per_table = page.get_by_role("region", name="Per time slot and table")
    expect(per_table.get_by_role("listitem")).to_have_count(3)
    assert not Meeting.objects.filter(session=session).exists()  # a draft books nothing
    page.get_by_role("button", name="Publish this schedule").click()
    expect(page.get_by_role("status")).to_contain_text("The schedule is published")
    scheduled = page.get_by_role("table", name="Scheduled meetings of this session")
    expect(scheduled.get_by_role("row")).to_have_count(4)

    # Anna sees her two scheduled meetings, each with a time and a table.
    meetings = {m.uid: m for m in Meeting.objects.filter(session=session).select_related("slot", "table")}
    assert len(meetings) == 3
    assert not MeetingRequest.objects.filter(session=session, meeting__isnull=True).exists()
    anna_page = browse.page()
    log_in_to(anna_page, base, "/meetings/", anna)
    upcoming = anna_page.get_by_role("table", name="My upcoming meetings")
    for meeting in meetings.values():
        if not meeting.involves(anna):
            continue
        other = "Ben Berg" if meeting.involves(ben) else "Carl Cedar"
        row = upcoming.get_by_role("row").filter(has_text=other)
        expect(row).to_contain_text(slot_text(meeting.slot))
        expect(row).to_contain_text(meeting.table.name)
    anna_page.goto(f"{base}/agenda/")
    expect(anna_page.get_by_role("table", name="My upcoming 1:1 meetings").get_by_role("row")).to_have_count(3)
    assert browse.server_errors() == []
