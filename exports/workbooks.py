"""Excel workbooks (.xlsx) of the plan, of a pledge, of the progress of a period and of its late list, and of
the year's evaluation results.

Every workbook is written with openpyxl in **write-only** mode through :mod:`common.xlsx`: rows stream to a
temporary file as they are appended, so memory stays flat however large the city (the progress workbook of
1,000 units × 30 targets holds one group's matrix at a time). Every text goes through
:func:`common.xlsx.text_cell`, so a name such as ``=HYPERLINK(…)`` stays text, never a formula.

Conventions of every sheet: one bold, shaded header row, frozen (with the name columns of a matrix), and
repeated on printed pages; numbers are numbers (amounts with thousands separators and their own decimals,
percentages as numbers of percent, ``72.5`` shown "72.5" under a "(%)" header — not Excel's percent format,
which would need 0.725); dates are real dates shown DD/MM/YYYY, times DD/MM/YYYY HH:MM in the city's time zone.

The progress workbook shows **the dashboards' numbers**, computed by the same functions
(:func:`progress.dashboards.city_dashboard`, :func:`progress.dashboards.group_dashboard`): the rows of the
summary are the city dashboard's group rows, its totals row the dashboard's headline figures (the city average is
the average over every submitted report, not the average of the group averages).

Attainment, capped or not (decided in :mod:`progress.attainment`): the pages show attainment capped at 100 % and
every average is an average of capped values; the uncapped value is kept for ranking. The workbook writes every
attainment twice, side by side: "Mức đạt (%)", the **capped value as displayed** (for an average: the average
of capped values, the one its status reads), then "Mức đạt chưa giới hạn (%)", the uncapped value (for an
average: the average of uncapped values) — always filled, not only where it differs, so that a column sorts the
way the ranking sorts and an over-achievement (130 % shown as 100) is visible by comparing the two. This holds
for one target of one unit, for a unit's and a group's average and for the city's.
Cell comments (the page's tooltip) were tried and dropped: at 1,000 units a third of the values are over 100 %,
and 10,000 comments cost 40 % more time, 7 MB of memory growing with the city (openpyxl keeps comments until the
file is saved) and a slow file to open.
"""

from types import SimpleNamespace

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from campaigns.models import Campaign, ContentItem, Indicator
from common import xlsx
from common.collation import sort_key
from common.dates import short_date
from common.numbers import mean
from evaluation.scoring import BONUS, PENALTY, points_text
from groups.models import Group
from groups.wording import role_label
from pledges.models import Pledge, Target
from pledges.services import pledge_members, show_units_as_members
from pledges.sheets import write_member_line_sheet
from pledges.wording import target_words
from progress import attainment as rules
from progress import dashboards, services
from progress.models import Report
from progress.query import KINDS
from progress.wording import actual_text, average_notes, kind_label, report_state

from . import filenames

#: Percent values are numbers of percent (72.5 means 72.5 %), rounded once and shown with one decimal like the
#: pages (:data:`common.xlsx.PERCENT_FORMAT`).
PERCENT_FORMAT = xlsx.PERCENT_FORMAT

# Line names are cut in the matrix headers (the plan workbook has them in full).
HEADER_NAME_CHARS = 60


# --- small helpers ---------------------------------------------------------------------------------------


def percent_cell(ws, value, *, bold: bool = False, capped: bool = True):
    """A percentage holding the value as the page shows it (rounded once, one decimal); an attainment is capped
    at 100 % as the pages show it unless ``capped`` is false."""
    return xlsx.percent_cell(ws, rules.displayed(value) if capped else value, bold=bold)


_SAME = object()


def attainment_cells(ws, value, *, bold: bool = False, uncapped=_SAME) -> list:
    """An attainment as displayed (capped) and uncapped, side by side. An average passes its ``uncapped``
    average (its ``value`` is already an average of capped values)."""
    uncapped = value if uncapped is _SAME else uncapped
    return [percent_cell(ws, value, bold=bold), percent_cell(ws, uncapped, bold=bold, capped=False)]


def _status_text(status) -> str:
    return rules.status_label(status)


def _key_value_sheet(wb, title, pairs, taken, heading=None):
    """A small sheet of (label, cell maker) pairs: "Thông tin" of a workbook."""
    ws = xlsx.new_sheet(wb, title, [34, 90], taken=taken, heading=heading)
    ws.append(xlsx.header_row(ws, [_("Thông tin"), _("Nội dung")]))
    for label, make in pairs:
        ws.append([xlsx.text_cell(ws, label, bold=True), make(ws)])
    xlsx.close_sheet(ws)


def _text(value):
    return lambda ws: xlsx.text_cell(ws, value, wrap=True)


def _date(value):
    return lambda ws: xlsx.date_cell(ws, value)


def _number(value, number_format=None):
    return lambda ws: xlsx.number_cell(ws, value, number_format=number_format)


# --- the plan --------------------------------------------------------------------------------------------


