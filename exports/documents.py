"""The printed documents: the year's plan (kế hoạch), a group's pledge (giao ước thi đua) and a group's progress
report for a period (báo cáo tiến độ), in the administrative format of Decree 30/2020/NĐ-CP.

Each ``*_pdf`` function loads what its document shows in a fixed number of queries, whatever the size of the
group, builds the cells of the big tables in Python (a template include per cell is what makes big documents
slow), and hands a context to a template under ``exports/pdf/``. The ``*_context`` functions are public so the
same document can be looked at as HTML (:func:`exports.pdf.render_html`).

The decree's vocabulary (header, motto, place and date, signature block, recipients) is in
:mod:`exports.decree30`; every value is worded by its app's ``wording`` module (:mod:`pledges.wording`,
:mod:`progress.wording`, :mod:`groups.wording`), the same functions the pages and the workbooks use; the file
names come from :mod:`exports.filenames`.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import Campaign, Indicator
from common.dates import local_date, short_date
from common.numbers import format_number
from evaluation.scoring import BONUS, PENALTY
from groups.models import Group, Membership
from groups.wording import role_label as role_words
from pledges import services as pledge_services
from pledges.models import Pledge, PledgeLine, Target
from pledges.wording import target_text as committed_text
from progress.attainment import status_label
from progress.dashboards import group_dashboard
from progress.templatetags.charts import percent_text
from progress.wording import actual_text, average_notes, report_state

from .decree30 import (
    BLANK_NUMBER,
    PEOPLES_COMMITTEE,
    PEOPLES_COMMITTEE_SHORT,
    Header,
    Signer,
    authority_lines,
    decree_date,
    keep_words,
    legal_basis_text,
    number_text,
    plan_symbol,
    short_authority,
    subject_of,
    upper,
)
from .filenames import group_progress_filename, plan_filename, pledge_filename
from .pdf import ISSUER_COLUMN_MM, PAGE_TEXT_WIDTH_MM, break_lines, render_pdf, render_pdfs

ISSUER_PT = 13                   # the issuer's name in the header (``.issuer`` in base.html)
SUBJECT_PT = 14                  # the subject under the document's type (``.doc-subject``)

ANNEX_MEMBER_COLUMNS = 8         # member columns that fit a landscape page next to the line's name and unit





# --- file names ----------------------------------------------------------------------------------------------


def filename_for(document, period=None) -> str:
    """The download name of a campaign's plan, a pledge, or a group's progress at ``period``."""
    if isinstance(document, Campaign):
        return plan_filename(document)
    if isinstance(document, Pledge):
        return pledge_filename(document)
    if isinstance(document, Group) and period is not None:
        return group_progress_filename(document, period)
    raise TypeError(f"No PDF document for {document!r}")


# --- parts shared by the documents ---------------------------------------------------------------------------


@dataclass
class Table:
    """A members × lines table of an annex, for one slice of the members (a landscape page holds a few)."""

    columns: list                    # memberships
    rows: list = field(default_factory=list)     # [(line, label, city value text, [cell, …]), …]
    footer: list | None = None       # a cell per column under the rows, if any


def slices(items: list, size: int) -> list[list]:
    """``items`` in balanced slices of at most ``size``: with 8, 15 members → 8 + 7 and 9 → 5 + 4 (not 8 + 1)."""
    if not items:
        return []
    count = math.ceil(len(items) / size)
    width = math.ceil(len(items) / count)
    return [items[i:i + width] for i in range(0, len(items), width)]


def issuer_lines(lines: list[str]) -> list[str]:
    """The issuer's name in the header's column, each line broken between words only."""
    return [part for line in lines for part in break_lines(upper(keep_words(line)), ISSUER_COLUMN_MM, ISSUER_PT)]


def subject_lines(subject: str) -> list[str]:
    """The subject under the document's type, broken between words only: the rule under it is measured on
    its widest line."""
    return break_lines(keep_words(subject), PAGE_TEXT_WIDTH_MM, SUBJECT_PT)


def group_issuer(group: Group, campaign: Campaign) -> tuple[list[str], list[str]]:
    """The header of a group's document: the city's committee (abbreviated) over the group's name in capitals,
    which wraps between words, never inside a name."""
    governing = short_authority(campaign.issuing_authority)
    return ([governing] if governing else []), issuer_lines([group.name])


def plan_signer(campaign: Campaign) -> Signer:
    """The plan's signature block as entered on its form: authority, capacity (none when the head signs),
    position and full name."""
    return Signer([campaign.signer_authority], campaign.signer_capacity, campaign.signer_position,
                  campaign.signer_name.strip())


def group_recipients() -> list[str]:
    return [
        _("Ban Thi đua - Khen thưởng thành phố (Sở Nội vụ);"),
        _("Các đơn vị thành viên;"),
        _("Lưu: VT."),
    ]


def role_label(membership: Membership, group: Group) -> str:
    """"Khối trưởng", "Cụm phó"… (:func:`groups.wording.role_label`); a document names leaders and deputies
    only, a plain member's role is left unsaid."""
    if membership.role == Membership.Role.MEMBER:
        return ""
    return role_words(membership.role, group.kind)


