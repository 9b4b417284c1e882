import pytest
from django.core import mail

from scdt.demo.loader import load_demo_network
from scdt.marketplace import queries
from scdt.marketplace.demo import load_demo_opportunities
from scdt.marketplace.demo_opportunities import OPPORTUNITIES
from scdt.marketplace.models import Opportunity, Status

pytestmark = pytest.mark.django_db


def test_demo_opportunities_load_once_and_are_searchable():
    load_demo_network()
    assert load_demo_opportunities() == len(OPPORTUNITIES)
    assert load_demo_opportunities() == 0
    assert Opportunity.objects.count() == len(OPPORTUNITIES)
    assert set(Opportunity.objects.values_list("language", flat=True)) >= {"en", "fi", "pl", "lt"}
    assert Opportunity.objects.filter(status=Status.SUBMITTED).exists()
    assert not mail.outbox
    found = Opportunity.objects.filter(pk__in=queries.search_ids(queries.Filters(q="pysäköintitieto")))
    assert found.filter(organisation__slug="city-of-turku").exists()
    assert found.filter(organisation__slug="saaristo-mobility").exists()
