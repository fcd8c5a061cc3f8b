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


# --- proposals, results and the award register -------------------------------------------------------------------


def code_title(campaign, code) -> Title:
    return Title.objects.get(campaign=campaign, code=code)


def published_results(campaign, group, results):
    """``group``'s published evaluation: ``results`` = [(unit, total, class, rank)] stored on the sheets as
    publication stores them."""
    from decimal import Decimal

    from evaluation.models import Evaluation, ScoreSheet, ScoringTable

    table = (ScoringTable.objects.filter(campaign=campaign, group_kind=group.kind).first()
             or ScoringTable.objects.create(campaign=campaign, group_kind=group.kind, title="Bảng chấm điểm"))
    evaluation = Evaluation.objects.create(group=group, self_deadline=datetime.date(campaign.year + 1, 1, 10),
                                           cross_deadline=datetime.date(campaign.year + 1, 1, 20),
                                           status=Evaluation.Status.PUBLISHED, published_at=timezone.now())
    ScoreSheet.objects.bulk_create(
        ScoreSheet(evaluation=evaluation, unit=unit, table=table, final_total=Decimal(total), final_class=grade,
                   final_rank=rank) for unit, total, grade, rank in results)
    return evaluation


def registered(campaign, unit, *codes):
    """The unit's draft registration of the titles of ``codes``."""
    existing = Registration.objects.filter(campaign=campaign, unit=unit).first()
    return services.save_registration(campaign, unit, None, version=existing.version if existing else 0,
                                      title_ids=[code_title(campaign, code).pk for code in codes], people=[])


def proposed(campaign, code, unit, *, group=None, votes=None, valid=None, meeting=None, reason="", **fields):
    """A proposal as the finalised minutes make it (``meeting``, ``votes``) or as city staff add it."""
    from awards.models import Proposal
    from groups.models import Membership

    group = group or Membership.objects.get(campaign=campaign, unit=unit).group
    return Proposal.objects.create(campaign=campaign, title=code_title(campaign, code), unit=unit, group=group,
                                   meeting=meeting, votes=votes, valid_ballots=valid, reason=reason, **fields)


def minutes_of(group):
    """The group's finalised minutes (the meeting pages are built elsewhere: only the row)."""
    from awards.models import Meeting

    return Meeting.objects.create(group=group, status=Meeting.Status.FINAL, held_at=timezone.now(),
                                  finalised_at=timezone.now())


def approved(proposal, number="12/QĐ-UBND", date=datetime.date(2025, 1, 20), user=None):
    from awards import proposals

    return proposals.record_decision(proposal, user, version=proposal.version, decision="approved", number=number,
                                     date=date, confirm=True)
