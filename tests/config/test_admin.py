"""The admin as the superuser: every page of every registered model answers, and what the domain refuses
(changing a signed pledge, a second pledge for a group, deleting what others depend on) comes back as a message
in Vietnamese, never as a server error.

The walk submits each form as a browser would: the page is fetched, its form fields read from the HTML and posted
back unchanged (a "save" that changes nothing, a history "revert", a delete confirmation).
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from campaigns.models import Indicator
from exports.models import ExportJob
from pledges import services as pledge_services
from pledges.models import Pledge, Target
from progress import services as progress_services
from tests.builders import FULL, fill, period_named, report_with

pytestmark = pytest.mark.django_db

OBJECTS_PER_MODEL = 3


class FormReader(HTMLParser):
    """The fields of the first ``<form method="post">`` of a page, as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._in_form = self._done = False
        self._select = None
        self._select_multiple = False
        self._options: list[tuple[str, bool]] = []
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._done:
            return
        if tag == "form" and attrs.get("method", "").lower() == "post" and attrs.get("id") != "logout-form":
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select" and name and "disabled" not in attrs:
            self._select, self._select_multiple, self._options = name, "multiple" in attrs, []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name and "disabled" not in attrs:
            self._textarea = name
            self.data.setdefault(name, []).append("")

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._options if selected]
            if not chosen and self._options and not self._select_multiple:
                chosen = [self._options[0][0]]
            self.data[self._select] = chosen
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_data(html: str) -> dict[str, list[str]]:
    reader = FormReader()
    reader.feed(html)
    return reader.data


@pytest.fixture
def superuser(world):
    return User.objects.create_superuser("quantri", "quantri@example.vn", "x", first_name="Quản", last_name="Trị")


@pytest.fixture
def admin_client(superuser):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)
    return client


@pytest.fixture
def admin_world(world, city, superuser, signed, half_year):
    """A signed pledge with its targets' history, a draft pledge, a submitted report, a closed period, a job."""
    draft = pledge_services.create_pledge(world.cluster_b, city)
    fill(draft, world.b1, {"KT01": "3"}, city)
    fill(draft, world.b1, {"KT01": "4"}, city)
    report_with(half_year, world.a1, city, FULL, submit=True)
    progress_services.close_period(period_named(world.c2024, "Quý I"), city)
    ExportJob.objects.create(user=city, kind="pledge_pdf", title="Giao ước cụm A")
    return world


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def sample(model, count=OBJECTS_PER_MODEL):
    return list(model._default_manager.order_by("pk")[:count])


def check(failures, label, response):
    if response.status_code >= 500:
        failures.append(f"{label} → {response.status_code}")
    return response


def post_back(client, failures, label, url, extra=None):
    """GET ``url``, then POST its form back as it is (plus ``extra``)."""
    page = check(failures, f"GET {label}", client.get(url))
    if page.status_code != 200:
        return page
    data = form_data(page.content.decode())
    data.update(extra or {})
    return check(failures, f"POST {label}", client.post(url, data))