def plan_workbook(campaign: Campaign) -> bytes:
    """The plan: "Thông tin" (year, title, number, issue date, theme…), "Nội dung thi đua", "Chỉ tiêu"
    (with the city's value as a number) and "Kỳ báo cáo". Three queries."""
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    heading = plan_heading(campaign)
    _key_value_sheet(wb, _("Thông tin"), [
        (_("Năm"), _number(campaign.year, "0")),
        (_("Tên kế hoạch"), _text(campaign.title)),
        (_("Số, ký hiệu văn bản"), _text(campaign.document_number)),
        (_("Cơ quan ban hành"), _text(campaign.issuing_authority)),
        (_("Ngày ban hành"), _date(campaign.issue_date)),
        (_("Chủ đề năm"), _text(campaign.theme)),
        (_("Trạng thái"), _text(campaign.get_status_display())),
        (_("Hạn ký kết giao ước thi đua"), _date(campaign.pledge_deadline)),
        (_("Sơ kết 6 tháng"), _date(campaign.mid_year_review_date)),
        (_("Tổng kết năm"), _date(campaign.year_end_review_date)),
    ], taken, heading)

    ws = xlsx.new_sheet(wb, _("Nội dung thi đua"), [6, 60, 90], taken=taken, heading=heading)
    ws.append(xlsx.header_row(ws, [_("STT"), _("Nội dung"), _("Diễn giải")]))
    for item in ContentItem.objects.filter(campaign=campaign).order_by("position"):
        ws.append([xlsx.count_cell(ws, item.position), xlsx.text_cell(ws, item.title, wrap=True),
                   xlsx.text_cell(ws, item.description, wrap=True)])

    ws = xlsx.new_sheet(wb, _("Chỉ tiêu"), [6, 12, 60, 14, 18, 28, 26, 10, 50], taken=taken,
                        heading=heading)
    ws.append(xlsx.header_row(ws, [_("STT"), _("Mã"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Chỉ tiêu thành phố"),
                                   _("Chiều đánh giá"), _("Lĩnh vực"), _("Trọng số"), _("Thuộc nội dung")]))
    indicators = (Indicator.objects.filter(campaign=campaign).select_related("content_item")
                  .order_by("position", "code"))
    for number, indicator in enumerate(indicators, start=1):
        item = indicator.content_item
        ws.append([
            xlsx.count_cell(ws, number),
            xlsx.text_cell(ws, indicator.code),
            xlsx.text_cell(ws, indicator.name, wrap=True),
            xlsx.text_cell(ws, indicator.measure_unit),
            xlsx.number_cell(ws, indicator.city_value),
            xlsx.text_cell(ws, indicator.get_direction_display()),
            xlsx.text_cell(ws, indicator.get_area_display()),
            xlsx.count_cell(ws, indicator.weight),
            xlsx.text_cell(ws, str(item) if item else None, wrap=True),
        ])

    ws = xlsx.new_sheet(wb, _("Kỳ báo cáo"), [6, 24, 16, 16], taken=taken, heading=heading)
    ws.append(xlsx.header_row(ws, [_("STT"), _("Kỳ báo cáo"), _("Ngày cuối kỳ"), _("Hạn nộp báo cáo")]))
    for number, period in enumerate(campaign.periods.order_by("end_date"), start=1):
        ws.append([xlsx.count_cell(ws, number), xlsx.text_cell(ws, period.name), xlsx.date_cell(ws, period.end_date),
                   xlsx.date_cell(ws, period.deadline)])
    return xlsx.workbook_bytes(wb)


def plan_heading(campaign: Campaign) -> str:
    """What every printed page of the plan's workbook says at its top."""
    return _("%(title)s – năm %(year)s") % {"title": campaign.title, "year": campaign.year}


def filename_for_plan(campaign: Campaign) -> str:
    """``ke-hoach-thi-dua-2024.xlsx``: the plan's PDF with another extension."""
    return filenames.plan_filename(campaign, filenames.XLSX)


# --- a pledge --------------------------------------------------------------------------------------------


def pledge_workbook(pledge: Pledge) -> bytes:
    """A pledge: "Thông tin", "Chỉ tiêu cam kết" (one row per member unit × line that applies to it, the
    committed value as a number, or "Không áp dụng" / "Cam kết hoàn thành") and "Chữ ký" (who signed for each
    unit, as what, when; then the members who have not signed yet). Five queries whatever the group's size."""
    pledge = Pledge.objects.select_related("group", "campaign").get(pk=pledge.pk)
    members = pledge_members(pledge)                        # as they signed, once opened for signing
    lines = list(pledge.lines.all())
    targets = {(t.line_id, t.unit_id): t for t in pledge.targets.only("line_id", "unit_id", "status", "value")}
    signatures = list(pledge.signatures.select_related("unit").order_by("signed_at", "pk"))
    show_units_as_members(members, *signatures)

    wb = xlsx.new_workbook()
    taken: set[str] = set()
    heading = str(pledge)
    _key_value_sheet(wb, _("Thông tin"), [
        (_("Tên giao ước"), _text(str(pledge))),
        (_("Cụm, khối"), _text(pledge.group.name)),
        (_("Kế hoạch"), _text(pledge.campaign.title)),
        (_("Phiên bản"), _number(pledge.version, "0")),
        (_("Lý do sửa đổi"), _text(pledge.amendment_reason)),
        (_("Trạng thái"), _text(pledge.get_status_display())),
        (_("Địa điểm ký kết"), _text(pledge.sign_place)),
        (_("Ngày ký kết dự kiến"), _date(pledge.sign_date)),
        (_("Hoàn tất ký kết lúc"), _date(pledge.signed_at)),
    ], taken, heading)

    write_member_line_sheet(wb, members, lines, targets, _committed_cell, taken=taken, heading=heading)

    ws = xlsx.new_sheet(wb, _("Chữ ký"), [6, 14, 40, 28, 28, 18, 12], frozen_columns=0, taken=taken,
                        heading=heading)
    ws.append(xlsx.header_row(ws, [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Người ký"), _("Chức vụ"),
                                   _("Thời điểm ký"), _("Trạng thái")]))
    signed_units = set()
    for number, signature in enumerate(signatures, start=1):
        signed_units.add(signature.unit_id)
        ws.append([xlsx.count_cell(ws, number), xlsx.text_cell(ws, signature.unit.code),
                   xlsx.text_cell(ws, signature.unit.name), xlsx.text_cell(ws, signature.signer_name),
                   xlsx.text_cell(ws, signature.signer_position), xlsx.date_cell(ws, signature.signed_at),
                   xlsx.text_cell(ws, _("Đã ký"))])
    number = len(signatures)
    for membership in members:
        if membership.unit_id in signed_units:
            continue
        number += 1
        ws.append([xlsx.count_cell(ws, number), xlsx.text_cell(ws, membership.unit.code),
                   xlsx.text_cell(ws, membership.unit.name), None, None, None, xlsx.text_cell(ws, _("Chưa ký"))])
    return xlsx.workbook_bytes(wb)


def _committed_cell(ws, target: Target | None, line):
    """The committed value as a number; in words (:func:`pledges.wording.target_words`: "Không áp dụng",
    "Cam kết hoàn thành") when it is not one; empty when not filled."""
    if target is None or target.status == Target.Status.EMPTY:
        return None
    words = target_words(line, target)
    return xlsx.text_cell(ws, words) if words else xlsx.number_cell(ws, target.value)


def filename_for_pledge(pledge: Pledge) -> str:
    """``giao-uoc-cum-thi-dua-cac-so-so-1-2024.xlsx``; an amendment ``…-2024-v2.xlsx``, as its PDF."""
    return filenames.pledge_filename(pledge, filenames.XLSX)


# --- progress of a period --------------------------------------------------------------------------------


def _group_ids(groups) -> set[int]:
    if hasattr(groups, "values_list"):
        return set(groups.values_list("pk", flat=True))
    return {group.pk for group in groups}


def _summary_totals(dashboard, rows, period) -> dict:
    """The totals row: the dashboard's headline figures when every group of the dashboard is in the workbook;
    for a narrower ``groups`` the same sums over its rows and the same average over its submitted reports."""
    if len(rows) == len(dashboard.rows):
        return {"submitted": dashboard.submitted, "expected": dashboard.expected, "behind": dashboard.behind,
                "late": dashboard.late_count, "average": dashboard.average, "status": dashboard.status,
                "uncapped": dashboard.uncapped}
    stats = (Report.objects.filter(period=period, status=Report.Status.SUBMITTED,
                                   group_id__in=[row.group.pk for row in rows])
             .aggregate(total=Sum("attainment"), measured=Count("attainment"),
                        uncapped=Sum("attainment_uncapped")))
    average, uncapped = mean(stats["total"], stats["measured"]), mean(stats["uncapped"], stats["measured"])
    return {"submitted": sum(r.submitted for r in rows), "expected": sum(r.expected for r in rows),
            "behind": sum(r.behind for r in rows), "late": sum(r.late for r in rows), "average": average,
            "status": rules.average_status(average, dashboard.share), "uncapped": uncapped}


def progress_heading(period, kind: str, what: str | None = None) -> str:
    """What a sheet of the progress or late-list workbook covers, on every printed page: the document, the plan's
    year, the period with its end date and the dashboard's filter ("các cụm thi đua")."""
    return _("%(what)s năm %(year)s – kỳ %(period)s (số liệu đến %(end)s) – %(kind)s") % {
        "what": what or _("Tiến độ thi đua"), "year": period.campaign.year, "period": period.name,
        "end": period.end_date.strftime("%d/%m/%Y"), "kind": kind_label(kind)}


def progress_workbook(campaign, period, groups, *, kind: str = "all", sort: str = "name", today=None) -> bytes:
    """The progress of the blocs and clusters at ``period``, as the city dashboard shows it.

    - "Tổng hợp": the city dashboard's group rows (for ``kind`` and ``sort``, limited to ``groups``, e.g.
      ``Group.objects.visible_to(user)``), then a totals row equal to the dashboard's headline figures;
    - "Thông tin": the period, its dates, the filter, the on-track mark and how the numbers are computed;
    - "Theo nội dung" and "Theo chỉ tiêu": the city dashboard's tables per content item and per indicator (the
      same aggregates, :func:`progress.dashboards.city_dashboard`), with the weights and report counts a content
      item's average is computed from;
    - one sheet per group: the members × targets matrix of :func:`progress.dashboards.group_dashboard` (per
      target the actual and the attainment, capped and uncapped; the unit's average), and the group's average
      row.

    Every sheet prints on A4 with the period and the filter at the top of each page. One group's matrix is in
    memory at a time. Queries: the city dashboard's six, one for ``groups``, seven per
    :data:`progress.dashboards.DASHBOARD_CHUNK` groups.
    """
    today = today or timezone.localdate()
    kind = kind if kind in KINDS else "all"
    dashboard = dashboards.city_dashboard(campaign, period, kind=kind, sort=sort, today=today)
    allowed = _group_ids(groups)
    rows = [row for row in dashboard.rows if row.group.pk in allowed]
    totals = _summary_totals(dashboard, rows, period)
    heading = progress_heading(period, kind)

    wb = xlsx.new_workbook()
    taken: set[str] = set()
    _write_summary(wb, taken, rows, totals, heading)
    kinds = dict([("all", _("Tất cả")), *Group.Kind.choices])
    _key_value_sheet(wb, _("Thông tin"), [
        (_("Kế hoạch"), _text(campaign.title)),
        (_("Kỳ báo cáo"), _text(period.name)),
        (_("Số liệu đến ngày"), _date(period.end_date)),
        (_("Hạn nộp báo cáo"), _date(period.deadline)),
        (_("Ngày lập bảng"), _date(today)),
        (_("Loại cụm, khối"), _text(str(kinds[kind]))),
        (_("Số cụm, khối"), _number(len(rows))),
        (_("Mốc đúng tiến độ (%)"), lambda ws: xlsx.percent_cell(ws, dashboard.share * 100)),
        (_("Ngưỡng chậm tiến độ (%)"), lambda ws: xlsx.percent_cell(ws, dashboard.threshold)),
        (_("Nộp muộn"), _text(_("Tính từ ngày sau hạn nộp.") if dashboard.is_past_deadline
                              else _("Chưa đến hạn nộp: chưa có đơn vị nộp muộn."))),
        (_("Cách tính"), _text(_(
            "Mức đạt là phần trăm so với giá trị cam kết. Cột “Mức đạt (%)” ghi tối đa 100 % như trên trang tiến "
            "độ, và mọi mức đạt trung bình, đánh giá tính mỗi chỉ tiêu tối đa 100 %; cột “Mức đạt chưa giới hạn "
            "(%)” bên cạnh ghi mức đạt thực tế (có thể trên 100 %), chỉ dùng để xếp hạng. Mức đạt trung bình chỉ "
            "tính các báo cáo đã nộp."))),
        (_("Mức đạt trung bình"), _text(average_notes("city"))),
        (_("Trang của mỗi cụm, khối"), _text(
            average_notes("group") + " " + _("Trọng số khác 1 được ghi trong tiêu đề cột của chỉ tiêu.")))
    ], taken, heading)
    _write_content_items(wb, taken, dashboard, heading)
    _write_indicators(wb, taken, dashboard, heading)
    words = _Words()
    for group_dashboard in dashboards.group_dashboards([row.group for row in rows], period, today=today):
        _write_group_sheet(wb, taken, group_dashboard, heading, words)
    return xlsx.workbook_bytes(wb)


def _write_content_items(wb, taken, dashboard, heading) -> None:
    """The dashboard's "Theo nội dung thi đua" table: each content item's average (Σ average × reports × weight
    of its indicators / Σ reports × weight, from the "Theo chỉ tiêu" sheet) and status."""
    ws = xlsx.new_sheet(wb, _("Theo nội dung"), [6, 70, 16, 16], taken=taken, heading=heading)
    ws.append(xlsx.header_row(ws, [_("STT"), _("Nội dung thi đua"), _("Mức đạt trung bình (%)"), _("Tình trạng")]))
    for item, average, status in dashboard.content_items:
        ws.append([xlsx.count_cell(ws, item.position), xlsx.text_cell(ws, item.title, wrap=True),
                   percent_cell(ws, average), xlsx.text_cell(ws, _status_text(status))])
    xlsx.close_sheet(ws)


def _write_indicators(wb, taken, dashboard, heading) -> None:
    """The dashboard's "Tất cả chỉ tiêu" table, in the plan's order: each indicator's average over the submitted
    reports (each value at most 100 %), its status, how many reports measured it, its weight and content item."""
    ws = xlsx.new_sheet(wb, _("Theo chỉ tiêu"), [6, 12, 60, 16, 16, 12, 10, 8], frozen_columns=3, taken=taken,
                        heading=heading)
    ws.append(xlsx.header_row(ws, [_("STT"), _("Mã"), _("Chỉ tiêu"), _("Mức đạt trung bình (%)"), _("Tình trạng"),
                                   _("Số báo cáo"), _("Trọng số"), _("Nội dung")]))
    for number, indicator in enumerate(dashboard.all_indicators, start=1):
        name = indicator.name
        if indicator.direction == rules.LOWER:
            name += " – " + _("càng thấp càng tốt")
        item = indicator.content_item
        ws.append([xlsx.count_cell(ws, number), xlsx.text_cell(ws, indicator.code), xlsx.text_cell(ws, name, wrap=True),
                   percent_cell(ws, indicator.average), xlsx.text_cell(ws, _status_text(indicator.status)),
                   xlsx.count_cell(ws, indicator.reports), xlsx.count_cell(ws, indicator.weight),
                   xlsx.count_cell(ws, item.position) if item else None])
    xlsx.close_sheet(ws)


# Marked for translation here, translated where written.
SUMMARY_HEADERS = [N_("STT"), N_("Cụm, khối"), N_("Loại"), N_("Số đơn vị"), N_("Giao ước"), N_("Đã nộp"),
                   N_("Phải nộp"), N_("Tỷ lệ nộp (%)"), N_("Mức đạt trung bình (%)"),
                   N_("Mức đạt trung bình chưa giới hạn (%)"), N_("Tình trạng"), N_("Đơn vị chậm"), N_("Nộp muộn")]


def _rate(submitted, expected):
    """Reports submitted per hundred expected, rounded as every percentage."""
    return mean(submitted * 100, expected)


def _write_summary(wb, taken, rows, totals, heading) -> None:
    ws = xlsx.new_sheet(wb, _("Tổng hợp"), [6, 44, 14, 10, 14, 10, 10, 10, 14, 16, 16, 10, 10], frozen_columns=2,
                        header_height=48, taken=taken, heading=heading)
    ws.append(xlsx.header_row(ws, [_(title) for title in SUMMARY_HEADERS]))
    for number, row in enumerate(rows, start=1):
        ws.append([
            xlsx.count_cell(ws, number),
            xlsx.text_cell(ws, row.group.name),
            xlsx.text_cell(ws, row.group.get_kind_display()),
            xlsx.count_cell(ws, row.members),
            xlsx.text_cell(ws, _("Đã ký kết") if row.signed else _("Chưa ký kết")),
            xlsx.count_cell(ws, row.submitted),
            xlsx.count_cell(ws, row.expected),
            percent_cell(ws, _rate(row.submitted, row.expected), capped=False),
            *attainment_cells(ws, row.average, uncapped=row.uncapped),
            xlsx.text_cell(ws, _status_text(row.status)),
            xlsx.count_cell(ws, row.behind),
            xlsx.count_cell(ws, row.late),
        ])
    rate = _rate(totals["submitted"], totals["expected"])
    ws.append([
        None,
        xlsx.text_cell(ws, _("Tổng cộng"), bold=True),
        None,
        xlsx.count_cell(ws, sum(r.members for r in rows), bold=True),
        xlsx.text_cell(ws, _("%(signed)s/%(total)s đã ký kết") % {
            "signed": sum(1 for r in rows if r.signed), "total": len(rows)}, bold=True),
        xlsx.count_cell(ws, totals["submitted"], bold=True),
        xlsx.count_cell(ws, totals["expected"], bold=True),
        percent_cell(ws, rate, capped=False, bold=True),
        *attainment_cells(ws, totals["average"], bold=True, uncapped=totals["uncapped"]),
        xlsx.text_cell(ws, _status_text(totals["status"]), bold=True),
        xlsx.count_cell(ws, totals["behind"], bold=True),
        xlsx.count_cell(ws, totals["late"], bold=True),
    ])
    xlsx.close_sheet(ws)


#: The columns before the targets in a group sheet; the unit's code and name stay in view.
MATRIX_LEAD = [N_("STT"), N_("Mã đơn vị"), N_("Đơn vị"), N_("Vai trò"), N_("Báo cáo"), N_("Nộp lúc"),
               N_("Nộp muộn")]
MATRIX_LEAD_WIDTHS = [6, 12, 36, 11, 14, 16, 10]
MATRIX_TAIL = [N_("Mức đạt trung bình (%)"), N_("Mức đạt trung bình chưa giới hạn (%)"), N_("Tình trạng")]


def _line_header(line) -> str:
    name = line.name if len(line.name) <= HEADER_NAME_CHARS else line.name[:HEADER_NAME_CHARS - 1] + xlsx.ELLIPSIS
    text = f"{line.code} – {name}"
    if line.measure_unit:
        text += f" ({line.measure_unit})"
    if line.direction == rules.LOWER:
        text += " – " + _("càng thấp càng tốt")
    if line.weight != 1:
        text += " – " + _("trọng số %(weight)s") % {"weight": line.weight}
    return text + "\n" + _("Thực hiện")


def _line_headers(line) -> list[str]:
    return [_line_header(line), f"{line.code}\n" + _("Mức đạt (%)"),
            f"{line.code}\n" + _("Mức đạt chưa giới hạn (%)")]


class _Words(dict):
    """Words computed once per workbook, not once per cell: ``words[function, *arguments]`` is
    ``function(*arguments)``, kept (a city workbook words 1,000 rows' role, report state and status and 1,890 line
    headers: a third of them gettext calls otherwise)."""

    def __missing__(self, key):
        function, *arguments = key
        value = self[key] = function(*arguments)
        return value


def _line_headers_of(code, name, measure_unit, direction, weight) -> list[str]:
    """The three headers of a line's columns, from the fields they word (the same in every group's pledge)."""
    return _line_headers(SimpleNamespace(code=code, name=name, measure_unit=measure_unit, direction=direction,
                                         weight=weight))


def _write_group_sheet(wb, taken, gd, heading, words=None) -> None:
    words = _Words() if words is None else words
    lines = gd.lines
    widths = MATRIX_LEAD_WIDTHS + [18, 10, 12] * len(lines) + [14, 16, 14]
    ws = xlsx.new_sheet(wb, gd.group.name, widths, frozen_columns=3, header_height=80, taken=taken,
                        heading=gd.group.name + " – " + heading)
    headers = [_(title) for title in MATRIX_LEAD]
    for line in lines:
        headers += words[_line_headers_of, line.code, line.name, line.measure_unit, line.direction, line.weight]
    ws.append(xlsx.header_row(ws, headers + [_(title) for title in MATRIX_TAIL]))

    no_pledge = gd.pledge is None
    # Each text once per sheet, not once per cell (30,000 cells in a city).
    not_applicable, late = _("Không áp dụng"), _("Quá hạn")
    kind = gd.group.kind
    text_cell, count_cell, date_cell = xlsx.text_cell, xlsx.count_cell, xlsx.date_cell
    for number, row in enumerate(gd.rows, start=1):
        membership = row.membership
        status_text = _("Chưa ký kết giao ước") if no_pledge else words[report_state, row.report_status]
        submitted = row.submitted
        cells = [
            count_cell(ws, number),
            text_cell(ws, membership.unit.code),
            text_cell(ws, membership.unit.name),
            text_cell(ws, words[role_label, membership.role, kind]),
            text_cell(ws, status_text),
            date_cell(ws, row.report.submitted_at if submitted else None),
            text_cell(ws, late if row.late else None),
        ]
        for cell in row.cells:
            cells += _matrix_cells(ws, cell, submitted, not_applicable, words)
        cells += [*attainment_cells(ws, row.average, uncapped=row.report.attainment_uncapped if submitted
                                    else None),
                  text_cell(ws, words[_status_text, row.status])]
        ws.append(cells)

    footer = [None, None, xlsx.text_cell(ws, _("Trung bình cụm, khối"), bold=True), None,
              xlsx.text_cell(ws, _("%(submitted)s/%(total)s đã nộp") % {
                  "submitted": gd.submitted, "total": len(gd.rows)}, bold=True),
              None, xlsx.count_cell(ws, len(gd.late), bold=True) if gd.is_past_deadline else None]
    for (_line, average, _status), uncapped in zip(gd.column_averages, gd.column_uncapped, strict=True):
        footer += [None, *attainment_cells(ws, average, bold=True, uncapped=uncapped)]
    footer += [*attainment_cells(ws, gd.average, bold=True, uncapped=gd.uncapped),
               xlsx.text_cell(ws, _status_text(gd.status), bold=True)]
    ws.append(footer)
    xlsx.close_sheet(ws)


_EMPTY_CELLS = (None, None, None)


def _matrix_cells(ws, cell, submitted: bool, not_applicable: str, words=None):
    """The actual and the attainment (capped, uncapped) of one member × line; ``not_applicable`` ("Không áp
    dụng") when the line does not apply to the unit or the unit committed nothing on it; empty when the report is
    not submitted."""
    if not submitted:
        return _EMPTY_CELLS
    if not cell.applies or cell.value is None:
        return [xlsx.text_cell(ws, not_applicable), None, None]
    value = cell.value
    if value["direction"] == rules.DONE:
        done = words[_done_text, value["done"]] if words is not None else _done_text(value["done"])
        actual = xlsx.text_cell(ws, done or None)
    else:
        places = value.get("places")
        actual = xlsx.number_cell(ws, value["actual"],
                                  number_format=None if places is None else xlsx.places_format(places))
    attainment = value["attainment"]
    return [actual, xlsx.percent_cell(ws, rules.displayed(attainment)), xlsx.percent_cell(ws, attainment)]


def _done_text(done) -> str:
    return actual_text(rules.DONE, done=done)


def filename_for_progress(campaign, period, kind: str = "all") -> str:
    """``tien-do-2024-6-thang.xlsx``; ``tien-do-khoi-thi-dua-2024-6-thang.xlsx`` for the blocs only."""
    return filenames.city_progress_filename(campaign, period, kind)


# --- the late list ---------------------------------------------------------------------------------------


def late_workbook(period, groups, *, kind: str = "all", today=None) -> bytes:
    """The units of ``groups`` whose report of ``period`` is late (:func:`progress.services.late_units`: from
    the day after the deadline, members of a group with a signed pledge whose report is not submitted): group,
    unit, role, the report's status, the deadline, days late. Three queries."""
    today = today or timezone.localdate()
    allowed = _group_ids(groups)
    late = [m for m in services.late_units(period, today) if m.group_id in allowed]
    statuses = dict(Report.objects.filter(period=period).exclude(status=Report.Status.SUBMITTED)
                    .values_list("unit_id", "status"))
    days = (today - period.deadline).days

    wb = xlsx.new_workbook()
    ws = xlsx.new_sheet(wb, _("Nộp muộn"), [6, 40, 12, 40, 11, 18, 14, 12], frozen_columns=0,
                        heading=progress_heading(period, kind, _("Đơn vị nộp báo cáo muộn")))
    ws.append(xlsx.header_row(ws, [_("STT"), _("Cụm, khối"), _("Mã đơn vị"), _("Đơn vị"), _("Vai trò"),
                                   _("Trạng thái báo cáo"), _("Hạn nộp"), _("Số ngày muộn")]))
    for number, membership in enumerate(late, start=1):
        ws.append([
            xlsx.count_cell(ws, number),
            xlsx.text_cell(ws, membership.group.name),
            xlsx.text_cell(ws, membership.unit.code),
            xlsx.text_cell(ws, membership.unit.name),
            xlsx.text_cell(ws, role_label(membership.role, membership.group.kind)),
            xlsx.text_cell(ws, report_state(statuses.get(membership.unit_id))),
            xlsx.date_cell(ws, period.deadline),
            xlsx.count_cell(ws, days),
        ])
    if not late:
        if today <= period.deadline:
            note = _("Hạn nộp báo cáo kỳ %(name)s là ngày %(deadline)s; danh sách đơn vị nộp muộn được lập từ "
                     "ngày hôm sau.")
        else:
            note = _("Không có đơn vị nào nộp muộn báo cáo kỳ %(name)s.")
        ws.append([None, xlsx.text_cell(ws, note % {"name": period.name,
                                                    "deadline": period.deadline.strftime("%d/%m/%Y")})])
    return xlsx.workbook_bytes(wb)


def filename_for_late(period, kind: str = "all") -> str:
    """``nop-muon-2024-6-thang.xlsx``; ``nop-muon-cum-thi-dua-2024-6-thang.xlsx`` for the clusters only."""
    return filenames.late_filename(period, kind)


# --- the year's evaluation results ------------------------------------------------------------------------

#: Points as the pages word them (:func:`evaluation.scoring.points_text`): always two decimals.
POINTS_FORMAT = xlsx.places_format(2)
RESULTS_LEAD = [N_("Mã đơn vị"), N_("Đơn vị")]
RESULTS_TAIL = [N_("Tổng điểm"), N_("Xếp loại"), N_("Hạng"), N_("Tiêu chí làm hạ loại")]
RESULTS_TITLE_ROWS = 2           # the group and the state of its results, above the two header rows


def results_heading(campaign) -> str:
    return _("Kết quả chấm điểm, xếp loại thi đua năm %(year)s") % {"year": campaign.year}


def results_state(evaluation, published: bool) -> str:
    if published:
        return _("Đã công bố kết quả ngày %(date)s.") % {"date": short_date(evaluation.published_at)}
    return _("Chưa công bố: điểm tạm tính theo số liệu hiện có.")


def _empty_workbook(wb, title: str, heading: str, message: str) -> bytes:
    """A workbook with nothing to list yet: one sheet that says so under its heading."""
    ws = xlsx.new_sheet(wb, title, [90], taken=set(), heading=heading)
    ws.append([xlsx.text_cell(ws, heading, bold=True)])
    ws.append([xlsx.text_cell(ws, message)])
    return xlsx.workbook_bytes(wb)


def evaluation_workbook(campaign) -> bytes:
    """Every group of the year that opened its evaluation (blocs, then clusters, by name), a sheet each: one row
    per member in rank order, a column per row of the group's table in force (its code over its name; sections
    and criteria show the sum of their rows), then the total, class and rank — the numbers of the group's
    results page, read from the same :func:`evaluation.display.results_table` and worded by the same functions.
    Two queries, and the results page's for each group."""
    from evaluation import display
    from evaluation.models import Evaluation, ScoringTable

    evaluations = sorted(Evaluation.objects.filter(group__campaign=campaign).select_related("group__campaign"),
                         key=lambda e: (e.group.kind, sort_key(e.group.name)))
    tables = list(ScoringTable.objects.filter(campaign=campaign).prefetch_related("criteria")) if evaluations else []
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    heading = results_heading(campaign)
    if not evaluations:
        return _empty_workbook(wb, _("Kết quả chấm điểm"), heading, _("Năm này chưa có cụm, khối nào mở chấm điểm."))
    by_pk = {table.pk: table for table in tables}
    for evaluation in evaluations:
        results = display.results_table(evaluation)
        rows = results["result_rows"]
        table = display.table_in_force(tables, evaluation.group) or (by_pk.get(rows[0].sheet.table_id) if rows
                                                                     else None)
        criteria = [row for row, _depth, _leaf in display.ordered(list(table.criteria.all()))] if table else []
        _write_results_sheet(wb, taken, evaluation, results, criteria, heading)
    return xlsx.workbook_bytes(wb)


def _write_results_sheet(wb, taken, evaluation, results, criteria, heading) -> None:
    from evaluation.display import class_label, held_back_text

    group = evaluation.group
    widths = [12, 36] + [12] * len(criteria) + [12, 20, 8, 36]
    ws = xlsx.new_sheet(wb, group.name, widths, taken=taken, heading=group.name + " – " + heading)
    header_rows = RESULTS_TITLE_ROWS + 2
    xlsx.freeze_below_header(ws, header_rows, columns=2)
    ws.row_dimensions[header_rows].height = 120  # the criteria's names, wrapped in their narrow columns
    ws.append([xlsx.text_cell(ws, group.name + " – " + heading, bold=True)])
    ws.append([xlsx.text_cell(ws, results_state(evaluation, results["published"]))])
    ws.append(xlsx.header_row(ws, [_(RESULTS_LEAD[0]), _(RESULTS_LEAD[1])] + [row.code for row in criteria]
                              + [_(title) for title in RESULTS_TAIL]))
    names = [_("%(name)s (tối đa %(max)s)") % {"name": _criterion_name(row), "max": points_text(row.max_points)}
             for row in criteria]
    ws.append(xlsx.header_row(ws, ["", ""] + names + ["", "", "", ""]))
    for r in results["result_rows"]:
        unit = r.sheet.unit
        ws.append([
            xlsx.text_cell(ws, unit.code),
            xlsx.text_cell(ws, unit.name),
            *[xlsx.number_cell(ws, r.points.get(row.code), number_format=POINTS_FORMAT) for row in criteria],
            xlsx.number_cell(ws, r.total, number_format=POINTS_FORMAT, bold=True),
            xlsx.text_cell(ws, class_label(r.grade)),
            xlsx.count_cell(ws, r.rank),
            xlsx.text_cell(ws, held_back_text(r.held_back_by) or None),
        ])
    if not results["result_rows"]:
        ws.append([None, xlsx.text_cell(ws, _("Cụm, khối chưa có phiếu chấm điểm."))])
    xlsx.close_sheet(ws)


def _criterion_name(row) -> str:
    """A bonus or penalty row says so before its name: its points add to, or come off, the total."""
    if row.kind == BONUS:
        return _("Điểm cộng: %(name)s") % {"name": row.name}
    if row.kind == PENALTY:
        return _("Điểm trừ: %(name)s") % {"name": row.name}
    return row.name


# --- the city's award proposals ----------------------------------------------------------------------------------

PROPOSAL_HEADERS = [N_("STT"), N_("Đơn vị"), N_("Cụm, khối"), N_("Tổng điểm"), N_("Xếp loại"), N_("Hạng"),
                    N_("Số phiếu"), N_("Đăng ký"), N_("Vấn đề cần xem"), N_("Kết quả xét")]
PROPOSAL_TITLE_ROWS = 1          # the title and year, above the header row


def proposals_heading(campaign) -> str:
    return _("Đề nghị khen thưởng năm %(year)s") % {"year": campaign.year}


def proposals_workbook(campaign) -> bytes:
    """A sheet per collective title that has proposals: the rows of the city list (:func:`awards.proposals.
    title_lists`, the page's own function and wording) with the quotas the title exceeds under them."""
    from awards import proposals as award_rules

    lists = [tl for tl in award_rules.title_lists(campaign, award_rules.collective_titles(campaign)) if tl.rows]
    wb = xlsx.new_workbook()
    taken: set[str] = set()
    heading = proposals_heading(campaign)
    if not lists:
        return _empty_workbook(wb, _("Đề nghị khen thưởng"), heading, _("Năm này chưa có đề nghị khen thưởng nào."))
    for title_list in lists:
        sheet_heading = title_list.title.name + " – " + heading
        ws = xlsx.new_sheet(wb, title_list.title.name, [6, 36, 30, 11, 20, 7, 16, 14, 50, 36], taken=taken,
                            heading=sheet_heading)
        xlsx.freeze_below_header(ws, PROPOSAL_TITLE_ROWS + 1, columns=2)
        ws.append([xlsx.text_cell(ws, sheet_heading, bold=True)])
        ws.append(xlsx.header_row(ws, [_(title) for title in PROPOSAL_HEADERS]))
        for number, row in enumerate(title_list.rows, start=1):
            ws.append([
                xlsx.count_cell(ws, number),
                xlsx.text_cell(ws, row.unit.name),
                xlsx.text_cell(ws, row.group.name),
                xlsx.number_cell(ws, row.total, number_format=POINTS_FORMAT),
                xlsx.text_cell(ws, row.grade_text or None),
                xlsx.count_cell(ws, row.rank),
                xlsx.text_cell(ws, row.votes_text or None),
                xlsx.text_cell(ws, row.registered_text),
                xlsx.text_cell(ws, " ".join(row.all_problems) or None, wrap=True),
                xlsx.text_cell(ws, row.decision_text),
            ])
        for text in title_list.quota_problems:
            ws.append([None, xlsx.text_cell(ws, text)])
        xlsx.close_sheet(ws)
    return xlsx.workbook_bytes(wb)