def line_label(line: PledgeLine) -> str:
    """The line's name with what the reader must know to read its numbers."""
    label = line.name
    if line.unit_id:
        label += " " + _("(chỉ tiêu riêng của %(unit)s)") % {"unit": line.unit.display_name}
    return label


def city_value_text(direction: str, value) -> str:
    return _("Hoàn thành") if direction == Indicator.Direction.DONE else format_number(value)


# --- the plan --------------------------------------------------------------------------------------------


def plan_context(campaign: Campaign) -> dict:
    """Four queries: legal bases, content items, indicators, periods."""
    authority = issuer_lines(authority_lines(campaign.issuing_authority))
    committee = upper(campaign.issuing_authority).startswith(PEOPLES_COMMITTEE)
    issuer_phrase = ""
    if committee:
        # "Ủy ban nhân dân thành phố ban hành Kế hoạch … như sau:" closes the legal bases.
        rest = upper(campaign.issuing_authority)[len(PEOPLES_COMMITTEE):].strip()
        for level in ("THÀNH PHỐ", "TỈNH", "QUẬN", "HUYỆN", "THỊ XÃ", "PHƯỜNG", "XÃ"):
            if rest.startswith(level):
                issuer_phrase = _("Ủy ban nhân dân %(level)s") % {"level": level.lower()}
                break
    indicators = list(campaign.indicators.all())
    return {
        "document_title": campaign.title,
        "draft": campaign.status == Campaign.Status.DRAFT,
        "campaign": campaign,
        "header": Header(
            governing_body=[upper(campaign.governing_body)] if campaign.governing_body.strip() else [],
            issuer=authority,
            number=number_text(campaign.document_number, plan_symbol(campaign.issuing_authority)),
            place_date=decree_date(campaign.issue_place, campaign.issue_date, campaign.year),
        ),
        "subject": subject_lines(subject_of(campaign.title, _("Kế hoạch"))),
        "legal_bases": [legal_basis_text(b.text) for b in campaign.legal_bases.all()],
        "issuer_phrase": issuer_phrase,
        "purpose": [p.strip() for p in campaign.purpose.split("\n") if p.strip()],
        "content_items": list(campaign.content_items.all()),
        "indicators": [(i, city_value_text(i.direction, i.city_value)) for i in indicators],
        "periods": [(p, short_date(p.end_date), short_date(p.deadline)) for p in campaign.periods.all()],
        "pledge_deadline": short_date(campaign.pledge_deadline),
        "mid_year_review": short_date(campaign.mid_year_review_date),
        "year_end_review": short_date(campaign.year_end_review_date),
        "signer": plan_signer(campaign),
        "recipients": [
            _("Ban Thi đua - Khen thưởng Trung ương;"),
            _("Thường trực Thành ủy, Thường trực HĐND thành phố;"),
            _("Chủ tịch, các Phó Chủ tịch UBND thành phố;"),
            _("Các sở, ban, ngành, đoàn thể thành phố;"),
            _("UBND các quận, huyện, phường, xã;"),
            _("Các cụm, khối thi đua của thành phố;"),
            _("Lưu: VT, SNV."),
        ],
    }


def plan_pdf(campaign: Campaign) -> bytes:
    """The year's plan as issued (or with a DỰ THẢO watermark while it is a draft)."""
    return render_pdf("exports/pdf/plan.html", plan_context(campaign))


# --- a pledge --------------------------------------------------------------------------------------------


@dataclass
class SignatureCell:
    """A member's cell of the pledge's signature grid, fit for ink and seal as well as for the e-signature it
    records: the unit (wrapping between words only), its role, the capacity line where the signer is not the
    head, the position, room to sign and seal, the name, and the day it was signed in the system."""

    unit_name: str
    role: str
    capacity: str
    position: str
    signer_name: str
    signed_on: str               # dd/mm/yyyy, empty while the member has not signed


