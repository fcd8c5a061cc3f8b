"""Dashboards: who sees them, and that what they show is what the database holds.

The shared world has cluster A (a1 leader, a2 deputy, a3) and cluster B (b1 leader, b2); the tests sign their
pledges (KT01 higher 8,5 · XH01 lower 0 · CQ01 done) and submit reports for the "6 tháng" period, which ends
30/06/2024 (half the year: on track from 50 %, behind under 40 %) and is due 10/07/2024.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.db.models import Avg
from django.urls import reverse

from groups.models import Group
from pledges import services as pledge_services
from progress import services, urls
from progress.models import Report, ReportValue
from progress.templatetags.charts import percent_text
from tests.builders import fill, period_named, report_with, sign_all, signed_pledge_of
from tests.matrix import FORBIDDEN, NOT_FOUND, OK, everyone, matrix_tests, route
from tests.pages import assert_vietnamese_dates

pytestmark = pytest.mark.django_db

# The routes, with the status each persona gets (``tests.matrix.route``).
ROUTES = [
    route("city", "progress:city", kwargs=lambda w: {"year": 2024},
          city=OK, viewer=OK, officer=FORBIDDEN, officer2=FORBIDDEN, outsider=FORBIDDEN, no_unit=FORBIDDEN),
    route("city-draft-year", "progress:city", kwargs=lambda w: {"year": 2025},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("city-no-plan", "progress:city", kwargs=lambda w: {"year": 1999}, **everyone(NOT_FOUND)),
    route("group", "progress:group", kwargs=lambda w: {"group_pk": w.cluster_a.pk},
          city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("group-other", "progress:group", kwargs=lambda w: {"group_pk": w.cluster_b.pk},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("unit", "progress:unit", kwargs=lambda w: {"unit_pk": w.a3.pk, "year": 2024},
          city=OK, viewer=OK, officer=OK, officer2=OK, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("unit-other-group", "progress:unit", kwargs=lambda w: {"unit_pk": w.b2.pk, "year": 2024},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=OK, no_unit=NOT_FOUND),
    route("unit-in-no-group", "progress:unit", kwargs=lambda w: {"unit_pk": w.loner.pk, "year": 2024},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
    route("unit-draft-year", "progress:unit", kwargs=lambda w: {"unit_pk": w.a1.pk, "year": 2025},
          city=OK, viewer=OK, officer=NOT_FOUND, officer2=NOT_FOUND, outsider=NOT_FOUND, no_unit=NOT_FOUND),
]

test_permissions, test_anonymous_is_sent_to_login, test_every_url_is_in_the_matrix = matrix_tests(
    ROUTES, "progress", urls.dashboard_patterns)

BEFORE_DEADLINE = datetime.date(2024, 7, 10)   # the deadline day of "6 tháng": still on time
AFTER_DEADLINE = datetime.date(2024, 7, 11)


@pytest.fixture
def on(monkeypatch):
    """``on(date)``: the dashboards (and the services they call) take ``date`` as today."""

    def _on(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)

    return _on


@pytest.fixture
def reported(world, signed, half_year, on):
    """Cluster A at mid-year: a1 everything (100 %), a2 half the growth and not done yet (50 %), a3 a draft.
    Cluster B signed, b1 at 0 % (behind), b2 nothing. Today: the day after the deadline."""
    report_with(half_year, world.a1, values={"KT01": "8.5", "XH01": "0", "CQ01": True}, submit=True)
    report_with(half_year, world.a2, values={"KT01": "4.25", "XH01": "0", "CQ01": False}, submit=True)
    report_with(half_year, world.a3, values={"KT01": "1"})
    signed_pledge_of(world.cluster_b, [world.b1, world.b2])
    report_with(half_year, world.b1, values={"KT01": "0", "XH01": "3", "CQ01": False}, submit=True)
    on(AFTER_DEADLINE)
    return half_year


def results(page: str) -> str:
    """The part of the city page below the filters."""
    return page[page.index('id="dash-results"'):]


def city_row(page: str, name: str) -> str:
    """The row of the group named ``name`` in the city table."""
    table = page[page.index('class="dash-table dash-stack"'):]
    row = table[table.index(f">{name}</a>"):]
    return row[:row.index("</tr>")]


def table_rows(page: str) -> list[str]:
    """The group names of the city table, in order."""
    table = page[page.index('class="dash-table dash-stack"'):]
    table = table[:table.index("</table>")]
    return re.findall(r'<th scope="row" class="dash-group-name"><a [^>]*>([^<]+)</a>', table)


# --- the city ---------------------------------------------------------------------------------------------


def test_city_numbers_are_the_database_s(world, reported, city_client):
    page = city_client.get(reverse("progress:city", args=[2024]), {"period": reported.pk}).content.decode()
    average = Report.objects.filter(period=reported, group=world.cluster_a, status="submitted").aggregate(
        a=Avg("attainment"))["a"]
    assert average == Decimal(75)                       # (100 + 50) / 2
    row_a = city_row(page, world.cluster_a.name)
    assert "2/3" in row_a                               # a3's draft is not submitted
    assert percent_text(average) in row_a               # "75 %"
    assert "Đúng tiến độ" in row_a                      # 75 ≥ 50
    row_b = city_row(page, world.cluster_b.name)
    assert "1/2" in row_b
    assert "Chậm" in row_b                              # b1 at 0 %
    # Counts: behind units (b1) and late units (a3 with a draft, b2 with nothing) city-wide.
    stats = page[page.index("dash-stats"):page.index("dash-groups-title")]
    assert re.search(r"Đơn vị chậm tiến độ</dt><dd>1</dd>", stats)
    assert re.search(r"Đơn vị nộp muộn</dt><dd>2</dd>", stats)
    assert re.search(r"Báo cáo đã nộp</dt><dd>3/5</dd>", stats)
    city_average = Report.objects.filter(period=reported, status="submitted").aggregate(a=Avg("attainment"))["a"]
    assert percent_text(city_average) in stats          # (100 + 50 + 0) / 3 = 50 %
    assert_vietnamese_dates(page)
    assert "30/06/2024" in page and "10/07/2024" in page


def test_the_most_at_risk_indicators_are_the_lowest_averages(world, reported, city_client):
    page = city_client.get(reverse("progress:city", args=[2024]), {"period": reported.pk}).content.decode()
    section = page[page.index("dash-risk-title"):page.index("dash-late-title")]
    averages = {
        code: ReportValue.objects.filter(report__period=reported, report__status="submitted",
                                         indicator__code=code).aggregate(a=Avg("attainment"))["a"]
        for code in ("KT01", "XH01", "CQ01")
    }
    # CQ01: 100, 0, 0 → 33,3 %; KT01: 100, 50, 0 → 50 %; XH01: 100, 100, 0 → 66,7 %.
    order = sorted(averages, key=averages.get)
    assert order == ["CQ01", "KT01", "XH01"]
    positions = [section.index(f'<span class="code">{code}</span>') for code in order]
    assert positions == sorted(positions)
    assert percent_text(averages["CQ01"]) in section
    assert "càng thấp càng tốt" in section              # XH01 says which way is better


def test_late_list_starts_the_day_after_the_deadline(world, reported, city_client, on):
    url = reverse("progress:city", args=[2024])
    on(BEFORE_DEADLINE)
    page = city_client.get(url, {"period": reported.pk}).content.decode()
    late = page[page.index("dash-late-title"):]
    assert "danh sách đơn vị nộp muộn được lập từ ngày hôm sau" in late
    assert world.b2.name not in late
    assert "Chưa đến hạn" in page
    on(AFTER_DEADLINE)
    page = city_client.get(url, {"period": reported.pk}).content.decode()
    late = page[page.index("dash-late-title"):]
    names = [m.unit.name for m in services.late_units(reported, AFTER_DEADLINE)]
    assert names == [world.b2.name, world.a3.name]      # by group: "Cụm thi đua các quận" first
    assert late.index(world.cluster_b.name) < late.index(world.b2.name) < late.index(world.cluster_a.name) \
        < late.index(world.a3.name)
    assert world.a1.name not in late


def test_default_period_is_the_latest_ended(world, reported, city_client):
    page = city_client.get(reverse("progress:city", args=[2024])).content.decode()
    assert f'<option value="{reported.pk}" selected>' in page


def test_unknown_period_is_not_found(world, city_client):
    other = period_named(world.c2025, "Quý I")
    assert city_client.get(reverse("progress:city", args=[2024]), {"period": other.pk}).status_code == 404


@pytest.mark.parametrize(("sort", "first"), [
    ("attainment", "cluster_b"), ("-attainment", "cluster_a"), ("-behind", "cluster_b"),
    ("submitted", "cluster_b"), ("-submitted", "cluster_a"), ("name", "cluster_b"), ("-name", "cluster_a"),
])
def test_sorting_through_the_url(world, reported, city_client, sort, first):
    # Names: "Cụm thi đua các quận" (B) < "Cụm thi đua các sở số 1" (A). B: 0 %, 1 behind, 1/2; A: 75 %, 0, 2/3.
    page = city_client.get(reverse("progress:city", args=[2024]),
                           {"period": reported.pk, "sort": sort}).content.decode()
    assert table_rows(page)[0] == getattr(world, first).name


def test_groups_without_numbers_sort_last_both_ways(world, signed, half_year, city_client, on):
    report_with(half_year, world.a1, values={"KT01": "8.5", "XH01": "0", "CQ01": True}, submit=True)
    on(AFTER_DEADLINE)
    for sort in ("attainment", "-attainment"):
        page = city_client.get(reverse("progress:city", args=[2024]),
                               {"period": half_year.pk, "sort": sort}).content.decode()
        assert table_rows(page) == [world.cluster_a.name, world.cluster_b.name]
    assert "Chưa ký kết giao ước: chưa phải báo cáo tiến độ" in page


def test_filter_by_kind(world, reported, city_client):
    Group.objects.filter(pk=world.cluster_b.pk).update(kind=Group.Kind.BLOC)
    url = reverse("progress:city", args=[2024])
    page = city_client.get(url, {"period": reported.pk, "kind": "bloc"}).content.decode()
    assert table_rows(page) == [world.cluster_b.name]
    assert world.a3.name not in results(page)           # the late list follows the filter
    assert world.b2.name in results(page)
    page = city_client.get(url, {"period": reported.pk, "kind": "cluster"}).content.decode()
    assert table_rows(page) == [world.cluster_a.name]
    Group.objects.filter(pk=world.cluster_a.pk).update(kind=Group.Kind.BLOC)
    page = city_client.get(url, {"period": reported.pk, "kind": "cluster"}).content.decode()
    assert "Không có cụm, khối nào thuộc loại này." in page


def test_htmx_gets_only_the_results(world, reported, city_client):
    url = reverse("progress:city", args=[2024])
    response = city_client.get(url, {"period": reported.pk, "sort": "-attainment"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and 'id="dash-filters"' not in page
    assert page.lstrip().startswith('<div id="dash-results"')
    # A sort link (not the form) changed the sort: the form's select follows, out of band.
    assert 'id="dash-sort" hx-swap-oob="true"' in page
    assert '<option value="-attainment" selected>' in page
    response = city_client.get(url, {"period": reported.pk}, HTTP_HX_REQUEST="true",
                               HTTP_HX_TRIGGER="dash-filters")
    page = response.content.decode()
    assert 'id="dash-sort" hx-swap-oob' not in page     # the form's own select is left alone while in use
    # Screen readers hear that the results changed, through the polite status region of the page.
    assert '<p id="dash-announce" hx-swap-oob="innerHTML">Đã cập nhật kỳ 6 tháng: 2 cụm, khối.</p>' in page


def test_filters_work_without_javascript(world, reported, city_client):
    page = city_client.get(reverse("progress:city", args=[2024]), {"period": reported.pk}).content.decode()
    form = page[page.index('<form class="card filters dash-filters"'):]
    form = form[:form.index("</form>")]
    assert 'method="get"' in form and 'type="submit"' in form
    assert 'hx-get="/progress/2024/"' in form and 'hx-push-url="true"' in form and 'hx-target="#dash-results"' in form
    # Sort headers are real links that keep the period and the kind.
    assert f'href="?period={reported.pk}&amp;kind=all&amp;sort=attainment"' in page


def test_city_bar_chart_is_accessible_and_labelled(world, reported, city_client):
    page = city_client.get(reverse("progress:city", args=[2024]), {"period": reported.pk}).content.decode()
    svg = page[page.index('<svg class="dash-bars"'):page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="dash-city-bars-title dash-city-bars-desc"' in svg
    assert '<title id="dash-city-bars-title">Mức đạt trung bình của các cụm, khối, kỳ 6 tháng</title>' in svg
    assert 'width="75%"' in svg                          # cluster A's bar
    assert "75,0\u00a0% ✓ Đúng tiến độ" in svg            # the label says the value and the status in words
    assert 'x1="50%"' in svg                             # the on-track mark at half the year
    assert "," not in re.sub(r">[^<]*<", "><", svg).replace("aria-labelledby", "")  # no decimal comma in geometry
    table = page[page.index("</svg>"):]
    table = table[:table.index("</table>")]
    assert 'class="visually-hidden"' in table and world.cluster_b.name in table


def test_city_empty_states(world, city_client):
    page = city_client.get(reverse("progress:city", args=[2024])).content.decode()
    assert "Chưa cụm, khối nào ký kết giao ước thi đua" in page
    page = city_client.get(reverse("progress:city", args=[2025])).content.decode()
    assert "Năm này chưa có cụm, khối thi đua nào." in page
    world.c2025.periods.all().delete()
    page = city_client.get(reverse("progress:city", args=[2025])).content.decode()
    assert "Kế hoạch chưa có kỳ báo cáo nào." in page


# --- a group ----------------------------------------------------------------------------------------------


def test_group_matrix_shows_values_and_attainment(world, reported, city_client):
    page = city_client.get(reverse("progress:group", args=[world.cluster_a.pk]),
                           {"period": reported.pk}).content.decode()
    rows = page[page.index("<tbody>"):page.index("</tbody>")].split("<tr>")[1:]
    a1, a2, a3 = rows                                   # leader, deputy, member
    assert world.a1.name in a1 and "Cụm trưởng" in a1
    assert reverse("progress:report", kwargs={"period_pk": reported.pk, "unit_pk": world.a1.pk}) in a1
    assert reverse("progress:unit", kwargs={"unit_pk": world.a1.pk, "year": 2024}) in a1
    assert "8,5" in a2 or "4,25" in a2
    assert '<span class="dash-actual">4,25</span>' in a2
    assert "50,0\u00a0%" in a2
    # XH01 is lower-is-better with a commitment of 0: an actual 0 is shown as 0, and as 100 %.
    xh01 = a2.split("<td")[2]
    assert '<span class="dash-actual">0</span>' in xh01 and "100,0\u00a0%" in xh01 and "Đã đạt" in xh01
    cq01 = a2.split("<td")[3]
    assert "Chưa xong" in cq01 and "Đúng tiến độ" in cq01   # not done yet: on track until the end of the year
    assert "0\u00a0%" not in cq01                       # a done/not-done line shows no percentage
    assert "Đang soạn, chưa nộp" in a3 and "quá hạn" in a3
    assert "4,25" not in a3 and "1</span>" not in a3    # a draft's values are not shown
    head = page[page.index("<thead>"):page.index("</thead>")]
    assert 'title="Tỷ lệ hộ nghèo (%)"' in head and "càng thấp càng tốt" in head
    foot = page[page.index("<tfoot>"):page.index("</tfoot>")]
    assert percent_text(Decimal(75)) in foot            # the group average
    missing = page[page.index("dash-missing-title"):]
    assert world.a3.name in missing and world.a1.name not in missing
    assert_vietnamese_dates(page)


def test_group_shows_returned_reports_distinctly(world, signed, half_year, city, city_client, on):
    report = report_with(half_year, world.a1, values={"KT01": "8.5", "XH01": "0", "CQ01": True}, submit=True)
    services.return_report(report, city, "Thiếu minh chứng")
    on(BEFORE_DEADLINE)
    page = city_client.get(reverse("progress:group", args=[world.cluster_a.pk]),
                           {"period": half_year.pk}).content.decode()
    row = page[page.index("<tbody>"):].split("<tr>")[1]
    assert "Bị trả lại" in row and "chưa nộp lại" in row and "quá hạn" not in row
    assert "Hạn nộp: 10/07/2024." in page


def test_capped_attainment_says_the_real_one(world, half_year, city_client, on):
    """A lower-is-better target of 2 with an actual of 0 is 200 %: shown 100 %, the title says 200 %."""
    pledge = pledge_services.create_pledge(world.cluster_a, None)
    members = [world.a1, world.a2, world.a3]
    for unit in members:
        fill(pledge, unit, {"KT01": "8,5", "XH01": "2", "CQ01": "x"})
    pledge_services.open_for_signing(pledge, None)
    sign_all(pledge, members)
    report = report_with(half_year, world.a1, values={"KT01": "8.5", "XH01": "0", "CQ01": True}, submit=True)
    assert report.values.get(line__code="XH01").attainment == Decimal(200)
    on(AFTER_DEADLINE)
    page = city_client.get(reverse("progress:group", args=[world.cluster_a.pk]),
                           {"period": half_year.pk}).content.decode()
    cell = page[page.index("<tbody>"):].split("<td")[2]
    assert "mức đạt thực tế 200,0\u00a0%" in cell and "100,0\u00a0%" in cell and "200,0\u00a0%</span>" not in cell


def test_group_period_switcher_and_default(world, reported, officer_client):
    page = officer_client.get(reverse("progress:group", args=[world.cluster_a.pk])).content.decode()
    switcher = page[page.index('class="dash-periods"'):page.index("</nav>", page.index('class="dash-periods"'))]
    assert f'href="?period={reported.pk}" aria-current="page"' in switcher
    assert switcher.count("<a ") == 4
    # An officer sees the group but not the city dashboard: no link to it.
    assert reverse("progress:city", args=[2024]) not in page


def test_group_empty_states(world, city_client):
    page = city_client.get(reverse("progress:group", args=[world.cluster_a.pk])).content.decode()
    assert "Cụm, khối chưa ký kết giao ước thi đua" in page


def test_group_without_reports(world, signed, half_year, city_client, on):
    on(BEFORE_DEADLINE)
    page = city_client.get(reverse("progress:group", args=[world.cluster_a.pk]),
                           {"period": half_year.pk}).content.decode()
    assert page.count("Chưa báo cáo") == 6      # in the matrix and in the list of missing reports, for each
    assert "<tfoot>" not in page


# --- a unit -----------------------------------------------------------------------------------------------


def test_unit_values_over_the_periods(world, signed, city_client, on):
    q1, half = period_named(world.c2024, "Quý I"), period_named(world.c2024, "6 tháng")
    report_with(q1, world.a2, values={"KT01": "2", "XH01": "0", "CQ01": False}, submit=True)
    report_with(half, world.a2, values={"KT01": "4.25", "XH01": "0", "CQ01": True}, submit=True)
    on(datetime.date(2024, 8, 1))
    page = city_client.get(reverse("progress:unit", args=[world.a2.pk, 2024])).content.decode()
    rows = page[page.index("<tbody>"):page.index("</tbody>")].split("<tr>")[1:]
    kt01 = next(r for r in rows if "KT01" in r)
    assert '<span class="dash-actual">2</span>' in kt01 and "23,5\u00a0%" in kt01   # 2 / 8,5
    assert '<span class="dash-actual">4,25</span>' in kt01 and "50,0\u00a0%" in kt01
    assert 'aria-label="KT01: Quý I: 23,5\u00a0%; 6 tháng: 50,0\u00a0%; 9 tháng: chưa có số liệu; Năm: chưa có số liệu"' in kt01
    assert "<polyline" in kt01
    xh01 = next(r for r in rows if "XH01" in r)
    assert "càng thấp càng tốt" in xh01
    foot = page[page.index("<tfoot>"):page.index("</tfoot>")]
    averages = list(Report.objects.filter(unit=world.a2).order_by("period__end_date")
                    .values_list("attainment", flat=True))
    for average in averages:
        assert percent_text(average) in foot
    head = page[page.index("<thead>"):page.index("</thead>")]
    assert reverse("progress:report", kwargs={"period_pk": q1.pk, "unit_pk": world.a2.pk}) in head
    assert_vietnamese_dates(page)


def test_unit_marks_a_missing_report_after_the_deadline(world, signed, city_client, on):
    q1 = period_named(world.c2024, "Quý I")
    report_with(q1, world.a2, values={"KT01": "2", "XH01": "0", "CQ01": False}, submit=True)
    url = reverse("progress:unit", args=[world.a2.pk, 2024])
    on(BEFORE_DEADLINE)
    head = city_client.get(url).content.decode().split("</thead>")[0]
    assert "Chưa nộp" not in head
    on(AFTER_DEADLINE)
    head = city_client.get(url).content.decode().split("</thead>")[0]
    assert head.count("Chưa nộp") == 1                  # 6 tháng; Quý I was submitted, 9 tháng is not due


def test_unit_empty_states(world, city_client, officer_client):
    page = city_client.get(reverse("progress:unit", args=[world.loner.pk, 2024])).content.decode()
    assert "không thuộc cụm, khối thi đua nào" in page
    page = officer_client.get(reverse("progress:unit", args=[world.a1.pk, 2024])).content.decode()
    assert "Cụm, khối chưa ký kết giao ước thi đua" in page


def test_unit_with_a_signed_pledge_but_no_report(world, signed, officer_client):
    page = officer_client.get(reverse("progress:unit", args=[world.a1.pk, 2024])).content.decode()
    assert "Đơn vị chưa có báo cáo tiến độ nào trong năm." in page
    assert page.count('class="dash-spark"') == 4        # three targets and the average, all empty


# --- the charts -------------------------------------------------------------------------------------------


def test_bar_chart_wraps_long_names_and_never_localises_coordinates():
    from progress.templatetags.charts import Bar, bar_chart

    long_name = "Khối các cơ quan Đảng, Mặt trận Tổ quốc, đoàn thể chính trị – xã hội và doanh nghiệp nhà nước thành phố"
    chart = bar_chart([Bar(long_name, Decimal("130.5"), "achieved"), Bar("Cụm 2", Decimal("12.25"), "behind")],
                      "Biểu đồ", mark=Decimal("50.00"))
    first, second = chart["bars_html"].split("</g>")[:2]
    names = re.findall(r'<text class="dash-bar-name" x="0" y="([^"]+)">([^<]*)</text>', first)
    assert len(names) == 2 and names[1][1].endswith("…")
    assert 'class="dash-bar dash-fill-achieved" x="0" y="64" width="100%"' in first   # capped at 100 %
    assert 'class="dash-bar-value dash-inside"' in first
    assert 'width="12.25%"' in second and "dash-inside" not in second
    assert chart["mark"] == "50"
    assert all("," not in y for y in re.findall(r' (?:y|height)="([^"]+)"', chart["bars_html"]))
    assert f"<title>{long_name}: 100,0\u00a0% ★ Đã đạt</title>" in first
    assert f'<tr><th scope="row">{long_name}</th><td>100,0\u00a0% ★ Đã đạt</td></tr>' in chart["table_html"]


def test_sparkline_leaves_gaps_and_describes_every_period():
    from progress.templatetags.charts import sparkline

    line = sparkline([Decimal(30), None, Decimal(80), Decimal(150)], ["Quý I", "6 tháng", "9 tháng", "Năm"], "KT01")
    # Quý I stands alone (a dot, no line across the gap); 9 tháng and Năm are joined.
    assert [len(segment.split()) for segment in line["segments"]] == [2]
    assert len(line["points"]) == 3 and line["points"][-1]["last"]
    assert line["points"][-1]["y"] == "5"                   # 150 % is drawn at the 100 % line
    assert line["label"] == "KT01: Quý I: 30,0\u00a0%; 6 tháng: chưa có số liệu; 9 tháng: 80,0\u00a0%; Năm: 100,0\u00a0%"
    assert sparkline([None, None], ["Quý I", "6 tháng"])["empty"]


def test_content_items_average_their_indicators_by_weight(world, reported, city_client):
    """Item 1 holds KT01 (weight 3) and, moved there for the test, XH01 (weight 1). Submitted values:
    a1 KT01 100 %, XH01 100 %; a2 KT01 50 %, XH01 100 %; b1 KT01 0 %, XH01 0 % (3 poor households against 0)."""
    from campaigns.models import Indicator

    item = world.c2024.content_items.get(position=1)
    Indicator.objects.filter(campaign=world.c2024, code="KT01").update(weight=3)
    Indicator.objects.filter(campaign=world.c2024, code="XH01").update(content_item=item)
    response = city_client.get(reverse("progress:city", args=[2024]), {"period": reported.pk})
    dashboard = response.context["dashboard"]
    averages = {entry[0].position: entry[1] for entry in dashboard.content_items}
    # The indicators' averages as shown, by reports × weight: (50,0 × 3 × 3 + 66,7 × 3 × 1) / 12 = 54,175
    assert averages == {1: Decimal("54.2")}
    assert [i.code for i in dashboard.all_indicators] == ["KT01", "XH01", "CQ01"]
    assert "Theo nội dung thi đua và chỉ tiêu" in response.content.decode()


# --- issue 9 ----------------------------------------------------------------------------------------------


def _status_class(html: str) -> str:
    return re.search(r'dash-s-([a-z_]+)', html).group(1)


def test_the_same_average_reads_the_same_status_in_every_block(world, signed, half_year, city_client, on):
    """XH01 (lower is better, alone in content item 2) at 40 % city-wide at mid-year: the list of indicators at
    risk, the list of all indicators and the content item say the same thing about the same 40 %."""
    signed_pledge_of(world.cluster_b, [world.b1, world.b2])
    for unit, poor in ((world.a1, "0"), (world.a2, "0"), (world.a3, "1"), (world.b1, "3"), (world.b2, "2")):
        report_with(half_year, unit, values={"KT01": "4.25", "XH01": poor, "CQ01": False}, submit=True)
    on(AFTER_DEADLINE)
    page = city_client.get(reverse("progress:city", args=[2024]), {"period": half_year.pk}).content.decode()
    risk = page[page.index('id="dash-risk-title"'):page.index('id="dash-items-title"')]
    risk_row = risk[risk.index(">XH01<"):]
    risk_row = risk_row[:risk_row.index("</tr>")]
    items = page[page.index('id="dash-items-title"'):page.index('class="dash-all-indicators"')]
    item_row = items[items.index("2. Tăng cường kỷ luật, kỷ cương"):]
    item_row = item_row[:item_row.index("</tr>")]
    every = page[page.index('class="dash-all-indicators"'):]
    every_row = every[every.index(">XH01<"):]
    every_row = every_row[:every_row.index("</tr>")]
    assert "40" in risk_row and "40" in item_row
    statuses = {_status_class(risk_row), _status_class(item_row), _status_class(every_row)}
    assert statuses == {"at_risk"}      # 40 % against the mid-year mark of 50 %: within 80 % of it


def test_a_past_year_opens_on_the_latest_period_with_reports(world, reported, city_client, officer, on):
    """Today is past 2024: every period of the plan has ended, but only "6 tháng" has reports."""
    on(datetime.date(2026, 3, 1))
    selected = f'<option value="{reported.pk}" selected>'
    assert selected in city_client.get(reverse("progress:city", args=[2024])).content.decode()
    page = city_client.get(reverse("progress:group", args=[world.cluster_a.pk])).content.decode()
    assert f'<a href="?period={reported.pk}" aria-current="page">' in page
    page = city_client.get(reverse("progress:unit", args=[world.a1.pk, 2024])).content.decode()
    assert page.count("dash-current") == 1 and re.search(r'dash-current">\s*<a [^>]*>6 tháng</a>', page)
    assert services.current_period(world.c2024, datetime.date(2026, 3, 1)) == reported
    # In the plan's own year the latest ended period stays the default (nothing to look back on yet).
    assert services.current_period(world.c2024, datetime.date(2024, 10, 5)) == period_named(world.c2024, "9 tháng")


def test_city_staff_close_the_period_from_the_city_dashboard_and_the_plan(world, reported, city_client, viewer,
                                                                          officer):
    from progress.models import PeriodClosure
    from tests.factories import login

    close_url = reverse("progress:period_close", args=[reported.pk])
    city_url = reverse("progress:city", args=[2024]) + f"?period={reported.pk}"
    page = city_client.get(city_url).content.decode()
    assert f'action="{close_url}"' in page and "Khóa sổ kỳ báo cáo" in page and "data-confirm=" in page
    assert f'action="{close_url}"' not in login(viewer).get(city_url).content.decode()
    plan_url = reverse("campaigns:detail", args=[2024])
    plan = city_client.get(plan_url).content.decode()
    periods = plan[plan.index('id="periods"'):]
    assert periods.count('action="/progress/periods/') == 4          # one close button per period
    for other in (viewer, officer):
        assert "/close/" not in login(other).get(plan_url).content.decode()

    response = city_client.post(close_url, {"next": city_url})
    assert response.status_code == 302 and response["Location"] == city_url
    assert PeriodClosure.objects.filter(period=reported).exists()
    page = city_client.get(city_url).content.decode()
    assert "Đã khóa sổ" in page and f'action="{close_url}"' not in page
    plan = city_client.get(plan_url).content.decode()
    periods = plan[plan.index('id="periods"'):]
    assert periods.count('action="/progress/periods/') == 3 and periods.count("Đã khóa sổ") == 1
