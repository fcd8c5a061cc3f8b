"""The report workflow at the service level: save, submit, return, resubmit, close; all or nothing."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from pledges.models import PledgeLine
from progress import services
from progress.models import Evidence, Report, ReportEvent
from progress.services import Entry
from tests.builders import FULL, report_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test its own folder of uploaded files, so what a test finds there is its own."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def entries_by_code(report, values):
    """{ReportValue id: Entry} from {line code: typed value}, as the form would build them."""
    entries = {}
    for value in report.values.select_related("line"):
        if value.line.code in values:
            typed = values[value.line.code]
            entries[value.pk] = Entry(done=typed) if isinstance(typed, bool) else Entry(actual=D(str(typed)))
    return entries


def snapshot(report):
    """What is stored of a report: its status, revision, values and events."""
    report.refresh_from_db()
    return (report.status, report.revision, report.attainment,
            sorted(report.values.values_list("line__code", "actual", "done", "note", "attainment")),
            report.events.count())


def history(report):
    return list(report.events.values_list("from_status", "to_status", "user__username", "comment"))


def test_open_report_copies_the_signed_targets(signed, half_year, world, officer):
    report = services.open_report(half_year, world.a1.pk, officer)
    assert (report.status, report.pledge, report.group, report.campaign) == (
        Report.Status.DRAFT, signed, world.cluster_a, world.c2024)
    values = {v.line.code: (v.direction, v.target_value) for v in report.values.select_related("line")}
    assert values == {"KT01": ("higher", D("8.5")), "XH01": ("lower", D("0")), "CQ01": ("done", None)}
    assert history(report) == [("", "draft", "officer", "")]
    assert services.open_report(half_year, world.a1.pk, officer) == report  # opened once


def test_no_report_without_a_signed_pledge(world, half_year, outsider):
    with pytest.raises(ValidationError, match="chưa có giao ước thi đua đã ký kết"):
        services.open_report(half_year, world.b1.pk, outsider)
    assert not Report.objects.exists()


def test_return_and_resubmit_cycle_is_logged(signed, half_year, world, officer, officer2):
    report = report_with(half_year, world.a2, officer2, values=FULL, submit=True)
    assert report.status == Report.Status.SUBMITTED
    assert (report.submitted_by, report.submitted_at is not None) == (officer2, True)

    report = services.return_report(report, officer, "  KT01 chưa khớp số liệu Cục Thống kê.  ")
    assert (report.status, report.return_comment) == (Report.Status.RETURNED, "KT01 chưa khớp số liệu Cục Thống kê.")
    assert report.is_editable

    report = services.save_values(report, entries_by_code(report, {"KT01": "5"}), officer2)
    report = services.submit(report, officer2)
    assert report.status == Report.Status.SUBMITTED
    assert report.values.get(line__code="KT01").actual == D("5")
    assert history(report) == [
        ("", "draft", "officer2", ""),
        ("draft", "submitted", "officer2", ""),
        ("submitted", "returned", "officer", "KT01 chưa khớp số liệu Cục Thống kê."),
        ("returned", "submitted", "officer2", ""),
    ]


def test_a_submitted_report_is_not_edited_until_returned(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer, values=FULL, submit=True)
    before = snapshot(report)
    with pytest.raises(ValidationError, match="chỉ sửa được khi bị trả lại"):
        services.save_values(report, entries_by_code(report, {"KT01": "1"}), officer)
    with pytest.raises(ValidationError, match="đã được nộp"):
        services.submit(report, officer)
    assert snapshot(report) == before


def test_a_return_needs_a_reason_and_a_submitted_report(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer, values=FULL)
    with pytest.raises(ValidationError, match="Chỉ trả lại báo cáo đã nộp"):
        services.return_report(report, officer, "Sai số liệu")
    report = services.submit(report, officer)
    before = snapshot(report)
    with pytest.raises(ValidationError, match="lý do"):
        services.return_report(report, officer, "   ")
    assert snapshot(report) == before


def test_submit_refuses_empty_values(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer, values={"KT01": "4.25"})
    before = snapshot(report)
    with pytest.raises(ValidationError) as error:
        services.submit(report, officer)
    assert error.value.messages == ["Chưa nhập số liệu thực hiện của: XH01, CQ01."]
    assert snapshot(report) == before


def test_save_and_submit_saves_nothing_when_a_value_is_empty(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer)
    before = snapshot(report)
    with pytest.raises(ValidationError, match="CQ01"):
        services.save_and_submit(report, entries_by_code(report, {"KT01": "4.25", "XH01": "0"}), officer,
                                 report.revision)
    assert snapshot(report) == before  # the typed values were not kept either


def test_save_and_submit(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer)
    report = services.save_and_submit(report, entries_by_code(report, FULL), officer, report.revision)
    assert report.status == Report.Status.SUBMITTED and report.attainment == D("50.00")


def test_zero_is_a_value(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer, values={"KT01": "0", "XH01": "0", "CQ01": False},
                         submit=True)
    assert report.status == Report.Status.SUBMITTED


def test_negative_is_refused_unless_the_line_allows_it(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer, values=FULL)
    before = snapshot(report)
    with pytest.raises(ValidationError, match="“KT01” không nhận số âm"):
        services.save_values(report, entries_by_code(report, {"KT01": "-1.5", "XH01": "2"}), officer)
    assert snapshot(report) == before  # XH01 was valid, but nothing is saved

    # A line that may be negative (e.g. "growth of bad debt"): the signed pledge is frozen, so set it directly.
    PledgeLine.objects.filter(pledge=signed, code="KT01").update(allows_negative=True)
    report = services.save_values(report, entries_by_code(report, {"KT01": "-1.5"}), officer)
    assert report.values.get(line__code="KT01").actual == D("-1.5")


def test_a_stale_revision_is_a_conflict(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer)
    opened_at = report.revision
    services.save_values(report, entries_by_code(report, {"KT01": "3"}), officer, opened_at)
    before = snapshot(report)
    with pytest.raises(ValidationError) as error:
        services.save_values(report, entries_by_code(report, {"KT01": "4"}), officer, opened_at)
    assert error.value.code == "conflict"
    assert "vừa được người khác sửa" in error.value.messages[0]
    assert snapshot(report) == before


@pytest.fixture
def closed(signed, half_year, world, officer, officer2, city):
    """a1 submitted, a2 a draft, then the period closed."""
    submitted = report_with(half_year, world.a1, officer, values=FULL, submit=True)
    draft = report_with(half_year, world.a2, officer2, values={"KT01": "1"})
    services.close_period(half_year, city)
    return submitted, draft


def test_a_closed_period_refuses_every_change(closed, half_year, world, officer, officer2, city):
    submitted, draft = closed
    before = snapshot(submitted), snapshot(draft)
    message = "Kỳ báo cáo đã khóa sổ"
    with pytest.raises(ValidationError, match=message):
        services.save_values(draft, entries_by_code(draft, FULL), officer2)
    with pytest.raises(ValidationError, match=message):
        services.submit(draft, officer2)
    with pytest.raises(ValidationError, match=message):
        services.return_report(submitted, city, "Sai")
    with pytest.raises(ValidationError, match=message):
        services.add_evidence(draft, [SimpleUploadedFile("a.pdf", b"%PDF-1.4")], officer2)
    with pytest.raises(ValidationError, match=message):
        services.open_report(half_year, world.a3.pk, None)
    assert (snapshot(submitted), snapshot(draft)) == before
    assert not Evidence.objects.exists()
    assert services.close_period(half_year, city) == half_year.closure  # closing twice is harmless


def test_other_periods_stay_open(closed, world, officer):
    nine_months = world.c2024.periods.get(name="9 tháng")
    report = report_with(nine_months, world.a1, officer, values=FULL, submit=True)
    assert report.status == Report.Status.SUBMITTED


def test_late_units_from_the_day_after_the_deadline(signed, half_year, world, officer):
    assert half_year.deadline == datetime.date(2024, 7, 10)
    report_with(half_year, world.a1, officer, values=FULL, submit=True)
    report_with(half_year, world.a2, None, values=FULL)  # saved, not submitted
    assert services.late_units(half_year, datetime.date(2024, 7, 10)) == []
    late = services.late_units(half_year, datetime.date(2024, 7, 11))
    # Cluster B has no signed pledge: nothing to report yet, so not late.
    assert [m.unit for m in late] == [world.a2, world.a3]  # a1 submitted


def test_is_late(signed, half_year, world, officer):
    day_after = datetime.date(2024, 7, 11)
    assert services.is_late(None, half_year, day_after)
    assert not services.is_late(None, half_year, half_year.deadline)
    report = report_with(half_year, world.a1, officer, values=FULL)
    assert services.is_late(report, half_year, day_after)
    report = services.submit(report, officer)
    assert not services.is_late(report, half_year, day_after)


def test_a_returned_report_counts_as_late_again(signed, half_year, world, officer, city):
    report = report_with(half_year, world.a1, officer, values=FULL, submit=True)
    services.return_report(report, city, "Bổ sung minh chứng")
    late = services.late_units(half_year, datetime.date(2024, 7, 11))
    assert world.a1 in [m.unit for m in late]


def test_evidence_is_stored_and_removed(signed, half_year, world, officer, django_capture_on_commit_callbacks):
    report = report_with(half_year, world.a1, officer)
    [evidence] = services.add_evidence(report, [SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.4 minh chung")], officer)
    assert (evidence.original_name, evidence.size, evidence.uploaded_by) == ("Biên bản.pdf", 19, officer)
    name = evidence.file.name
    assert name.startswith(f"reports/{report.pk}/") and default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_evidence(evidence, officer)
    assert not Evidence.objects.exists()
    assert not default_storage.exists(name)


def test_evidence_of_a_submitted_report_is_frozen(signed, half_year, world, officer):
    report = report_with(half_year, world.a1, officer, values=FULL)
    [evidence] = services.add_evidence(report, [SimpleUploadedFile("a.pdf", b"%PDF-1.4")], officer)
    services.submit(report, officer)
    with pytest.raises(ValidationError):
        services.add_evidence(report, [SimpleUploadedFile("b.pdf", b"%PDF-1.4")], officer)
    with pytest.raises(ValidationError):
        services.delete_evidence(evidence, officer)
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["a.pdf"]


def test_each_move_is_one_event(signed, half_year, world, officer, city):
    report = report_with(half_year, world.a1, officer, values=FULL, submit=True)
    services.return_report(report, city, "Bổ sung")
    assert ReportEvent.objects.filter(report=report).count() == 3