SIGNATURES_PER_ROW = 2           # two cells a row: wide enough for a unit's name and a seal beside the signature


def target_text(line: PledgeLine, membership: Membership, target: Target | None) -> str:
    """One cell of the annex: the committed value as the members signed it (:func:`pledges.wording.target_text`);
    "–" where the line is another unit's own."""
    if not line.applies_to(membership.unit_id):
        return "–"
    return committed_text(line, target)


def pledge_context(pledge: Pledge) -> dict:
    """Six queries whatever the size of the group: the pledge with its group and plan, the members, the lines,
    the targets, the signatures and the commitments."""
    pledge = Pledge.objects.select_related("group", "campaign").get(pk=pledge.pk)
    group, campaign = pledge.group, pledge.campaign
    members = pledge_services.pledge_members(pledge)        # as they signed, once opened for signing
    lines = list(pledge.lines.select_related("unit"))
    pledge_services.show_units_as_members(members, *lines)
    targets = {(t.line_id, t.unit_id): t for t in pledge.targets.all()}
    signatures = {s.unit_id: s for s in pledge.signatures.all()}

    tables = []
    for columns in slices(members, ANNEX_MEMBER_COLUMNS):
        table = Table(columns)
        for line in lines:
            cells = [target_text(line, m, targets.get((line.pk, m.unit_id))) for m in columns]
            # Words are centred, numbers aligned right.
            cells = [(text, "cell" if text[:1].isdigit() or text[:1] == "-" else "word") for text in cells]
            table.rows.append((line, line_label(line), city_value_text(line.direction, line.city_value), cells))
        tables.append(table)

    cells = []
    for membership in members:
        signature = signatures.get(membership.unit_id)
        cells.append(SignatureCell(
            unit_name=upper(keep_words(membership.unit.name)), role=role_label(membership, group),
            capacity=upper(signature.signer_capacity) if signature else "",
            position=upper(signature.signer_position) if signature else "",
            signer_name=signature.signer_name if signature else "",
            signed_on=short_date(signature.signed_at) if signature else "",
        ))
    per_row = SIGNATURES_PER_ROW
    signature_rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]

    governing, issuer = group_issuer(group, campaign)
    # Dated the day the last member signed; before that, the day planned for signing (or left blank).
    dated = local_date(pledge.signed_at) if pledge.is_signed else pledge.sign_date
    group.campaign = campaign                    # the same plan, already loaded
    default_title = pledge_services.default_title(group)
    return {
        "document_title": pledge.title,
        "draft": not pledge.is_signed,
        "pledge": pledge,
        "group": group,
        "campaign": campaign,
        "header": Header(
            governing_body=governing, issuer=issuer,
            number=number_text(pledge.document_number, pledge.document_symbol)
            if (pledge.document_number.strip() or pledge.document_symbol.strip()) else "",
            place_date=decree_date(pledge.sign_place or campaign.issue_place, dated, campaign.year),
        ),
        "doc_type": _("GIAO ƯỚC THI ĐUA NĂM %(year)s") % {"year": campaign.year},
        "subject": subject_lines(group.name if pledge.title.strip() == default_title else pledge.title),
        "amendment": pledge.version - 1 if pledge.version > 1 else None,
        "legal_bases": [legal_basis_text(t) for t in pledge.legal_bases.splitlines() if t.strip()],
        "purpose": [p.strip() for p in pledge.purpose.split("\n") if p.strip()],
        "commitments": list(pledge.commitments.all()),
        "tables": tables,
        "signature_rows": signature_rows,
        "signature_width": f"{100 / per_row:.4f}%",
        "member_count": len(members),
        "recipients": group_recipients(),
    }


def pledge_pdf(pledge: Pledge) -> bytes:
    """A version of a group's pledge with one signature cell per member and the members' targets in an annex;
    DỰ THẢO across every page until every member has signed."""
    return render_pdf("exports/pdf/pledge.html", pledge_context(pledge))


def pledges_pdf(pledges: list[Pledge], title: str, done=lambda n: None) -> bytes:
    """Several pledges in one PDF (the year's pledges of the city), each as :func:`pledge_pdf` prints it, with
    a bookmark per group; one document, so each font is one subset (:func:`exports.pdf.render_pdfs`)."""
    return render_pdfs((("exports/pdf/pledge.html", pledge_context(pledge)) for pledge in pledges), title, done)


