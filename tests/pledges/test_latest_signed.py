"""PledgeQuerySet.latest_signed(): the highest signed version, what reports and dashboards measure against."""

import pytest

from pledges import services
from pledges.models import Pledge

pytestmark = pytest.mark.django_db


def test_none_before_the_first_signing(world, open_pledge):
    assert Pledge.objects.filter(group=world.cluster_a).latest_signed() is None


def test_an_amendment_in_draft_leaves_the_signed_version_in_force(world, signed_pledge, city):
    services.amend(signed_pledge, city, "Bổ sung chỉ tiêu")
    assert Pledge.objects.filter(group=world.cluster_a).latest_signed() == signed_pledge
    assert list(Pledge.objects.signed()) == [signed_pledge]