def test_every_admin_page_answers_without_a_server_error(admin_client, admin_world):
    """GET every page, then save every form back, revert every history version and delete every object."""
    failures = []
    check(failures, "index", admin_client.get(reverse("admin:index")))
    visited = 0
    for model in admin.site._registry:
        check(failures, f"{model.__name__} list", admin_client.get(admin_url(model, "changelist")))
        check(failures, f"{model.__name__} search",
              admin_client.get(admin_url(model, "changelist") + "?q=a&o=1"))
        post_back(admin_client, failures, f"{model.__name__} add", admin_url(model, "add"), {"_save": "Lưu"})
        for obj in sample(model):
            visited += 1
            label = f"{model.__name__} {obj.pk}"
            post_back(admin_client, failures, f"{label} change", admin_url(model, "change", obj.pk),
                      {"_save": "Lưu"})
            check(failures, f"{label} history", admin_client.get(admin_url(model, "history", obj.pk)))
            history = getattr(model, "history", None)
            if history is not None:
                for record in history.model.objects.filter(**{model._meta.pk.attname: obj.pk})[:2]:
                    try:
                        url = admin_url(model, "simple_history", obj.pk, record.history_id)
                    except NoReverseMatch:
                        break
                    post_back(admin_client, failures, f"{label} revert {record.history_id}", url, {"_save": "Lưu"})
    # Deleting last, each object through its confirmation page, then a bulk delete of what is left.
    for model in admin.site._registry:
        for obj in sample(model):
            post_back(admin_client, failures, f"{model.__name__} {obj.pk} delete",
                      admin_url(model, "delete", obj.pk), {"post": "yes"})
        ids = [str(pk) for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:5]]
        if ids:
            check(failures, f"{model.__name__} bulk delete", admin_client.post(
                admin_url(model, "changelist"),
                {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
            ))
    print(f"\nadmin walk: {len(admin.site._registry)} models, {visited} objects, {len(failures)} server errors")
    assert visited >= 15
    assert failures == [], "\n".join(failures)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_reverting_a_signed_pledges_target_is_refused_with_a_message(admin_client, signed):
    target = signed.targets.select_related("line").get(line__code="KT01", unit__code="STC")
    record = target.history.order_by("history_id").first()
    url = admin_url(Target, "simple_history", target.pk, record.history_id)
    before = list(Target.objects.order_by("pk").values_list("status", "value", "version"))

    page = admin_client.get(url)
    response = admin_client.post(url, {**form_data(page.content.decode()), "_save": "Lưu"})

    assert page.status_code == 200
    assert response.status_code == 302
    assert any("không" in m and "giao ước" in m.lower() for m in messages_of(response)), messages_of(response)
    assert list(Target.objects.order_by("pk").values_list("status", "value", "version")) == before


def test_adding_a_second_pledge_for_a_group_shows_the_error_on_the_form(admin_client, world, city):
    pledge_services.create_pledge(world.cluster_b, city)
    url = admin_url(Pledge, "add")
    page = admin_client.get(url)
    data = form_data(page.content.decode())
    data.update({"campaign": [str(world.c2024.pk)], "group": [str(world.cluster_b.pk)],
                 "title": ["Giao ước thứ hai"], "_save": "Lưu"})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Cụm, khối này đã có một giao ước đang soạn hoặc đang ký kết." in response.content.decode()
    assert Pledge.objects.filter(group=world.cluster_b).count() == 1


def test_adding_an_indicator_to_an_issued_plan_is_refused_with_a_message(admin_client, world):
    url = admin_url(Indicator, "add")
    page = admin_client.get(url)
    data = form_data(page.content.decode())
    data.update({"campaign": [str(world.c2024.pk)], "code": ["MOI01"], "name": ["Chỉ tiêu mới"],
                 "position": ["9"], "city_value": ["5"], "_save": "Lưu"})
    before = Indicator.objects.count()

    response = admin_client.post(url, data)

    assert response.status_code in (200, 302)
    assert Indicator.objects.count() == before
    shown = response.content.decode() if response.status_code == 200 else " ".join(messages_of(response))
    assert "Kế hoạch đã phát động hoặc đã kết thúc, không thể chỉnh sửa." in shown


def test_deleting_a_signed_pledge_in_bulk_is_refused(admin_client, signed):
    """The confirmation page says why; a forced confirmation is forbidden."""
    data = {"action": "delete_selected", "_selected_action": [str(signed.pk)]}
    page = admin_client.post(admin_url(Pledge, "changelist"), data)
    response = admin_client.post(admin_url(Pledge, "changelist"), {**data, "post": "yes"})

    assert page.status_code == 200
    assert response.status_code == 403
    assert Pledge.objects.filter(pk=signed.pk).exists()


def test_an_error_on_a_get_does_not_loop(admin_client, world, monkeypatch):
    """A refusal raised while showing a page sends to the admin index, not back to the same page."""
    from units.admin import UnitAdmin

    def broken(self, request):
        raise ValidationError("Không hiển thị được.")

    monkeypatch.setattr(UnitAdmin, "get_queryset", broken)
    response = admin_client.get(reverse("admin:units_unit_changelist"))

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    assert messages_of(response) == ["Không hiển thị được."]


def test_adding_a_unit_of_another_group_through_the_group_page_is_refused(admin_client, world):
    """The membership inline leaves the campaign out of the form; the form still checks "one group a year"."""
    from groups.models import Group, Membership

    url = admin_url(Group, "change", world.cluster_a.pk)
    data = form_data(admin_client.get(url).content.decode())
    total = int(data["memberships-TOTAL_FORMS"][0])
    data.update({"memberships-TOTAL_FORMS": [str(total + 1)], f"memberships-{total}-unit": [str(world.b2.pk)],
                 f"memberships-{total}-role": ["member"], f"memberships-{total}-group": [str(world.cluster_a.pk)],
                 "_save": "Lưu"})
    before = list(Membership.objects.order_by("pk").values_list("group_id", "unit_id", "role"))

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Đơn vị đã thuộc một cụm, khối khác trong năm này." in response.content.decode()
    assert list(Membership.objects.order_by("pk").values_list("group_id", "unit_id", "role")) == before


# --- the admin in Vietnamese; reports and periods read-only ---------------------------------------------------

APP_NAMES = ["Tài khoản", "Đơn vị", "Kế hoạch thi đua", "Cụm, khối thi đua", "Giao ước thi đua", "Báo cáo tiến độ",
             "Xuất tệp"]


def test_admin_index_shows_the_vietnamese_header_and_app_names(admin_client, admin_world):
    page = admin_client.get(reverse("admin:index")).content.decode()

    assert "Thi đua — Quản trị" in page
    assert "<title>Quản trị hệ thống | Quản trị Thi đua</title>" in page
    captions = re.findall(r'class="section"[^>]*>([^<]*)</a>', page)
    assert set(APP_NAMES) <= set(captions), captions


@pytest.fixture
def report(admin_world, half_year):
    from progress.models import Report

    return Report.objects.get(period=half_year, unit=admin_world.a1)


def test_reports_are_listed_and_shown_for_the_city_office(admin_client, report, django_assert_max_num_queries):
    from progress.models import Report

    with django_assert_max_num_queries(12):
        listing = admin_client.get(admin_url(Report, "changelist") + "?status__exact=submitted&q=Kế hoạch")
    detail = admin_client.get(admin_url(Report, "change", report.pk))

    assert listing.status_code == 200
    page = listing.content.decode()
    assert "Sở Kế hoạch và Đầu tư" in page and "6 tháng" in page and "Đã nộp" in page
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Tăng trưởng GRDP" in page  # the report's values, inline
    assert 'name="_save"' not in page  # read-only


def test_reports_cannot_be_added_changed_or_deleted_in_the_admin(admin_client, report):
    from progress.models import Report, ReportValue

    before = (list(Report.objects.values_list("pk", "status", "attainment", "revision")),
              list(ReportValue.objects.values_list("pk", "actual", "done")))
    url = admin_url(Report, "change", report.pk)
    data = {**form_data(admin_client.get(url).content.decode()), "status": "draft", "return_comment": "Sửa",
            "_save": "Lưu"}

    responses = [
        admin_client.post(url, data),
        admin_client.get(admin_url(Report, "add")),
        admin_client.post(admin_url(Report, "add"), data),
        admin_client.post(admin_url(Report, "delete", report.pk), {"post": "yes"}),
        admin_client.post(admin_url(Report, "changelist"),
                          {"action": "delete_selected", "_selected_action": [str(report.pk)], "post": "yes"}),
    ]

    assert [r.status_code for r in responses] == [403, 403, 403, 403, 200]
    assert (list(Report.objects.values_list("pk", "status", "attainment", "revision")),
            list(ReportValue.objects.values_list("pk", "actual", "done"))) == before


def test_periods_and_closures_are_inspectable_read_only(admin_client, admin_world):
    from campaigns.models import ReportingPeriod
    from progress.models import PeriodClosure

    closure = PeriodClosure.objects.get()
    for model, obj, shown in [(ReportingPeriod, closure.period, "Quý I"), (PeriodClosure, closure, "Quý I")]:
        listing = admin_client.get(admin_url(model, "changelist"))
        detail = admin_client.get(admin_url(model, "change", obj.pk))
        assert listing.status_code == 200 and shown in listing.content.decode()
        assert detail.status_code == 200 and 'name="_save"' not in detail.content.decode()
        assert admin_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert PeriodClosure.objects.filter(pk=closure.pk).exists()


def test_nobody_deletes_their_own_account_in_the_admin(admin_client, superuser):
    """Deleting oneself left a history row naming a user that no longer exists (a foreign-key error at commit)."""
    response = admin_client.post(admin_url(User, "delete", superuser.pk), {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=superuser.pk).exists()