# --- a group's progress at a period ----------------------------------------------------------------------


def period_label(period, year: int) -> str:
    """"6 tháng năm 2024", "Quý I năm 2024", and "năm 2024" for the whole year (not "Năm năm 2024")."""
    if period.name.strip().lower() == _("năm").lower():
        return _("năm %(year)s") % {"year": year}
    return _("%(period)s năm %(year)s") % {"period": period.name, "year": year}


def progress_cell(cell) -> tuple[str, str]:
    """(actual, attainment) of one member × line cell of a submitted report."""
    if not cell.applies or not cell.value:
        return "–", ""
    value = cell.value
    actual = actual_text(value["direction"], value["actual"], value["done"], places=value.get("places"))
    return actual, percent_text(value["attainment"])


def status_text(status: str | None) -> str:
    return status_label(status)


def report_symbol(pledge: Pledge | None) -> str:
    """"BC-KKT": a report (báo cáo) with the group's own abbreviation, the part of its pledge's symbol after the
    type ("GƯTĐ-KKT"); "BC" when the pledge has none."""
    symbol = pledge.document_symbol.strip() if pledge else ""
    _kind, dash, group = symbol.partition("-")
    return f"BC-{group}" if dash and group else "BC"


def leader_signer(title: str, leader: Membership | None, pledge: Pledge | None) -> Signer:
    """The group report's signature block: the leader unit issues it ("ĐƠN VỊ KHỐI TRƯỞNG" over the unit's name),
    signed by its head as the head signed the group's pledge — the name, capacity and position typed when the
    leader unit signed the signed pledge the report is measured against. One query. Without that signature (a
    leader that joined after the signing), the name is left to be written."""
    if leader is None:
        return Signer([title])
    signature = pledge.signatures.filter(unit_id=leader.unit_id).first() if pledge else None
    if signature is None:
        return Signer([title, keep_words(leader.unit.name)])
    return Signer([title, keep_words(leader.unit.name)], signature.signer_capacity, signature.signer_position,
                  signature.signer_name)


def progress_context(group: Group, period, today: datetime.date | None = None) -> dict:
    """The group dashboard's five queries, one for the group's plan and one for its leader's signature."""
    today = today or timezone.localdate()
    group = Group.objects.select_related("campaign").get(pk=group.pk)
    campaign = group.campaign
    dashboard = group_dashboard(group, period, today=today)

    members = []
    for row in dashboard.rows:
        if row.submitted:
            state = _("Đã nộp ngày %(date)s") % {"date": short_date(row.report.submitted_at)}
        else:
            state = report_state(row.report_status)
        members.append({
            "unit": row.membership.unit, "role": role_label(row.membership, group), "state": state,
            "late": row.late, "average": percent_text(row.average), "status": status_text(row.status),
        })
    lines = [
        {"line": line, "label": line_label(line), "average": percent_text(average), "status": status_text(status)}
        for line, average, status in dashboard.column_averages
    ]
    position = {m.unit_id: i for i, m in enumerate(r.membership for r in dashboard.rows)}
    tables = []
    for columns in slices([r.membership for r in dashboard.rows], ANNEX_MEMBER_COLUMNS):
        rows = [dashboard.rows[position[m.unit_id]] for m in columns]
        table = Table(columns)
        for i, line in enumerate(dashboard.lines):
            cells = [progress_cell(r.cells[i]) if r.submitted else ("", "") for r in rows]
            table.rows.append((line, line_label(line), "", cells))
        table.footer = [(percent_text(r.average), status_text(r.status)) if r.submitted
                        else (report_state(r.report_status), "") for r in rows]
        tables.append(table)
    governing, issuer = group_issuer(group, campaign)
    leader = next((r.membership for r in dashboard.rows if r.membership.role == Membership.Role.LEADER), None)
    leader_title = (_("ĐƠN VỊ KHỐI TRƯỞNG") if group.kind == Group.Kind.BLOC else _("ĐƠN VỊ CỤM TRƯỞNG"))
    label = period_label(period, campaign.year)
    return {
        "document_title": _("Báo cáo tiến độ thực hiện giao ước thi đua – %(period)s") % {"period": label},
        "draft": False,
        "group": group,
        "campaign": campaign,
        "period": period,
        "period_label": label,
        "group_word": _("khối") if group.kind == Group.Kind.BLOC else _("cụm"),
        "dashboard": dashboard,
        "header": Header(governing_body=governing, issuer=issuer, number=number_text("", report_symbol(dashboard.pledge)),
                         place_date=decree_date(campaign.issue_place, today)),
        "doc_type": _("BÁO CÁO"),
        "subject": subject_lines(_("Tiến độ thực hiện giao ước thi đua – %(period)s") % {"period": label}),
        "pledge_signed_on": short_date(dashboard.pledge.signed_at) if dashboard.pledge else "",
        "end_date": short_date(period.end_date),
        "deadline": short_date(period.deadline),
        "average": percent_text(dashboard.average),
        "average_status": status_text(dashboard.status),
        "average_note": average_notes("group", dashboard.weights),
        "members": members,
        "lines": lines,
        "missing": [(r, report_state(r.report_status)) for r in dashboard.missing],
        "tables": tables,
        "signer": leader_signer(leader_title, leader, dashboard.pledge),
        "recipients": group_recipients(),
    }


