"""Recommendations in a real Chromium (Playwright, Debian's browser), as a city's member uses them.

A city's request shows the company offer and the dataset that could meet it, each with its band
and its reasons; Hide, Useful and Undo swap one recommendation in place with htmx (and still
work as plain form posts without JavaScript); the member's home recommends people,
opportunities and open data; the public gap table drills down to its items. Each person browses
in a browser context of their own (own cookies).
"""

import itertools
import re

import pytest
from tests.browser import BROWSER_TEST, log_in_to
from tests.matching.world import dataset, member, offer, request_, seed_reference_data, sync

from scdt.directory.models import OrganisationType
from scdt.matching.models import Feedback
from scdt.matching.services import gap

pytestmark = BROWSER_TEST
OFFER_TITLE = "Parking occupancy API for city garages"
OTHER_OFFER_TITLE = "Parking enforcement consulting"
DATASET_TITLE = "Parking garages occupancy"
HIDDEN = "Hidden: it will not be recommended to you again."


@pytest.fixture
def world():
    """A city that needs parking data, a company that offers it, a dataset that has it.

    The city member's profile seeks what the company's profile offers, so the home page has
    a person, an opportunity and a dataset to recommend.
    """
    seed_reference_data()
    city = member(
        full_name="Cia City",
        organisation__name="City of Turku",
        organisation__type=OrganisationType.CITY,
        seek_text="We seek real-time parking occupancy data for the garages of the city.",
    )
    company = member(
        full_name="Cole Company",
        organisation__name="Parkly Oy",
        offer_text="We offer real-time parking occupancy data of garages through an open API.",
    )
    consultant = member(full_name="Dana Consult", organisation__name="Consult Oy")
    need = request_(
        city,
        "Real-time parking occupancy data wanted",
        "The city needs real-time parking occupancy of its garages to guide drivers to free spaces.",
    )
    good = offer(
        company,
        OFFER_TITLE,
        "Real-time parking occupancy of garages through an open API, for cities that guide drivers.",
    )
    weaker = offer(consultant, OTHER_OFFER_TITLE, "Advice on parking enforcement and fines for cities.")
    garages = dataset("garages", DATASET_TITLE, "Occupancy of parking garages in real time, free spaces per garage.")
    sync()
    return {"city": city, "company": company, "need": need, "good": good, "weaker": weaker, "garages": garages}


def recommendation(panel, title):
    """One recommended item of a panel, found by its linked title."""
    return panel.get_by_role("listitem").filter(has=panel.page.get_by_role("link", name=title, exact=True))


# Headings of the main content in document order, as (level, text).
HEADINGS = """() => [...document.querySelectorAll("main h1, main h2, main h3, main h4, main h5, main h6")]
    .map((heading) => [Number(heading.tagName[1]), heading.textContent.trim()])"""

# Feedback buttons that are not inside a fieldset with a legend that says something.
UNGROUPED_FEEDBACK = """() => [...document.querySelectorAll("button[name=verdict]")]
    .filter((button) => {
        const legend = button.closest("fieldset")?.querySelector(":scope > legend");
        return !legend || !legend.textContent.trim();
    })
    .map((button) => button.outerHTML)"""


# WCAG contrast ratio of an element's text against the first opaque background behind it.
CONTRAST = """(element) => {
    const rgb = (colour) => colour.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => {
        const linear = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
        return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
    };
    let behind = element;
    while (behind && rgb(getComputedStyle(behind).backgroundColor)[3] === 0) behind = behind.parentElement;
    const back = behind ? rgb(getComputedStyle(behind).backgroundColor) : [255, 255, 255];
    const [light, dark] = [luminance(rgb(getComputedStyle(element).color)), luminance(back)].sort((a, b) => b - a);
    return (light + 0.05) / (dark + 0.05);
}"""


def assert_readable(locator):
    """Text contrast at least 4.5:1 (WCAG AA), not merely present in the DOM."""
    ratio = locator.evaluate(CONTRAST)
    assert ratio >= 4.5, f"contrast {ratio:.2f}:1"


def assert_accessible_basics(page, expect):
    """Every button has a name; feedback buttons are grouped under a legend; no heading level skipped."""
    buttons = page.get_by_role("button")
    for index in range(buttons.count()):
        expect(buttons.nth(index)).to_have_accessible_name(re.compile(r"\S"))
    assert page.evaluate(UNGROUPED_FEEDBACK) == []
    headings = page.evaluate(HEADINGS)
    assert headings[0][0] == 1
    for (before, _text), (level, text) in itertools.pairwise(headings):
        assert level <= before + 1, f"heading {text!r} (h{level}) comes after an h{before}"
    # Panels are h2, their items h3.
    for key in ("offers", "datasets"):
        panel = page.locator(f"#match-{key}")
        expect(panel.locator("> h2")).to_have_count(1)
        expect(panel.locator("li.match > h3").first).to_be_visible()


