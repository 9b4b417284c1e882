import pytest

from scdt.audit.models import AuditEntry
from scdt.marketplace.models import Category, CategoryField, Status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/admin/marketplace/category/", "/admin/marketplace/opportunity/", "/admin/marketplace/category/1/change/"],
)
def test_admin_pages_load(client, admin_user, path):
    client.force_login(admin_user)
    assert client.get(path).status_code == 200


def test_admin_category_field_change_goes_through_service(client, admin_user):
    client.force_login(admin_user)
    category = Category.objects.get(slug="expertise")
    field = category.fields.get()
    response = client.post(
        f"/admin/marketplace/category/{category.pk}/change/",
        {
            "name_en": category.name_en,
            "name_fi": category.name_fi,
            "name_pl": category.name_pl,
            "name_lt": category.name_lt,
            "slug": category.slug,
            "description": "",
            "position": 4,
            "is_active": "on",
            "fields-TOTAL_FORMS": "2",
            "fields-INITIAL_FORMS": "1",
            "fields-MIN_NUM_FORMS": "0",
            "fields-MAX_NUM_FORMS": "1000",
            "fields-0-id": field.pk,
            "fields-0-category": category.pk,
            "fields-0-position": 1,
            "fields-0-key": field.key,
            "fields-0-type": "text",
            "fields-0-name_en": field.name_en,
            "fields-0-choices": "[]",
            "fields-0-max_length": 200,
            "fields-1-category": category.pk,
            "fields-1-position": 2,
            "fields-1-key": "day_rate",
            "fields-1-type": "number",
            "fields-1-name_en": "Day rate (EUR)",
            "fields-1-choices": "[]",
            "fields-1-min_value": "0",
            "fields-1-max_length": 200,
        },
    )
    assert response.status_code == 302, response.content[:2000]
    assert CategoryField.objects.filter(category=category, key="day_rate", type="number").exists()
    assert AuditEntry.objects.filter(action="marketplace.category_field.saved").exists()


def test_admin_approve_action(client, admin_user, member, make):
    opportunity = make(member)
    opportunity.status = Status.SUBMITTED
    opportunity.save()
    client.force_login(admin_user)
    client.post("/admin/marketplace/opportunity/", {"action": "approve", "_selected_action": [opportunity.pk]})
    opportunity.refresh_from_db()
    assert opportunity.status == Status.PUBLISHED