def progress_pdf(group: Group, period, today: datetime.date | None = None) -> bytes:
    """A group's progress report for ``period``: who reported, the group's averages, each member's results."""
    return render_pdf("exports/pdf/progress.html", progress_context(group, period, today))



def results_context(group: Group, evaluation, today: datetime.date | None = None) -> dict:
    """The group's score summary as the results page shows it (``evaluation.display.results_table``), in the
    Decree 30 frame of the progress report, signed by the leader unit as it signed the group's pledge."""
    from evaluation.display import results_table

    today = today or timezone.localdate()
    campaign = group.campaign
    pledge = Pledge.objects.filter(group=group).latest_signed()
    governing, issuer = group_issuer(group, campaign)
    leader = group.memberships.filter(role=Membership.Role.LEADER).select_related("unit").first()
    leader_title = (_("ĐƠN VỊ KHỐI TRƯỞNG") if group.kind == Group.Kind.BLOC else _("ĐƠN VỊ CỤM TRƯỞNG"))
    table = results_table(evaluation)
    return {
        "document_title": _("Bảng tổng hợp kết quả chấm điểm năm %(year)s") % {"year": campaign.year},
        "draft": not table["published"],
        "group": group,
        "campaign": campaign,
        "evaluation": evaluation,
        "header": Header(governing_body=governing, issuer=issuer, number=number_text("", report_symbol(pledge)),
                         place_date=decree_date(campaign.issue_place, today)),
        "doc_type": _("BẢNG TỔNG HỢP"),
        "subject": subject_lines(_("Kết quả chấm điểm, xếp loại thi đua năm %(year)s") % {"year": campaign.year}),
        "signer": leader_signer(leader_title, leader, pledge),
        "recipients": group_recipients(),
        **table,
    }


def results_pdf(group: Group, evaluation, today: datetime.date | None = None) -> bytes:
    """The group's score summary; DỰ THẢO across every page while the results are not published."""
    return render_pdf("exports/pdf/results.html", results_context(group, evaluation, today))


# --- a unit's score sheet ----------------------------------------------------------------------------------


@dataclass
class SheetLine:
    """One row of the printed sheet, from the page's :class:`evaluation.display.SheetRow`: only the points the
    reader's rights let the page show."""

    code: str
    name: str
    depth: int
    is_leaf: bool
    max_points: object
    self_points: object
    cross_points: object
    final_points: object
    agreed: bool                 # the final points were agreed by the leader (not merely the cross-score)
    note: str


def sheet_note(item, sheet) -> str:
    """The "Ghi chú" of a printed row: bonus or penalty, how a computed row was computed, the unit's comment,
    and (where the reader sees the cross-score) why the leader returned the row and the unit's answer."""
    criterion, entry = item.criterion, item.entry
    parts = []
    if criterion.kind == BONUS:
        parts.append(_("Điểm cộng"))
    elif criterion.kind == PENALTY:
        parts.append(_("Điểm trừ"))
    if criterion.is_computed:
        if not item.explanation:
            parts.append(_("Tự tính từ số liệu trong năm"))
        elif sheet.self_submitted:
            parts.append(_("Tự tính: %(how)s") % {"how": item.explanation})
        else:  # as the sheet page says it: the preview is frozen when the unit submits its self-score
            parts.append(_("Tự tính: %(how)s (tạm tính, chốt khi nộp phiếu tự chấm)") % {"how": item.explanation})
    if item.comment:
        parts.append(item.comment)
    if item.cross_shown and entry is not None and entry.return_reason:
        parts.append(_("Lý do trả lại: %(reason)s") % {"reason": entry.return_reason})
        if entry.answer:
            parts.append(_("Giải trình: %(answer)s") % {"answer": entry.answer})
    return "; ".join(parts)


