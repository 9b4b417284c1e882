import pytest
from tests.factories import UserFactory

from scdt.accounts.services import export_user_data
from scdt.marketplace.models import Opportunity

pytestmark = pytest.mark.django_db


def test_export_contains_own_opportunities():
    from scdt.demo.loader import load_demo_network
    from scdt.marketplace.demo import load_demo_opportunities

    load_demo_network()
    load_demo_opportunities()
    opportunity = Opportunity.objects.select_related("owner").first()
    data = export_user_data(user=opportunity.owner)
    assert opportunity.title in [o["title"] for o in data["marketplace"]["opportunities"]]


def test_export_of_someone_without_listings_is_empty():
    data = export_user_data(user=UserFactory())
    assert data["marketplace"] == {"opportunities": [], "bookmarks": [], "interest": []}
