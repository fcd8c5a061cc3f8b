"""Scoring tables in the admin: a draft is edited there, a published table is only shown."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from campaigns.models import Campaign
from evaluation import services
from evaluation.models import Criterion, ScoringTable
from groups.models import Group
from tests.evaluation.test_tables import make_table
from tests.factories import make_campaign

pytestmark = pytest.mark.django_db

@pytest.fixture
def tables(db):
    superuser = User.objects.create_superuser("quantri", "quantri@example.vn", "x")
    campaign = make_campaign(2024, Campaign.Status.ISSUED)
    published = services.publish(make_table(campaign), superuser)
    draft = make_table(campaign, Group.Kind.CLUSTER, title="Bảng chấm điểm cụm")
    client = Client()
    client.force_login(superuser)
    return client, published, draft

def url(view, *args):
    return reverse(f"admin:evaluation_scoringtable_{view}", args=args)

def test_both_tables_are_listed_and_shown(tables):
    client, published, draft = tables
    listing = client.get(url("changelist")).content.decode()
    assert "Bảng chấm điểm khối" in listing and "Bảng chấm điểm cụm" in listing
    for table in (published, draft):
        page = client.get(url("change", table.pk))
        assert page.status_code == 200
        assert "Nhóm tiêu chí 1" in page.content.decode()

def test_a_published_table_cannot_be_changed_or_deleted_in_the_admin(tables):
    client, published, _draft = tables
    assert client.post(url("change", published.pk), {"title": "Đổi tên", "_save": "Lưu"}).status_code == 403
    assert client.post(url("delete", published.pk), {"post": "yes"}).status_code == 403
    published.refresh_from_db()
    assert published.title == "Bảng chấm điểm khối" and published.criteria.count() == 6

def test_a_draft_can_be_deleted_in_the_admin(tables):
    client, _published, draft = tables
    assert client.post(url("delete", draft.pk), {"post": "yes"}).status_code == 302
    assert not ScoringTable.objects.filter(pk=draft.pk).exists()
    assert not Criterion.objects.filter(table_id=draft.pk).exists()