def unit_signer(unit) -> Signer:
    """A unit's own document is signed by its head: "THỦ TRƯỞNG ĐƠN VỊ" over room for the signature and seal."""
    return Signer([keep_words(unit.name)], "", _("THỦ TRƯỞNG ĐƠN VỊ"))


def sheet_context(sheet, user, today: datetime.date | None = None) -> dict:
    """A unit's score sheet as ``user`` sees it on the sheet page: built from the page's own view-model
    (:func:`evaluation.display.sheet_view`, its :class:`~evaluation.access.SheetRights`), so a point hidden on
    the page is not in the document either."""
    from evaluation.display import sheet_view

    today = today or timezone.localdate()
    evaluation = sheet.evaluation
    group = evaluation.group
    campaign = group.campaign
    view = sheet_view(sheet, user, today=today)
    rights = view.rights
    lines = []
    for item in view.rows:
        final = item.agreed_points if item.agreed_points is not None else item.final_points
        lines.append(SheetLine(
            code=item.code, name=item.criterion.name, depth=item.depth, is_leaf=item.is_leaf,
            max_points=item.criterion.max_points, self_points=item.self_points,
            cross_points=item.cross_points if item.cross_shown else None,
            final_points=final if item.cross_shown else None, agreed=item.agreed_points is not None,
            note=sheet_note(item, sheet),
        ))
    governing = short_authority(campaign.issuing_authority)
    members = evaluation.sheets.count() if evaluation.is_published else 0
    return {
        "members": members,
        "document_title": _("Bảng chấm điểm thi đua năm %(year)s – %(unit)s")
        % {"year": campaign.year, "unit": sheet.unit.name},
        "draft": not evaluation.is_published,
        "sheet": sheet,
        "group": group,
        "campaign": campaign,
        "evaluation": evaluation,
        "table": view.table,
        "header": Header(governing_body=[governing] if governing else [],
                         issuer=issuer_lines([sheet.unit.name]), number="",
                         place_date=decree_date(campaign.issue_place, today)),
        "doc_type": _("BẢNG CHẤM ĐIỂM THI ĐUA NĂM %(year)s") % {"year": campaign.year},
        "subject": subject_lines(sheet.unit.name),
        "group_line": _("Thành viên %(group)s") % {"group": group.name},
        "lines": lines,
        "totals": view.totals,
        "cross_hidden": not (rights.sees_all_cross or rights.sees_own_cross),
        "scorer": sheet.scorer.name if sheet.scorer_id else "",
        "self_submitted_on": short_date(sheet.self_submitted_at),
        "cross_submitted_on": short_date(sheet.cross_submitted_at),
        "signer": unit_signer(sheet.unit),
        "recipients": [_("Đơn vị %(role)s;") % {"role": _("khối trưởng") if group.kind == Group.Kind.BLOC
                                                 else _("cụm trưởng")},
                       _("Lưu: VT.")],
    }


def sheet_pdf(sheet, user, today: datetime.date | None = None) -> bytes:
    """One unit's score sheet as ``user`` may see it; DỰ THẢO across every page while the results are not
    published."""
    return render_pdf("exports/pdf/sheet.html", sheet_context(sheet, user, today))


# --- a group's submission (tờ trình) of its proposals ------------------------------------------------------


def submission_symbol(pledge: Pledge | None, leader: Membership | None) -> str:
    """"TTr-KKT": a submission (tờ trình) with the group's abbreviation from its pledge's symbol, else the
    leader unit's code; "TTr" without either."""
    symbol = pledge.document_symbol.strip() if pledge else ""
    _kind, dash, group = symbol.partition("-")
    if dash and group:
        return f"TTr-{group}"
    return f"TTr-{leader.unit.code}" if leader is not None and leader.unit.code else "TTr"


