"""Pages of the year-end evaluation. Thin: who sees and does what in :mod:`evaluation.access`, the rules in
:mod:`evaluation.rounds` and :mod:`evaluation.services`, what a page shows in :mod:`evaluation.display`."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import require_city_staff, require_sees_everything
from campaigns.access import get_campaign_for_user
from campaigns.models import Campaign
from common.collation import sort_key
from common.dates import short_date
from common.numbers import parse_number
from groups.access import get_group_for_user, leader_unit_id
from groups.models import Group

from . import display, rounds, scoring, services
from .access import (
    SheetRights,
    can_lead,
    get_sheet_for_user,
    get_table_for_user,
    require_lead,
    require_publish,
    require_results,
)
from .forms import EvidenceForm, OpenForm, ReasonForm
from .models import Evaluation, ScoreEvidence, ScoringTable

INVALID = 422


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def _group_and_evaluation(user, group_id):
    group = get_group_for_user(user, group_id)
    evaluation = Evaluation.objects.filter(group=group).first()
    if evaluation is not None:
        evaluation.group = group
    return group, evaluation


# --- the group's page -------------------------------------------------------------------------------------------

@login_required
def group(request, group_id):
    group, evaluation = _group_and_evaluation(request.user, group_id)
    return _render_group(request, group, evaluation)


def _render_group(request, group, evaluation, *, open_form=None, reopen_form=None, status=200):
    user = request.user
    leader_id = leader_unit_id(group)
    lead = can_lead(user, evaluation, leader_id) if evaluation else False
    table = ScoringTable.objects.current_for_group(group) if evaluation is None else None
    may_open = evaluation is None and table is not None and group.campaign.status == Campaign.Status.ISSUED \
        and can_lead_group(user, group, leader_id)
    loaded = rounds.load(evaluation) if evaluation is not None else None  # one read for every round and the rows
    states = display.member_states(group, evaluation, user, leader_id, loaded=loaded)
    pending = []
    if evaluation is not None and lead:
        pending = [(sheet, entry) for sheet, entry in rounds.open_rows(evaluation, loaded)]
        names = {s.membership.unit_id: s.membership.unit.name for s in states}
        pending = [(names.get(sheet.unit_id, sheet.unit), sheet, entry) for sheet, entry in pending]
    return render(request, "evaluation/group.html", {
        "group": group, "campaign": group.campaign, "evaluation": evaluation, "states": states,
        "table": table, "may_open": may_open, "open_form": open_form or (OpenForm() if may_open else None),
        "may_assign": lead and evaluation.is_open, "may_publish": bool(evaluation) and user.is_city_staff,
        "reopen_form": reopen_form or ReasonForm(), "pending": pending, "lead": lead,
        "members": [s.membership for s in states], "today": timezone.localdate(),
        "may_see_results": bool(evaluation) and (user.sees_everything or lead or evaluation.is_published),
    }, status=status)


def can_lead_group(user, group, leader_id):
    """Who opens a group's evaluation: the same people who run it (city staff, the leader unit)."""
    return can_lead(user, Evaluation(group=group), leader_id)


