"""The city's overview of the year and the scoring table pages: publish, problems, new version, diff, copy."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from evaluation import rounds
from evaluation.models import Criterion, ScoringTable
from groups.models import Group
from tests.evaluation import states
from tests.factories import login

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_a_draft_lists_what_blocks_publication_and_publishing_refuses_in_words(world, city):
    table = ScoringTable.objects.create(campaign=world.c2024, group_kind=Group.Kind.BLOC, title="Bảng khối")
    section = Criterion.objects.create(table=table, code="I", name="Nhóm I", max_points=D(100))
    Criterion.objects.create(table=table, code="1.1", parent=section, name="Tiêu chí", max_points=D(60))
    client = login(city)
    url = reverse("evaluation:table", args=[table.pk])
    page = text(client.get(url))
    assert "Chưa ban hành được vì" in page and "các dòng con cộng lại 60,00" in page
    response = client.post(reverse("evaluation:table_publish", args=[table.pk]), follow=True)
    assert "các dòng con cộng lại 60,00" in text(response)
    assert ScoringTable.objects.get(pk=table.pk).is_draft
    Criterion.objects.filter(code="1.1").update(max_points=D(100))
    client.post(reverse("evaluation:table_publish", args=[table.pk]))
    assert ScoringTable.objects.get(pk=table.pk).is_published


def test_a_new_version_needs_a_reason_and_shows_what_changed(world, city):
    table = states.with_table(world)
    client = login(city)
    url = reverse("evaluation:table_new_version", args=[table.pk])
    response = client.post(url, {"reason": " "}, follow=True)
    assert "Hãy ghi lý do lập phiên bản mới." in text(response)
    response = client.post(url, {"reason": "Tăng điểm chuẩn 2.1"})
    draft = ScoringTable.objects.get(version=2)
    assert response["Location"] == reverse("evaluation:table", args=[draft.pk])
    Criterion.objects.filter(table=draft, code="2.1").update(max_points=D(35))
    Criterion.objects.filter(table=draft, code="2.2").update(max_points=D(15))
    page = text(client.get(reverse("evaluation:table", args=[draft.pk])))
    assert "Thay đổi so với phiên bản 1" in page and "điểm chuẩn 30,00 → 35,00" in page
    assert "Lý do lập phiên bản mới: Tăng điểm chuẩn 2.1" in page


def test_last_years_table_is_copied_when_this_year_has_none(world, city):
    states.with_table(world)  # 2024, clusters
    client = login(city)
    page = text(client.get(reverse("evaluation:overview", args=[2025])))
    assert f"Sao chép bảng năm trước ({Group.Kind.CLUSTER.label})" in page
    client.post(reverse("evaluation:table_copy", args=[2025]), {"kind": Group.Kind.CLUSTER})
    copy = ScoringTable.objects.get(campaign=world.c2025)
    assert copy.is_draft and copy.criteria.count() == 10
    assert "Sao chép bảng năm trước" not in text(client.get(reverse("evaluation:overview", args=[2025])))
    response = client.post(reverse("evaluation:table_copy", args=[2025]), {"kind": Group.Kind.CLUSTER}, follow=True)
    assert "Năm nay đã có bảng chấm điểm cho loại này." in text(response)


def test_the_overview_counts_submissions_lateness_and_classes(world, city, viewer):
    evaluation = states.both_rounds(world, cross_21="30")
    page = text(login(viewer).get(reverse("evaluation:overview", args=[2024])))
    assert "3/3" in page and "Chưa công bố" in page and "Chưa mở chấm điểm" in page  # cluster B
    assert "Sao chép" not in page  # the viewer changes nothing
    rounds.publish_results(evaluation, city)
    page = text(login(city).get(reverse("evaluation:overview", args=[2024])))
    assert "Đã công bố" in page and "Không hoàn thành: 3" in page
    # Submitted after the deadlines (the states submit "now", years after 2024): late in both rounds.
    assert "3 / 3" in page


def test_services_are_reached_only_by_post(world, city):
    table = ScoringTable.objects.create(campaign=world.c2024, group_kind=Group.Kind.BLOC, title="Bảng khối")
    response = login(city).get(reverse("evaluation:table_publish", args=[table.pk]))
    assert response.status_code == 405 and ScoringTable.objects.get(pk=table.pk).is_draft


def test_the_campaign_page_links_to_the_overview_for_city_and_viewer(world, viewer, officer):
    url = reverse("evaluation:overview", args=[2024])
    assert url in text(login(viewer).get(reverse("campaigns:detail", args=[2024])))
    assert url not in text(login(officer).get(reverse("campaigns:detail", args=[2024])))