def submission_context(meeting, today: datetime.date | None = None) -> dict:
    """The group's submission to the board of the units its year-end meeting proposed
    (:func:`awards.submission.proposed_units`), with their results and votes; signed by the leader unit on
    behalf of the group. DỰ THẢO across every page while the minutes are not final. Seven queries."""
    from awards.submission import proposed_units, units_count_text
    from evaluation.display import class_label
    from evaluation.scoring import points_text

    today = today or timezone.localdate()
    group = meeting.group
    campaign = group.campaign
    members = list(group.memberships.all())
    leader = next((m for m in members if m.role == Membership.Role.LEADER), None)
    pledge = Pledge.objects.filter(group=group).latest_signed()
    signature = pledge.signatures.filter(unit_id=leader.unit_id).first() if pledge and leader else None
    bloc = group.kind == Group.Kind.BLOC
    governing, issuer = group_issuer(group, campaign)
    symbol = submission_symbol(pledge, leader)
    number = number_text("", symbol)
    titles = []
    rows = []
    for proposing in proposed_units(meeting):
        units = []
        for unit in proposing.units:
            row = {"unit": unit.unit, "title": proposing.title, "total": points_text(unit.total)
                   if unit.total is not None else "", "grade": class_label(unit.grade),
                   "rank": unit.rank or "", "votes": unit.votes_text, "reason": unit.reason}
            units.append(row)
            rows.append(row)
        titles.append({"title": proposing.title, "count": units_count_text(len(units)), "units": units})
    plan = subject_of(campaign.title, _("Kế hoạch"))
    plan_basis = (_("Căn cứ Kế hoạch số %(number)s ngày %(date)s về %(plan)s;")
                  % {"number": campaign.document_number, "date": short_date(campaign.issue_date),
                     "plan": plan[:1].lower() + plan[1:]}
                  if campaign.document_number and campaign.issue_date
                  else _("Căn cứ %(title)s;") % {"title": campaign.title})
    return {
        "document_title": _("Tờ trình đề nghị khen thưởng năm %(year)s – %(group)s")
        % {"year": campaign.year, "group": group.name},
        "draft": not meeting.is_final,
        "group": group,
        "campaign": campaign,
        "meeting": meeting,
        "header": Header(governing_body=governing, issuer=issuer, number=number,
                         place_date=decree_date(campaign.issue_place, today)),
        "doc_type": _("TỜ TRÌNH"),
        "subject": subject_lines(_("Về việc đề nghị khen thưởng năm %(year)s") % {"year": campaign.year}),
        "addressee": _("Ban Thi đua - Khen thưởng thành phố"),
        "bases": [
            plan_basis,
            _("Căn cứ kết quả chấm điểm, xếp loại thi đua năm %(year)s của %(group)s;")
            % {"year": campaign.year, "group": group.name},
            _("Căn cứ Biên bản hội nghị tổng kết công tác thi đua năm %(year)s của %(group)s ngày %(date)s,")
            % {"year": campaign.year, "group": group.name,
               "date": short_date(meeting.held_at) or "…………"},
        ],
        "proposer": group.name,
        "titles": titles,
        "rows": rows,
        "member_count": len(members),
        "annex_note": _("(Kèm theo Tờ trình số %(number)s/%(symbol)s của %(group)s)")
        % {"number": BLANK_NUMBER, "symbol": symbol, "group": group.name},
        "signer": Signer([_("TM. KHỐI THI ĐUA") if bloc else _("TM. CỤM THI ĐUA")],
                         _("KHỐI TRƯỞNG") if bloc else _("CỤM TRƯỞNG"),
                         keep_words(leader.unit.name) if leader else "",
                         signature.signer_name if signature else ""),
        "recipients": [_("Như trên;"), _("Các đơn vị thành viên;"), _("Lưu: VT.")],
    }


def submission_pdf(meeting, today: datetime.date | None = None) -> bytes:
    """A group's submission of its year-end meeting's proposals to the board, with the list attached."""
    return render_pdf("exports/pdf/submission.html", submission_context(meeting, today))


# --- the minutes of a group's year-end meeting (biên bản) ---------------------------------------------------


def held_text(held_at) -> str:
    """"08 giờ 30 phút, ngày 20 tháng 12 năm 2024"; "" before the time is typed."""
    if held_at is None:
        return ""
    moment = timezone.localtime(held_at)
    return _("%(hour)02d giờ %(minute)02d phút, %(date)s") % {
        "hour": moment.hour, "minute": moment.minute, "date": decree_date("", moment.date())}


