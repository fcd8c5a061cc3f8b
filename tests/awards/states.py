"""Registrations in their states, for the awards tests: plain functions of the world (tests/conftest.py)."""

import datetime
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from awards import services
from awards.models import Registration, Title

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def title(campaign, name) -> Title:
    return Title.objects.get(campaign=campaign, name=name)


def draft_of(campaign, unit, user=None, people=(("Nguyễn Thị Thu Hà", "Phó Giám đốc", "Chiến sĩ thi đua cơ sở"),),
             titles=("Tập thể lao động xuất sắc",)) -> Registration:
    """The unit's saved draft (created, or the existing one replaced)."""
    existing = Registration.objects.filter(campaign=campaign, unit=unit).first()
    return services.save_registration(
        campaign, unit, user, version=existing.version if existing else 0,
        title_ids=[title(campaign, name).pk for name in titles],
        people=[services.PersonRow(n, p, title(campaign, t).pk) for n, p, t in people])


def submitted_of(campaign, unit, user=None, on: datetime.date | None = None) -> Registration:
    """A submitted registration; ``on`` sets the day it was (first) sent."""
    registration = draft_of(campaign, unit, user)
    registration = services.submit(registration, user, version=registration.version)
    if on is not None:
        when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(10, 0)))
        Registration.objects.filter(pk=registration.pk).update(submitted_at=when, first_submitted_at=when)
        registration.refresh_from_db()
    return registration


def workbook(rows, headers=("STT", "Họ và tên", "Chức vụ", "Danh hiệu đăng ký"), name="dang-ky.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.title = "Cá nhân đăng ký"
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def form_data(campaign, version=0, titles=("Tập thể lao động tiên tiến",), people=()):
    """The POST of the registration form: ``people`` as (full name, position, title name)."""
    data = {"version": version, "titles": [title(campaign, name).pk for name in titles],
            "people-TOTAL_FORMS": len(people) + 1, "people-INITIAL_FORMS": 0}
    for i, (name, position, title_name) in enumerate(people):
        data.update({f"people-{i}-full_name": name, f"people-{i}-position": position,
                     f"people-{i}-title": title(campaign, title_name).pk})
    return data
