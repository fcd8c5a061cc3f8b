"""Dates are typed and shown dd/mm/yyyy whatever the browser's language (issue 9, item 15): a text input, not
the browser's date picker (which an English Chrome shows as mm/dd/yyyy)."""

import datetime
import importlib
import re

import pytest
from django import forms
from django.apps import apps
from django.urls import reverse

from campaigns.models import ReportingPeriod

pytestmark = pytest.mark.django_db

MESSAGE = "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 31/12/2024."


def post_period(client, **dates):
    return client.post(reverse("campaigns:period_create", args=[2025]), {"name": "Cả năm", **dates})


def test_a_date_is_shown_dd_mm_yyyy_in_a_text_input(world, city_client):
    period = ReportingPeriod.objects.create(campaign=world.c2025, name="Cả năm", end_date=datetime.date(2025, 12, 31),
                                            deadline=datetime.date(2026, 1, 10))
    page = city_client.get(reverse("campaigns:period_edit", args=[2025, period.pk])).text
    field = re.search(r'<input[^>]*name="end_date"[^>]*>', page).group(0)
    assert 'type="text"' in field
    assert 'value="31/12/2025"' in field
    assert 'placeholder="dd/mm/yyyy"' in field
    assert 'inputmode="numeric"' in field
    assert 'type="date"' not in page


def test_dd_mm_yyyy_is_read_as_day_month_year(world, city_client):
    response = post_period(city_client, end_date="31/12/2025", deadline="10/01/2026")
    assert response.status_code == 302
    period = world.c2025.periods.get(name="Cả năm")
    assert (period.end_date, period.deadline) == (datetime.date(2025, 12, 31), datetime.date(2026, 1, 10))


def test_iso_dates_are_still_accepted(world, city_client):
    assert post_period(city_client, end_date="2025-12-31", deadline="2026-01-10").status_code == 302
    assert world.c2025.periods.get(name="Cả năm").end_date == datetime.date(2025, 12, 31)


def test_month_first_is_refused_with_a_vietnamese_message(world, city_client):
    response = post_period(city_client, end_date="12/31/2025", deadline="10/01/2026")
    assert response.status_code in (200, 422)
    assert MESSAGE in response.text
    assert not world.c2025.periods.filter(name="Cả năm").exists()


def test_every_date_field_of_every_form_uses_the_dd_mm_yyyy_input():
    checked = []
    for app in apps.get_app_configs():
        if app.name.split(".")[0] not in {"accounts", "units", "campaigns", "groups", "pledges", "progress", "exports"}:
            continue
        try:
            module = importlib.import_module(f"{app.name}.forms")
        except ModuleNotFoundError:
            continue
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.DateField):
                    checked.append(f"{form_class.__name__}.{name}")
                    assert field.widget.input_type == "text", checked[-1]
                    assert field.widget.format == "%d/%m/%Y", checked[-1]
                    assert field.error_messages["invalid"] == MESSAGE, checked[-1]
    assert {"CampaignForm.issue_date", "ReportingPeriodForm.end_date", "ReportingPeriodForm.deadline"} <= set(checked)
    assert any(name.endswith(".retired_on") for name in checked)
    assert any(name.endswith(".sign_date") for name in checked)