def minutes_context(group: Group, today: datetime.date | None = None) -> dict:
    """The minutes as the meeting page shows them (``awards.meetings.load``: the same counts, words and who is
    elected), in the Decree 30 frame; THƯ KÝ signs on the left, CHỦ TRÌ on the right. A draft prints DỰ THẢO."""
    from awards import meetings

    state = meetings.load(group)
    meeting, campaign = state.meeting, group.campaign
    governing, issuer = group_issuer(group, campaign)
    held = local_date(meeting.held_at) if meeting and meeting.held_at else None
    results = state.results()
    for result in results:
        for c in result.candidates:
            c.votes_text = meetings.count_text(c.votes)
    return {
        "document_title": _("Biên bản hội nghị tổng kết năm %(year)s – %(group)s") % {
            "year": campaign.year, "group": group.name},
        "draft": not state.is_final,
        "group": group, "campaign": campaign, "meeting": meeting, "state": state,
        "header": Header(governing_body=governing, issuer=issuer, number=number_text("", "BB"),
                         place_date=decree_date(campaign.issue_place, held, campaign.year)),
        "doc_type": _("BIÊN BẢN"),
        "subject": subject_lines(_("Hội nghị tổng kết công tác thi đua năm %(year)s của %(group)s") % {
            "year": campaign.year, "group": group.name}),
        "held": held_text(meeting.held_at) if meeting else "",
        "attendance": [(m, state.attendance.get(m.unit_id)) for m in state.members],
        "quorum_text": state.quorum.text(),
        "results": results,
        "secretary": Signer([_("THƯ KÝ")], name=meeting.secretary_name if meeting else ""),
        "chair": Signer([_("CHỦ TRÌ")], name=meeting.chair_name if meeting else ""),
    }


def minutes_pdf(group: Group, today: datetime.date | None = None) -> bytes:
    return render_pdf("exports/pdf/minutes.html", minutes_context(group, today))


# --- the annex of an award decision ----------------------------------------------------------------------------


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def decision_reference(number: str, date) -> str:
    """"(Kèm theo Quyết định số 12/QĐ-UBND ngày 20 tháng 01 năm 2025 của Chủ tịch Ủy ban nhân dân thành
    phố)"; a number typed without its symbol gets "/QĐ-UBND"; without a number, room to write it."""
    number = (number or "").strip()
    if number and "/" not in number:
        number += "/QĐ-" + PEOPLES_COMMITTEE_SHORT
    return _("(Kèm theo Quyết định số %(number)s %(date)s của Chủ tịch Ủy ban nhân dân thành phố)") % {
        "number": number or BLANK_NUMBER + "/QĐ-" + PEOPLES_COMMITTEE_SHORT, "date": decree_date("", date)}


def awards_annex_context(campaign: Campaign, number: str = "") -> dict:
    """The approved proposals (of decision ``number``, or all of the year) grouped by title in the plan's
    order, numbered, with unit, group, score and class — the rows of the city list
    (:func:`awards.proposals.title_lists`), worded by the same functions."""
    from awards import proposals as award_rules
    from awards.models import Proposal

    sections = []
    for title_list in award_rules.title_lists(campaign, award_rules.collective_titles(campaign)):
        rows = [row for row in title_list.rows if row.proposal.decision == Proposal.Decision.APPROVED
                and (not number or row.proposal.decision_number == number)]
        if rows:
            sections.append({"title": title_list.title, "rows": rows,
                             "number": ROMAN[len(sections)] if len(sections) < len(ROMAN) else len(sections) + 1})
    approved = [row.proposal for section in sections for row in section["rows"]]
    numbers = {p.decision_number for p in approved}
    dates = {p.decision_date for p in approved}
    shown_number = number or (next(iter(numbers)) if len(numbers) == 1 else "")
    shown_date = next(iter(dates)) if len(dates) == 1 and shown_number else None
    if len(sections) == 1:
        subject = _("Tập thể được tặng %(title)s năm %(year)s") % {"title": sections[0]["title"].name,
                                                                 "year": campaign.year}
    else:
        subject = _("Tập thể được khen thưởng trong phong trào thi đua năm %(year)s") % {"year": campaign.year}
    governing = authority_lines(campaign.issuing_authority)
    return {
        "document_title": _("Danh sách khen thưởng năm %(year)s") % {"year": campaign.year},
        "campaign": campaign,
        "header": Header(governing_body=[], issuer=governing, number="", place_date=""),
        "doc_type": _("DANH SÁCH"),
        "subject": subject_lines(subject),
        "reference": decision_reference(shown_number, shown_date),
        "sections": sections,
        "numbered": len(sections) > 1,
        "total": len(approved),
        "empty_text": _("Chưa có tập thể nào được ghi “Được khen thưởng”."),
    }


def awards_annex_pdf(campaign: Campaign, number: str = "") -> bytes:
    return render_pdf("exports/pdf/awards_annex.html", awards_annex_context(campaign, number))