@require_POST
@login_required
def open_evaluation(request, group_id):
    group, evaluation = _group_and_evaluation(request.user, group_id)
    require_lead(request.user, Evaluation(group=group), leader_unit_id(group))
    form = OpenForm(request.POST)
    if not form.is_valid():
        return _render_group(request, group, evaluation, open_form=form, status=INVALID)
    try:
        rounds.open_evaluation(group, request.user, form.cleaned_data["self_deadline"],
                               form.cleaned_data["cross_deadline"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã mở chấm điểm. Các đơn vị thành viên tự chấm trước hạn %(date)s.")
                         % {"date": short_date(form.cleaned_data["self_deadline"])})
    return redirect("evaluation:group", group_id=group.pk)


def _evaluation_of(request, group_id):
    group, evaluation = _group_and_evaluation(request.user, group_id)
    if evaluation is None:
        raise Http404
    return group, evaluation


@require_POST
@login_required
def assign(request, group_id):
    """The scorer of each member, chosen one by one or in turn ("Phân công xoay vòng", Vietnamese name order)."""
    group, evaluation = _evaluation_of(request, group_id)
    require_lead(request.user, evaluation, leader_unit_id(group))
    members = sorted(group.memberships.all(), key=lambda m: sort_key(m.unit.name))
    try:
        if request.POST.get("action") == "round_robin":
            assignment = rounds.round_robin([m.unit_id for m in members])
        else:
            assignment = {}
            for m in members:
                chosen = request.POST.get(f"scorer-{m.unit_id}", "")
                if chosen:
                    if not chosen.isdigit():
                        raise ValidationError(_("Đơn vị chấm chéo không hợp lệ."))
                    assignment[m.unit_id] = int(chosen)
        rounds.assign_scorers(evaluation, assignment, request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã lưu phân công chấm chéo."))
    return redirect(reverse("evaluation:group", args=[group.pk]) + "#members")


@require_POST
@login_required
def publish(request, group_id):
    _group, evaluation = _evaluation_of(request, group_id)
    require_publish(request.user)
    try:
        rounds.publish_results(evaluation, request.user)
    except ValidationError as error:
        messages.error(request, _("Chưa công bố được: %(why)s") % {"why": _error_text(error)})
    else:
        messages.success(request, _("Đã công bố kết quả chấm điểm. Các đơn vị thành viên xem được kết quả."))
    return redirect("evaluation:group", group_id=evaluation.group_id)


@require_POST
@login_required
def reopen(request, group_id):
    group, evaluation = _evaluation_of(request, group_id)
    require_publish(request.user)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _render_group(request, group, evaluation, reopen_form=form, status=INVALID)
    try:
        rounds.reopen(evaluation, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã mở lại chấm điểm. Lý do đã được ghi vào lịch sử."))
    return redirect("evaluation:group", group_id=group.pk)


# --- a sheet ----------------------------------------------------------------------------------------------------

def _render_sheet(request, sheet, view=None, *, status=200, evidence_form=None):
    group = sheet.evaluation.group
    view = view or display.sheet_view(sheet, request.user)
    leaves = [row.criterion for row in view.rows if row.is_leaf]
    return render(request, "evaluation/sheet.html", {
        "sheet": sheet, "view": view, "rights": view.rights, "group": group, "campaign": group.campaign,
        "evaluation": sheet.evaluation, "table": view.table,
        "evidence_form": evidence_form or (EvidenceForm(rows=leaves) if view.rights.self_score
                                           or view.rights.answer else None),
        "reason_form": ReasonForm(),
        "last_year": display.last_year_sheets(group.campaign, [sheet.unit_id]).get(sheet.unit_id)
        if sheet.evaluation.is_published else None,
    }, status=status)


@login_required
def sheet(request, sheet_id):
    """The sheet; a POST (the page without JavaScript) saves every row of the user's round, all or nothing."""
    sheet = get_sheet_for_user(request.user, sheet_id)
    if request.method != "POST":
        return _render_sheet(request, sheet)
    view = display.sheet_view(sheet, request.user)
    if view.scoring_round is None:
        view.rights.require("self_score")
    errors = _save_all(request, sheet, view)
    if errors:
        messages.error(request, _("Chưa lưu: có %(n)s dòng cần xem lại.") % {"n": errors})
        return _render_sheet(request, sheet, view, status=INVALID)
    messages.success(request, _("Đã lưu điểm."))
    return redirect("evaluation:sheet", sheet_id=sheet.pk)


class _Refused(Exception):
    pass


def _read(request, item):
    """(points, comment, version) typed for one row; ValidationError when the number cannot be read."""
    text = request.POST.get(f"points-{item.code}", "").strip()
    item.text = text
    item.comment_text = request.POST.get(f"comment-{item.code}", item.comment_text).strip()
    try:
        version = int(request.POST.get(f"version-{item.code}", "0"))
    except ValueError:
        version = 0
    return (parse_number(text) if text else None), item.comment_text, version


def _save_row(request, sheet, view, item) -> bool:
    """Save one row as typed; marks the row saved, refused or in conflict."""
    try:
        value, comment, version = _read(request, item)
        rounds.save_points(sheet, view.scoring_round, item.code, value, comment, version, request.user)
    except rounds.Conflict as conflict:
        item.entry, item.state = conflict.entry, "conflict"
        theirs = conflict.entry.self_points if view.scoring_round == rounds.SELF else conflict.entry.cross_points
        their_comment = conflict.entry.self_comment if view.scoring_round == rounds.SELF else conflict.entry.cross_comment
        item.message = _("Người khác vừa lưu “%(value)s” cho dòng này. Điểm bạn nhập “%(mine)s” chưa được lưu; "
                         "lưu lại nếu vẫn muốn thay thế.") % {
            "value": scoring.points_text(theirs) if theirs is not None else _("(trống)"),
            "mine": item.text or _("(trống)")}
        if their_comment != item.comment_text:
            item.message += " " + _("Ghi chú họ đã lưu: “%(comment)s”.") % {"comment": their_comment or _("(trống)")}
        return False
    except ValidationError as error:
        item.state, item.message = "error", _error_text(error)
        return False
    return True


def _save_all(request, sheet, view) -> int:
    editable = [item for item in view.rows if item.editable]
    errors = 0
    try:
        with transaction.atomic():
            for item in editable:
                if f"points-{item.code}" not in request.POST:
                    continue
                if not request.POST[f"points-{item.code}"].strip() and item.entry is None \
                        and not request.POST.get(f"comment-{item.code}", "").strip():
                    continue
                if not _save_row(request, sheet, view, item):
                    errors += 1
            if errors:
                raise _Refused
    except _Refused:
        pass
    return errors


@require_POST
@login_required
def row(request, sheet_id, code):
    """Save one row (htmx: the row comes back, 422 when refused or in conflict; without htmx: back to the sheet)."""
    sheet = get_sheet_for_user(request.user, sheet_id)
    view = display.sheet_view(sheet, request.user)
    if view.scoring_round is None:
        view.rights.require("self_score")
    item = view.by_code.get(code)
    if item is None or not item.editable:
        raise Http404
    saved = _save_row(request, sheet, view, item)
    if saved:
        sheet.refresh_from_db()
        view = display.sheet_view(get_sheet_for_user(request.user, sheet_id), request.user)
        item = view.by_code[code]
        item.state = "saved"
    if request.htmx:
        # Saved: the row, and out of band its parents' sums and the totals; refused: the row with its message.
        context = {"item": item, "view": view, "rights": view.rights, "sheet": view.sheet, "table": view.table,
                   "ancestors": view.refreshed_by(code) if saved else []}
        return render(request, "evaluation/sheet.html#row-saved" if saved else "evaluation/sheet.html#row", context,
                      status=200 if saved else INVALID)
    if saved:
        messages.success(request, _("Đã lưu điểm tiêu chí %(code)s.") % {"code": code})
    else:
        messages.error(request, item.message)
    return redirect(reverse("evaluation:sheet", args=[sheet.pk]) + f"#row-{code}")


def _sheet_action(request, sheet_id, right, action, success):
    sheet = get_sheet_for_user(request.user, sheet_id)
    SheetRights.of(request.user, sheet).require(right)
    try:
        action(sheet)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, success)
    return redirect("evaluation:sheet", sheet_id=sheet.pk)


@require_POST
@login_required
def submit_self(request, sheet_id):
    return _sheet_action(request, sheet_id, "self_score", lambda sheet: rounds.submit_self(sheet, request.user),
                         _("Đã nộp phiếu tự chấm. Phiếu không sửa được nữa; đơn vị được phân công sẽ chấm chéo."))


@require_POST
@login_required
def submit_cross(request, sheet_id):
    return _sheet_action(request, sheet_id, "cross_score", lambda sheet: rounds.submit_cross(sheet, request.user),
                         _("Đã nộp phiếu chấm chéo."))


@require_POST
@login_required
def return_row(request, sheet_id, code):
    return _sheet_action(request, sheet_id, "lead",
                         lambda sheet: rounds.return_row(sheet, code, request.POST.get("reason", ""), request.user),
                         _("Đã trả lại tiêu chí %(code)s cho đơn vị giải trình.") % {"code": code})


@require_POST
@login_required
def answer_row(request, sheet_id, code):
    accepts = request.POST.get("accepts") == "1"
    return _sheet_action(
        request, sheet_id, "answer",
        lambda sheet: rounds.answer_row(sheet, code, accepts, request.POST.get("answer", ""), request.user),
        _("Đã gửi giải trình tiêu chí %(code)s.") % {"code": code})


@require_POST
@login_required
def agree_row(request, sheet_id, code):
    def agree(sheet):
        text = request.POST.get("points", "").strip()
        value = parse_number(text) if text else None
        rounds.record_agreed(sheet, code, value, request.user, request.POST.get("reason", "").strip())

    return _sheet_action(request, sheet_id, "lead", agree,
                         _("Đã ghi điểm thống nhất tiêu chí %(code)s.") % {"code": code})


@require_POST
@login_required
def evidence_upload(request, sheet_id):
    sheet = get_sheet_for_user(request.user, sheet_id)
    rights = SheetRights.of(request.user, sheet)
    if not (rights.self_score or rights.answer):
        rights.require("self_score")
    view = display.sheet_view(sheet, request.user)
    form = EvidenceForm(request.POST, request.FILES, rows=[r.criterion for r in view.rows if r.is_leaf])
    if not form.is_valid():
        return _render_sheet(request, sheet, view, evidence_form=form, status=INVALID)
    try:
        rounds.add_evidence(sheet, form.cleaned_data["code"], [form.cleaned_data["file"]], request.user)
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Đã tải lên minh chứng “%(name)s”.") % {"name": form.cleaned_data["file"].name})
    return redirect(reverse("evaluation:sheet", args=[sheet.pk]) + "#evidence")


@login_required
def evidence_download(request, sheet_id, evidence_id):
    """Served through the app, so only those who see the sheet's self-score get the file."""
    sheet = get_sheet_for_user(request.user, sheet_id)
    if not SheetRights.of(request.user, sheet).sees_self:
        raise Http404
    evidence = get_object_or_404(ScoreEvidence, sheet=sheet, pk=evidence_id)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


# --- results ----------------------------------------------------------------------------------------------------

@login_required
def results(request, group_id):
    group, evaluation = _evaluation_of(request, group_id)
    require_results(request.user, evaluation, leader_unit_id(group))
    return render(request, "evaluation/results.html", {
        "group": group, "campaign": group.campaign, "evaluation": evaluation,
        **display.results_table(evaluation),
    })


# --- the city's overview and the scoring tables -----------------------------------------------------------------

@login_required
def overview(request, year):
    campaign = get_campaign_for_user(request.user, year)
    require_sees_everything(request.user)
    return render(request, "evaluation/overview.html", {"campaign": campaign, **display.year_overview(campaign),
                                                         "may_manage": request.user.is_city_staff})


RANKING_KINDS = Group.Kind.values
# A city of 1,000 units ranks some 500 per kind: the page shows 50 at a time (the template's rows were most of its
# time, issue 14), ranked across all of them; the evaluation workbook keeps every unit.
RANKING_PAGE_SIZE = 50


@login_required
def ranking(request, year):
    """The city's ranking of one kind of group (``?kind=bloc|cluster``, ``&page=``): the units of the published
    groups, 50 a page."""
    campaign = get_campaign_for_user(request.user, year)
    require_sees_everything(request.user)
    kind = request.GET.get("kind")
    if kind not in RANKING_KINDS:
        kind = Group.Kind.BLOC
    kinds = [(value, label, value == kind) for value, label in Group.Kind.choices]
    page = Paginator(display.CityRanking(campaign, kind), RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "evaluation/ranking.html", {
        "campaign": campaign, "kind": kind, "kind_label": Group.Kind(kind).label, "kinds": kinds,
        "page": page, "ranking_rows": page.object_list,
    })


@login_required
def table(request, table_id):
    table = get_table_for_user(request.user, table_id)
    rows = list(table.criteria.all())
    latest = not ScoringTable.objects.filter(campaign_id=table.campaign_id, group_kind=table.group_kind,
                                             group_id=table.group_id, version__gt=table.version).exists()
    return render(request, "evaluation/table.html", {
        "table": table, "campaign": table.campaign, "rows": display.ordered(rows),
        "problems": table.problems(rows) if table.is_draft else [],
        "changes": services.version_changes(table.previous, table) if table.previous_id else [],
        "may_manage": request.user.is_city_staff, "latest": latest, "reason_form": ReasonForm(),
    })


def _table_action(request, table_id, action, success):
    table = get_table_for_user(request.user, table_id)
    require_city_staff(request.user)
    try:
        result = action(table)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect("evaluation:table", table_id=table.pk)
    messages.success(request, success)
    return redirect("evaluation:table", table_id=result.pk)


@require_POST
@login_required
def table_publish(request, table_id):
    return _table_action(request, table_id, lambda table: services.publish(table, request.user),
                         _("Đã ban hành bảng chấm điểm."))


@require_POST
@login_required
def table_new_version(request, table_id):
    return _table_action(request, table_id, lambda table: services.new_version(table, request.POST.get("reason", "")),
                         _("Đã lập phiên bản mới (dự thảo). Sửa các dòng rồi ban hành."))


@require_POST
@login_required
def table_copy(request, year):
    """Last year's published table of a kind as this year's first draft."""
    campaign = get_campaign_for_user(request.user, year)
    require_city_staff(request.user)
    kind = request.POST.get("kind", "")
    if kind not in Group.Kind.values:
        raise Http404
    source = (ScoringTable.objects.published().filter(campaign__year=year - 1, group_kind=kind, group__isnull=True)
              .order_by("-version").first())
    if source is None:
        messages.error(request, _("Năm trước không có bảng chấm điểm đã ban hành cho loại này."))
    elif ScoringTable.objects.filter(campaign=campaign, group_kind=kind, group__isnull=True).exists():
        messages.error(request, _("Năm nay đã có bảng chấm điểm cho loại này."))
    else:
        copy = services.copy_to_campaign(source, campaign)
        messages.success(request, _("Đã sao chép bảng năm trước thành dự thảo của năm %(year)s.") % {"year": year})
        return redirect("evaluation:table", table_id=copy.pk)
    return redirect("evaluation:overview", year=year)