def test_a_city_member_sees_explained_offers_and_datasets_and_hides_one_with_htmx(browse, expect, live_server, world):
    base = live_server.url
    request_path = f"/marketplace/{world['need'].slug}/"

    # The city's member logs in by keyboard and lands on their request.
    page = browse.page()
    log_in_to(page, base, request_path, world["city"])
    expect(page.get_by_role("heading", name=world["need"].title, level=1)).to_be_visible()
    offers = page.get_by_role("region", name="Offers that could meet this request")
    datasets = page.get_by_role("region", name="Datasets that could meet this")
    top = offers.locator("li.match").first
    expect(top.get_by_role("heading", level=3)).to_contain_text(OFFER_TITLE)
    expect(top.locator(".badge")).to_have_text(re.compile(r"^(Strong|Good|Possible) match$"))
    expect(top.get_by_role("list", name="Why this is recommended")).to_contain_text("Your need ↔ their offer")
    expect(top.locator(".match-pair mark").first).to_be_visible()
    marked = {word.lower() for word in top.locator(".match-pair mark").all_inner_texts()}
    assert marked & {"parking", "occupancy", "garages", "real-time"}, marked
    expect(recommendation(datasets, DATASET_TITLE)).to_be_visible()
    assert_accessible_basics(page, expect)

    # Hide the top offer: htmx swaps its feedback area, the page itself stays (no navigation).
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url) if frame == page.main_frame else None)
    page.evaluate("window.stillThisPage = true")
    top_offer = recommendation(offers, OFFER_TITLE)
    # The buttons' group says which item they rate (every item's buttons have the same names).
    group = top_offer.get_by_role("group", name=f"Is this recommendation useful? {OFFER_TITLE}", exact=True)
    group.get_by_role("button", name="Hide").click()
    expect(top_offer.get_by_role("status")).to_have_text(re.compile(f"^{re.escape(HIDDEN)}"))
    undo = top_offer.get_by_role("button", name="Undo")
    expect(undo).to_be_visible()
    assert_readable(undo)
    expect(undo).to_be_focused()  # the pressed button is gone: keyboard users continue from Undo
    assert page.url == base + request_path
    assert navigations == []
    assert page.evaluate("window.stillThisPage") is True
    assert Feedback.objects.get(user=world["city"], object_id=world["good"].pk).verdict == "hidden"

    # The same page opened afresh (another tab, same person) no longer offers it.
    fresh = browse.tab(page.context)
    fresh.goto(base + request_path)
    fresh_offers = fresh.get_by_role("region", name="Offers that could meet this request")
    expect(fresh.get_by_role("region", name="Datasets that could meet this")).to_be_visible()
    expect(fresh_offers.get_by_role("link", name=OFFER_TITLE)).to_have_count(0)

    # Undo by keyboard on the first tab; reloaded, the offer is back with its buttons.
    undo.focus()
    page.keyboard.press("Enter")
    expect(top_offer.get_by_role("button", name="Hide")).to_be_visible()
    expect(top_offer.get_by_role("button", name="Useful")).to_be_focused()
    assert navigations == []
    assert not Feedback.objects.filter(user=world["city"], object_id=world["good"].pk).exists()
    fresh.reload()
    expect(recommendation(fresh_offers, OFFER_TITLE)).to_be_visible()
    expect(fresh_offers.locator("li.match").first).to_contain_text(OFFER_TITLE)

    # An offer deleted after the page was shown cannot be rated: the reason shows in place.
    weaker = recommendation(offers, OTHER_OFFER_TITLE)
    expect(weaker).to_be_visible()
    world["weaker"].delete()
    sync()
    with page.expect_response(re.compile("/matching/feedback/$")) as answer:
        weaker.get_by_role("button", name="Useful").click()
    assert answer.value.status == 400
    expect(weaker.get_by_role("alert")).to_have_text("There is no such item to rate.")

    # "Useful" on the dataset: confirmed in place, and still shown as marked after a reload.
    garages = recommendation(datasets, DATASET_TITLE)
    garages.get_by_role("button", name="Useful").click()
    expect(garages.get_by_role("status")).to_contain_text("You marked this useful.")
    page.reload()
    expect(recommendation(datasets, DATASET_TITLE).get_by_role("status")).to_contain_text("You marked this useful.")
    assert navigations == [base + request_path]  # only the reload

    # The member's home: people, opportunities and open data recommended, one of each at least.
    page.goto(base + "/home/")
    recommended = page.get_by_role("region", name="Recommended for you")
    expect(recommended).to_be_visible()
    for title, expected in (
        ("People to meet", "Cole Company"),
        ("Opportunities for you", OFFER_TITLE),
        ("Open data for your needs", DATASET_TITLE),
    ):
        section = recommended.get_by_role("region", name=title)
        expect(section.get_by_role("heading", name=title, level=3)).to_be_visible()
        expect(section.locator("li.match").first).to_be_visible()
        expect(section.get_by_role("link", name=expected, exact=True)).to_be_visible()
    assert browse.server_errors() == []


def test_hide_works_without_javascript_and_the_gap_table_drills_down(browse, expect, live_server, world):
    base = live_server.url
    request_path = f"/marketplace/{world['need'].slug}/"

    # Without JavaScript the Hide button is a plain form post that comes back to the page.
    page = browse.page(java_script_enabled=False)
    log_in_to(page, base, request_path, world["city"])
    offers = page.get_by_role("region", name="Offers that could meet this request")
    recommendation(offers, OFFER_TITLE).get_by_role("button", name="Hide").click()
    expect(page.get_by_role("status").filter(has_text=HIDDEN)).to_be_visible()
    assert page.url == base + request_path
    expect(page.get_by_role("heading", name=world["need"].title, level=1)).to_be_visible()
    expect(page.get_by_role("link", name=OFFER_TITLE)).to_have_count(0)
    assert Feedback.objects.get(user=world["city"], object_id=world["good"].pk).verdict == "hidden"

    # The public gap table: column and row headers, and a cell that opens its items.
    gap.assess_all()
    visitor = browse.page()
    visitor.goto(base + "/matching/gap/")
    table = visitor.get_by_role("table", name="Demand, supply and unmet demand by city and topic")
    expect(table.get_by_role("columnheader", name="City")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Mobility")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Turku")).to_be_visible()
    cell = table.get_by_role("row", name=re.compile("^Turku")).get_by_role("link", name=re.compile("^Turku, Mobility"))
    cell.click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Turku")
    expect(visitor.get_by_role("link", name=world["need"].title)).to_be_visible()
    assert browse.server_errors() == []
