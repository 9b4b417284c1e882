"""Recommendations from the database: hard filters, visibility, feedback, explanations.

Embeddings are off here (BM25 only, as in a fresh install before the worker ran); the
multilingual test with real embeddings is in test_multilingual_database.py.
"""

import pytest
from tests.factories import OrganisationFactory, ProfileFactory
from tests.matching.world import data_request, dataset, member, offer, request_, sync

from scdt.directory.models import Visibility
from scdt.matching.engine import text
from scdt.matching.models import MatchDocument
from scdt.matching.services import feedback, panels

PARKING_REQUEST = ("Parking occupancy data wanted", "We need real-time parking occupancy for the city centre garages.")
PARKING_OFFER = ("Parking occupancy API", "Real-time parking occupancy of city centre garages through an open API.")
FLOOD_OFFER = ("Flood risk maps", "Stormwater flood risk maps of the river valley for planners.")

pytestmark = pytest.mark.django_db


def _ids(panel_list, key):
    panel = next((p for p in panel_list if p.key == key), None)
    return [s.object_id for s in panel.suggestions] if panel else []


@pytest.fixture
def world():
    city, company, other_company = member(), member(), member()
    company.profile.organisation.type = "company"
    company.profile.organisation.save()
    need = request_(city, *PARKING_REQUEST)
    good = offer(company, *PARKING_OFFER)
    unrelated = offer(other_company, *FLOOD_OFFER)
    sync()
    return {"city": city, "company": company, "need": need, "good": good, "unrelated": unrelated}


def test_a_request_shows_the_matching_offer_first_with_real_shared_words(world):
    found = panels.opportunity_panels(world["need"], world["city"])

    offers = next(p for p in found if p.key == "offers")
    best = offers.suggestions[0]
    assert best.object_id == world["good"].pk
    assert best.obj == world["good"]
    assert best.relation == "request-offer"
    need_text = text.fold(text.written_text({"title": PARKING_REQUEST[0], "description": PARKING_REQUEST[1]}))
    offer_text = text.fold(text.written_text({"title": PARKING_OFFER[0], "description": PARKING_OFFER[1]}))
    assert best.explanation.shared_terms
    for word in best.explanation.shared_terms:
        assert text.fold(word).casefold()[:4] in need_text.casefold()
        assert text.fold(word).casefold()[:4] in offer_text.casefold()
    assert "parking" in best.explanation.shared_concepts


def test_own_items_and_own_organisation_are_never_recommended(world):
    own = offer(world["city"], *PARKING_OFFER)
    colleague = ProfileFactory(organisation=world["city"].profile.organisation).user
    colleagues_offer = offer(colleague, *PARKING_OFFER)
    sync()

    shown = _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")

    assert world["good"].pk in shown
    assert own.pk not in shown
    assert colleagues_offer.pk not in shown


@pytest.mark.parametrize("state", ["draft", "closed", "expired", "rejected"])
def test_unpublished_closed_and_expired_offers_never_appear(world, state):
    world["good"].status = state
    world["good"].save()
    sync()

    assert world["good"].pk not in _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")


def test_an_offer_past_its_expiry_date_disappears_even_before_the_nightly_job(world):
    import datetime as dt

    from django.utils import timezone

    world["good"].expires_on = timezone.localdate() - dt.timedelta(days=1)
    world["good"].save(update_fields=["expires_on"])
    sync()

    assert world["good"].pk not in _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")


def test_hidden_items_never_return_to_that_person_but_do_to_others(world):
    feedback.give_feedback(user=world["city"], kind="opportunity", object_id=world["good"].pk, verdict="hidden")
    someone = member()

    assert world["good"].pk not in _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")
    assert world["good"].pk in _ids(panels.opportunity_panels(world["need"], someone), "offers")
    for panel in panels.home_panels(world["city"]):
        assert all(s.object_id != world["good"].pk or s.target_kind != "opportunity" for s in panel.suggestions)


def test_feedback_changes_what_is_shown(world):
    second = offer(member(), "Garage occupancy feed", "Parking garage occupancy in real time for the city centre.")
    sync()
    before = _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")
    top = before[0]

    feedback.give_feedback(user=world["city"], kind="opportunity", object_id=top, verdict="hidden")
    after = _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")

    assert top not in after
    assert {world["good"].pk, second.pk} - {top} <= set(after)


def test_not_relevant_marks_rank_an_item_lower_for_everyone(world):
    rival = offer(member(), *PARKING_OFFER)  # the same text: only feedback can separate them
    sync()
    for _ in range(3):
        feedback.give_feedback(user=member(), kind="opportunity", object_id=world["good"].pk, verdict="not-relevant")
        feedback.give_feedback(user=member(), kind="opportunity", object_id=rival.pk, verdict="useful")

    shown = _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")

    assert shown.index(rival.pk) < shown.index(world["good"].pk)


