"""The city list of registrations, the plan page's links and key date, and the query counts of every page."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Registration
from campaigns.models import Campaign
from tests.factories import login, make_group, make_unit, make_user
from units.models import Unit

from .states import draft_of, submitted_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(world):
    """Cluster A: a1 submitted on time, a2 late, a3 drafting; cluster B: b1 on time, b2 nothing."""
    Campaign.objects.filter(pk=world.c2024.pk).update(registration_deadline=datetime.date(2024, 3, 31))
    world.c2024.refresh_from_db()
    submitted_of(world.c2024, world.a1, on=datetime.date(2024, 3, 15))
    submitted_of(world.c2024, world.a2, on=datetime.date(2024, 4, 2))
    draft_of(world.c2024, world.a3)
    submitted_of(world.c2024, world.b1, on=datetime.date(2024, 3, 31))
    return world


def stats(page):
    return [(s.split("</dt>")[0].rsplit(">", 1)[-1], s.split("<dd>")[1].split("<")[0]) for s in
            page.split('<div class="stat stat-')[1:]]


def test_the_city_list_counts_each_state_and_names_who_has_not_registered(registered, city_client):
    page = city_client.get(reverse("awards:overview", args=[2024])).content.decode()
    assert stats(page) == [("Chưa đăng ký", "1"), ("Đang soạn", "1"), ("Đã nộp", "2"), ("Nộp muộn", "1")]
    missing = page.split('id="missing"')[1].split("</section>")[0]
    assert "Quận Sơn Trà" in missing and "Sở Xây dựng" not in missing
    assert "Hạn đăng ký: 31/03/2024." in page
    assert "Danh mục danh hiệu" in page  # city staff manage the titles
    row = page.split("Sở Tài chính</a>")[1].split("</tr>")[0]
    assert "Nộp muộn" in row and "02/04/2024" in row


def test_the_list_filters_by_group(registered, viewer_client):
    url = reverse("awards:overview", args=[2024])
    page = viewer_client.get(url, {"group": registered.cluster_b.pk}).content.decode()
    assert "Quận Hải Châu" in page and "Sở Tài chính" not in page
    assert stats(page)[0] == ("Chưa đăng ký", "1") and "Danh mục danh hiệu" not in page
    assert "Sở Tài chính" in viewer_client.get(url, {"group": "x"}).content.decode()  # a wrong value: every group


def test_a_leader_reads_its_groups_registrations_only(registered, officer_client):
    page = officer_client.get(reverse("awards:overview", args=[2024])).content.decode()
    assert "Sở Xây dựng" in page and "Quận Sơn Trà" not in page
    assert stats(page) == [("Chưa đăng ký", "0"), ("Đang soạn", "1"), ("Đã nộp", "1"), ("Nộp muộn", "1")]
    member = officer_client.get(reverse("awards:registration", args=[2024, registered.a3.pk])).content.decode()
    assert "Nguyễn Thị Thu Hà" in member and 'id="registration-form"' not in member


def test_the_plan_page_shows_the_deadline_and_links_to_registrations(registered, city_client, client_as):
    page = city_client.get(reverse("campaigns:detail", args=[2024])).content.decode()
    assert "Hạn đăng ký thi đua</dt><dd>31/03/2024" in page
    assert reverse("awards:overview", args=[2024]) in page
    officer_page = client_as("officer2").get(reverse("campaigns:detail", args=[2024])).content.decode()
    assert reverse("awards:registration", args=[2024, registered.a2.pk]) in officer_page
    assert reverse("awards:overview", args=[2024]) not in officer_page


def test_an_empty_plan_says_there_is_no_group_yet(world, city_client):
    Campaign.objects.filter(pk=world.c2025.pk).update(status=Campaign.Status.ISSUED,
                                                      issue_date=datetime.date(2025, 1, 10))
    page = city_client.get(reverse("awards:overview", args=[2025])).content.decode()
    assert "Năm này chưa có cụm, khối thi đua, nên chưa có đơn vị nào đăng ký." in page


# --- pagination (issue 14: the work of a request does not grow with the city) ----------------------------------

@pytest.fixture
def many_groups(registered):
    """Twelve more clusters of three wards (Cụm phường 00–11), none registered: with clusters A and B, 14 groups
    on three pages."""
    for g in range(12):
        units = [make_unit(f"W{g:02d}{i}", f"Phường {g:02d}-{i}", Unit.Kind.WARD) for i in range(3)]
        make_group(registered.c2024, f"Cụm phường {g:02d}", leader=units[0], members=units[1:])
    return registered


def group_names(page):
    return [h.split(" <span")[0] for h in page.split('<section class="card" id="group-')[1:]
            for h in [h.split("<h2>")[1]]]


def test_the_list_shows_five_groups_a_page_and_counts_them_all(many_groups, city_client):
    from awards.views import OVERVIEW_PAGE_GROUPS

    url = reverse("awards:overview", args=[2024])
    first = city_client.get(url).content.decode()
    second = city_client.get(url, {"page": 2}).content.decode()
    assert len(group_names(first)) == OVERVIEW_PAGE_GROUPS == len(group_names(second))
    assert not set(group_names(first)) & set(group_names(second))
    from common.collation import sort_key
    from groups.models import Group

    ordered = sorted(Group.objects.filter(campaign=many_groups.c2024).values_list("name", flat=True), key=sort_key)
    assert group_names(first) + group_names(second) == ordered[:10]  # the order goes on
    # The counts and the "not registered" box cover every group, not the page's.
    assert stats(second) == [("Chưa đăng ký", "37"), ("Đang soạn", "1"), ("Đã nộp", "2"), ("Nộp muộn", "1")]
    missing = second.split('id="missing"')[1].split("</section>")[0]
    assert "Phường 00-0" in missing and missing.count("<li>") == 30  # MISSING_SHOWN, the others counted
    assert "Và 7 đơn vị khác chưa đăng ký" in missing
    assert 'href="?page=3"' in second and 'href="?page=1"' in second
    assert "Trang 2/3 (6–10 trên " in second and " cụm, khối)" in second  # what the pager counts: groups


def test_a_chosen_group_is_one_page_whatever_the_page_asked(many_groups, city_client):
    url = reverse("awards:overview", args=[2024])
    page = city_client.get(url, {"group": many_groups.cluster_b.pk, "page": 3}).content.decode()
    assert group_names(page) == [many_groups.cluster_b.name] and 'class="pagination"' not in page
    assert stats(page)[0] == ("Chưa đăng ký", "1")


def test_the_counts_in_sql_are_the_registrations_states(many_groups, city_client):
    """``Registration.is_late`` in Python against the SQL bound: the last minute of the deadline in the city's
    time zone is on time, the next one late."""
    from django.utils import timezone

    from awards.wording import registration_state_key

    deadline_end = timezone.make_aware(datetime.datetime(2024, 3, 31, 23, 59))
    Registration.objects.filter(unit=many_groups.b1).update(first_submitted_at=deadline_end)
    Registration.objects.filter(unit=many_groups.a1).update(
        first_submitted_at=deadline_end + datetime.timedelta(minutes=1))
    page = city_client.get(reverse("awards:overview", args=[2024])).content.decode()
    live = {key: 0 for key in ("missing", "draft", "on_time", "late")}
    for unit in Unit.objects.filter(memberships__campaign=many_groups.c2024):
        live[registration_state_key(Registration.objects.filter(campaign=many_groups.c2024, unit=unit)
                                    .select_related("campaign").first())] += 1
    assert [count for _label, count in stats(page)] == [str(live[k]) for k in ("missing", "draft", "on_time", "late")]
    assert live["late"] == 2 and live["on_time"] == 1


# --- query counts, at two sizes --------------------------------------------------------------------------------

@pytest.fixture(params=[5, 40], ids=lambda n: f"{n}units")
def city_of(request, world):
    """``n`` more units in groups of five in the 2024 plan, every other one registered with ``n`` people."""
    n = request.param
    units = [make_unit(f"P{n}{i:03d}", f"Phường thử nghiệm số {i:03d}", Unit.Kind.WARD) for i in range(n)]
    for start in range(0, n, 5):
        chunk = units[start:start + 5]
        make_group(world.c2024, f"Cụm phường {n}-{start // 5}", leader=chunk[0], members=chunk[1:])
    people = [(f"Người thứ {i}", "Chuyên viên", "Lao động tiên tiến") for i in range(n)]
    for unit in units[::2]:
        draft_of(world.c2024, unit, people=people)
    return units


# Measured at 5 and at 40 units (and 5 or 40 people on the registration): the same count at both sizes. The
# registration page: session, user, plan, membership, registration, titles, people, chosen titles, messages.
@pytest.mark.parametrize(("who", "name", "args", "ceiling"), [
    # the list: session, user, plan, groups, the counts per group, the page's rows, the units not registered
    ("city", "awards:overview", lambda u: [2024], 7),
    ("leader", "awards:overview", lambda u: [2024], 9),
    ("city", "awards:titles", lambda u: [2024], 4),
    ("owner", "awards:registration", lambda u: [2024, u[0].pk], 9),
    ("city", "awards:registration", lambda u: [2024, u[0].pk], 8),
    ("owner", "awards:template", lambda u: [2024, u[0].pk], 7),
])
def test_each_page_takes_the_same_queries_whatever_the_size(city_of, who, name, args, ceiling,
                                                            django_assert_max_num_queries):
    user = make_user("q", role="city_staff") if who == "city" else make_user("q", unit=city_of[0])
    client = login(user)
    with django_assert_max_num_queries(ceiling):
        response = client.get(reverse(name, args=args(city_of)))
    assert response.status_code == 200
    assert Registration.objects.count() == (len(city_of) + 1) // 2


def test_the_start_page_links_each_unit_to_its_registration(registered, client_as):
    page = client_as("officer2").get(reverse("home")).content.decode()
    assert reverse("awards:registration", args=[2024, registered.a2.pk]) in page
    assert reverse("awards:overview", args=[2024]) in client_as("city").get(reverse("home")).content.decode()


#: The rows of a group's table as the template wrote them before ``registration_rows`` (issue 14).
TEMPLATE_ROWS = """{% load registrations %}{% for row in rows %}<tr>
      <td class="unit-name"><a href="{% url 'awards:registration' year row.membership.unit_id %}">{{ row.membership.unit.name }}</a></td>
      <td><span class="badge badge-registration-{{ row.state }}">{{ row.state|state_label }}</span></td>
      <td>{% if row.registration.first_submitted_at %}{{ row.registration.first_submitted_at|date:"d/m/Y" }}{% else %}—{% endif %}</td>
      <td class="num">{{ row.registration.title_count|default:"0" }}</td>
      <td class="num">{{ row.registration.people_count|default:"0" }}</td>
    </tr>{% endfor %}"""


def test_the_rows_written_in_python_are_the_template_loop_they_replace(registered, city_client):
    """Every state (nothing, draft, on time, late), a date near midnight in the city's time zone and a name to
    escape: the tag's rows are the template loop's, element for element (and byte for byte)."""
    from django.template import Context, Template
    from django.test.html import parse_html

    from awards.models import RegisteredPerson
    from awards.templatetags.registrations import registration_rows

    Unit.objects.filter(pk=registered.a1.pk).update(name='Sở "Tài" <chính> & Đầu tư')
    a1 = Registration.objects.get(unit=registered.a1)
    Registration.objects.filter(pk=a1.pk).update(
        first_submitted_at=datetime.datetime(2024, 3, 14, 17, 30, tzinfo=datetime.UTC))  # 00:30 on the 15th
    RegisteredPerson.objects.create(registration=a1, row=99, full_name="Lê Văn An",
                                    title=a1.campaign.award_titles.individual().first())
    sections = city_client.get(reverse("awards:overview", args=[2024])).context["sections"]
    rows = [row for _group, group_rows, _size in sections for row in group_rows]
    assert {row["state"] for row in rows} == {"missing", "draft", "on_time", "late"}
    expected = Template(TEMPLATE_ROWS).render(Context({"rows": rows, "year": 2024}))
    written = registration_rows(rows, 2024)
    assert parse_html(written) == parse_html(expected)
    assert written == expected
    assert "15/03/2024" in written and "&lt;chính&gt;" in written