def test_people_who_opted_out_hid_their_profile_or_are_not_approved_are_never_recommended():
    seeker = member(seek_text="We seek parking occupancy data and sensor partners.")
    shown = member(offer_text="We offer parking occupancy sensors and data.")
    opted_out = member(offer_text="We offer parking occupancy sensors and data.", allow_matching=False)
    hidden = member(offer_text="We offer parking occupancy sensors and data.", visibility=Visibility.HIDDEN)
    pending = member(offer_text="We offer parking occupancy sensors and data.", status="pending")
    sync()

    people = _ids(panels.home_panels(seeker), "people")

    assert shown.profile.pk in people
    for user in (opted_out, hidden, pending):
        assert user.profile.pk not in people
    assert seeker.profile.pk not in people


def test_members_only_profiles_reach_members_only():
    offerer = member(offer_text="We offer parking occupancy sensors and data.", visibility=Visibility.MEMBERS)
    seeker = member(seek_text="We seek parking occupancy data.")
    unapproved = member(seek_text="We seek parking occupancy data.", status="pending")
    sync()

    assert offerer.profile.pk in _ids(panels.home_panels(seeker), "people")
    assert offerer.profile.pk not in _ids(panels.home_panels(unapproved), "people")


def test_a_data_request_and_a_request_show_datasets_that_could_meet_them(world):
    publisher = OrganisationFactory(name="City of Turku")
    garages = dataset(
        "garages", "Parking garages occupancy", "Occupancy of parking garages, real-time.", publisher=publisher
    )
    dataset("trees", "Street trees", "Every street tree with species and height.", publisher=publisher)
    asker = member()
    wish = data_request(asker, "Parking occupancy", "Real-time occupancy of parking garages in the centre.")
    sync()

    assert _ids(panels.data_request_panels(wish, asker), "datasets")[0] == garages.pk
    assert _ids(panels.opportunity_panels(world["need"], world["city"]), "datasets")[0] == garages.pk


def test_who_might_need_an_offer_is_shown_to_its_owner_only(world):
    seeker = member(seek_text="We are looking for real-time parking occupancy data of garages.")
    sync()

    for_owner = panels.opportunity_panels(world["good"], world["company"])
    for_others = panels.opportunity_panels(world["good"], world["city"])

    might_need = next(p for p in for_owner if p.key == "might-need")
    kinds = {(s.target_kind, s.object_id) for s in might_need.suggestions}
    assert ("opportunity", world["need"].pk) in kinds
    assert ("profile", seeker.profile.pk) in kinds
    assert "might-need" not in [p.key for p in for_others]


def test_who_might_need_a_dataset_is_shown_to_its_publisher_only():
    publisher = OrganisationFactory()
    owner = ProfileFactory(organisation=publisher).user
    garages = dataset(
        "garages", "Parking garages occupancy", "Occupancy of parking garages, real-time.", publisher=publisher
    )
    data_request(member(), "Parking occupancy", "Real-time occupancy of parking garages.")
    sync()

    assert "might-need" in [p.key for p in panels.dataset_panels(garages, owner)]
    assert "might-need" not in [p.key for p in panels.dataset_panels(garages, member())]


def test_documents_follow_saves_topics_and_deletions(django_capture_on_commit_callbacks):
    owner = member()
    with django_capture_on_commit_callbacks(execute=True):
        item = offer(owner, *PARKING_OFFER)
    document = MatchDocument.objects.get(kind="opportunity", object_id=item.pk)
    assert document.active
    assert "Parking occupancy API" in document.text
    assert document.fields["topic_slugs"] == ["mobility"]

    with django_capture_on_commit_callbacks(execute=True):
        item.status = "closed"
        item.save()
    assert not MatchDocument.objects.get(pk=document.pk).active

    with django_capture_on_commit_callbacks(execute=True):
        item.delete()
    assert not MatchDocument.objects.filter(kind="opportunity", object_id=item.pk).exists()


def test_a_profile_is_two_documents_what_it_offers_and_what_it_seeks(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = member(offer_text="Sensors.", seek_text="Parking data.")
    kinds = dict(MatchDocument.objects.filter(object_id=user.profile.pk).values_list("kind", "role"))
    assert kinds == {"profile-offer": "offer", "profile-seek": "request"}


def test_ones_own_not_relevant_mark_sinks_the_item_for_that_person_only(world):
    rival = offer(member(), "Garage occupancy feed", "Parking garage occupancy in real time for the city centre.")
    sync()
    before = _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")
    top = before[0]

    feedback.give_feedback(user=world["city"], kind="opportunity", object_id=top, verdict="not-relevant")

    after = _ids(panels.opportunity_panels(world["need"], world["city"]), "offers")
    assert after.index(top) > after.index(({world["good"].pk, rival.pk} - {top}).pop())
    others = _ids(panels.opportunity_panels(world["need"], member()), "offers")
    assert others[0] == top
