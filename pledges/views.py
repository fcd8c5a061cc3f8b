"""Views of the pledge. Thin: access rules in :mod:`pledges.access`, workflows in :mod:`pledges.services`."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.access import is_officer_of, require_city_staff
from campaigns.access import get_campaign_for_user
from common import xlsx_import
from common.downloads import attachment
from common.xlsx import XLSX_CONTENT_TYPE
from groups.access import get_group_for_user, leader_unit_id
from groups.models import Group, Membership

from . import excel, services
from .access import (
    PledgeOverviewRights,
    PledgeRights,
    can_edit_unit,
    can_manage,
    get_pledge_for_user,
    require_draft,
    require_edit_unit,
    require_manage,
)
from .diff import diff_versions
from .forms import AmendForm, ImportForm, LineForm, PledgeForm, SignForm, cell_text, parse_cell
from .grid import Cell, grid_rows
from .history import target_changes
from .models import Pledge, PledgeLine, Signature, Target
from .overview import signing_overview


def _render_pledge_page(request, template, pledge, **context):
    """A page about one pledge: its breadcrumbs need the pledge, its campaign and its group."""
    return render(request, template, {"pledge": pledge, "campaign": pledge.campaign, "group": pledge.group, **context})


def _members(pledge):
    return services.pledge_members(pledge)


@login_required
def overview(request, year):
    """Signing status of every group of the year: which have signed, which are waiting, and on whom."""
    campaign = get_campaign_for_user(request.user, year)
    groups = Group.objects.visible_to(request.user).filter(campaign=campaign)
    rows = signing_overview(groups)
    counts = {status: sum(1 for r in rows if r.status == status) for status in ["none", *Pledge.Status.values]}
    return render(request, "pledges/overview.html", {
        "campaign": campaign, "rows": rows, "counts": counts, "total": len(rows),
        "rights": PledgeOverviewRights.of(request.user, campaign),
    })


@require_POST
@login_required
def create(request, group_pk):
    group = get_group_for_user(request.user, group_pk)
    require_manage(request.user, group.pk)
    try:
        pledge = services.create_pledge(group, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("groups:detail", pk=group.pk)
    messages.success(request, _("Đã lập dự thảo giao ước từ kế hoạch. Hãy rà soát tên, căn cứ và nội dung giao ước."))
    return redirect("pledges:detail", pk=pledge.pk)


def _completeness_context(pledge, user, *, is_current=True):
    """Members, lines, targets and who is complete: what the grid and the completeness parts are drawn from, with
    what the user may do on the page (:class:`PledgeRights`)."""
    state = services.pledge_state(pledge)
    leader_id = leader_unit_id(memberships=state.members)
    my_completeness = next((p for p in state.completeness if p.membership.unit_id == user.unit_id), None)
    rights = PledgeRights.of(user, pledge, state.member_ids, leader_id=leader_id, is_current=is_current,
                             my_signature_missing=my_completeness is not None and my_completeness.signature is None)
    return {
        "pledge": pledge, "members": state.members, "member_ids": state.member_ids, "lines": state.lines,
        "targets": state.targets, "signatures": state.signatures, "completeness": state.completeness,
        "my_completeness": my_completeness, "rights": rights, "all_complete": state.all_complete,
    }


@login_required
def completeness(request, pk):
    """The parts of the pledge page that depend on who is complete, as out-of-band swaps for htmx."""
    pledge = get_pledge_for_user(request.user, pk)
    return render(request, "pledges/pledge_detail.html#completeness-oob", _completeness_context(pledge, request.user))


@login_required
def detail(request, pk):
    pledge = get_pledge_for_user(request.user, pk)
    user = request.user
    versions = list(Pledge.objects.filter(group_id=pledge.group_id).order_by("-version").only(
        "pk", "version", "status", "signed_at", "amendment_reason", "group_id"))
    is_current = versions[0].pk == pledge.pk
    base = _completeness_context(pledge, user, is_current=is_current)
    context = base | {
        "campaign": pledge.campaign,
        "group": pledge.group,
        "rows": grid_rows(pledge, user, base["members"], base["lines"], base["targets"], base["rights"]),
        "commitments": pledge.commitments.all(),
        "legal_bases": [line for line in pledge.legal_bases.splitlines() if line.strip()],
        "versions": versions,
        "is_current": is_current,
        "diff": diff_versions(pledge.amends, pledge) if pledge.amends_id else None,
    }
    return render(request, "pledges/pledge_detail.html", context)


@login_required
def edit(request, pk):
    pledge = get_pledge_for_user(request.user, pk)
    require_manage(request.user, pledge.group_id)
    require_draft(pledge)
    form = PledgeForm(request.POST or None, instance=pledge)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            pledge = form.save(commit=False)
            pledge.revision += 1
            pledge.save()
            services.set_commitments(pledge, form.cleaned_data["commitments"])
        messages.success(request, _("Đã lưu giao ước."))
        return redirect("pledges:detail", pk=pledge.pk)
    return _render_pledge_page(request, "pledges/pledge_form.html", pledge, form=form)


@login_required
def line_create(request, pk):
    pledge = get_pledge_for_user(request.user, pk)
    require_draft(pledge)
    user = request.user
    members = _members(pledge)
    if can_manage(user, pledge.group_id):
        form = LineForm(request.POST or None, units=[m.unit for m in members])
    elif user.is_unit_officer and any(m.unit_id == user.unit_id for m in members):
        form = LineForm(request.POST or None, fixed_unit=user.unit)
    else:
        raise PermissionDenied(_("Bạn không được thêm chỉ tiêu vào giao ước này."))
    if request.method == "POST" and form.is_valid():
        line = services.add_line(pledge, form.save(commit=False))
        messages.success(request, _("Đã thêm chỉ tiêu “%(name)s”.") % {"name": line.name})
        return redirect(reverse("pledges:detail", args=[pledge.pk]) + "#targets")
    return _render_pledge_page(request, "pledges/line_form.html", pledge, form=form)


@require_POST
@login_required
def line_delete(request, pk, line_pk):
    pledge = get_pledge_for_user(request.user, pk)
    require_draft(pledge)
    line = get_object_or_404(PledgeLine, pledge=pledge, pk=line_pk)
    own_line_of_mine = is_officer_of(request.user, line.unit_id)
    if not (own_line_of_mine or can_manage(request.user, pledge.group_id)):
        raise PermissionDenied(_("Bạn không được xóa chỉ tiêu này."))
    line.delete()
    messages.success(request, _("Đã bỏ chỉ tiêu “%(name)s” khỏi giao ước.") % {"name": line.name})
    return redirect(reverse("pledges:detail", args=[pledge.pk]) + "#targets")


def _member_or_404(pledge, unit_pk) -> Membership:
    """The member (as the pledge shows it) whose cells are asked for, or 404."""
    member = next((m for m in services.pledge_members(pledge) if m.unit_id == unit_pk), None)
    if member is None:
        raise Http404
    return member


@require_POST
@login_required
def cell(request, pk, line_pk, unit_pk):
    """Save one cell. htmx gets the cell back (saved, error or conflict); a plain post goes back to the grid."""
    pledge = get_pledge_for_user(request.user, pk)
    membership = _member_or_404(pledge, unit_pk)
    line = get_object_or_404(PledgeLine, pledge=pledge, pk=line_pk)
    if not line.applies_to(unit_pk):
        raise Http404
    require_edit_unit(request.user, pledge, membership.unit_id)
    text = request.POST.get("value", "")
    try:
        expected = int(request.POST.get("version", "0"))
    except ValueError:
        expected = 0
    current = Target.objects.filter(line=line, unit_id=unit_pk).first()
    result = Cell(pledge, line, unit_pk, current, True, text=text, unit_name=membership.unit.display_name)
    try:
        status, value = parse_cell(text, line)
        save = services.TargetSave(line, status, value, expected)
        saved = services.save_targets(pledge, unit_pk, request.user, [save])
    except ValidationError as error:
        result.state, result.message = "error", " ".join(error.messages)
    else:
        result.target = save.target
        if saved:
            result.text, result.state = cell_text(save.target, line), "saved"
        else:
            other = save.target
            result.state = "conflict"
            result.message = _(
                "%(who)s vừa lưu giá trị “%(value)s” cho ô này. Giá trị bạn nhập “%(mine)s” chưa được lưu; lưu lại "
                "nếu vẫn muốn thay thế."
            ) % {"who": (other.updated_by or _("Người khác")) if other else _("Người khác"),
                 "value": cell_text(other, line) or _("(trống)"), "mine": text}
    if request.htmx:
        status_code = 200 if result.state == "saved" else 422
        response = render(request, "pledges/pledge_detail.html#cell", {"cell": result}, status=status_code)
        if result.state == "saved":
            response["HX-Trigger"] = "pledge-completeness"  # the page then fetches who is complete
        return response
    if result.state == "saved":
        messages.success(request, _("Đã lưu."))
    else:
        messages.error(request, result.message)
    return redirect(reverse("pledges:unit_targets", args=[pledge.pk, unit_pk]))


@login_required
def unit_targets(request, pk, unit_pk):
    """All of one member's targets as one plain form: the path without JavaScript, and a handy page on a phone.

    All or nothing: any invalid value or any conflict saves none of the form."""
    pledge = get_pledge_for_user(request.user, pk)
    membership = _member_or_404(pledge, unit_pk)
    editable = can_edit_unit(request.user, pledge, unit_pk)
    lines = [line for line in pledge.lines.all() if line.applies_to(unit_pk)]
    targets = {t.line_id: t for t in pledge.targets.filter(unit_id=unit_pk).select_related("updated_by")}
    cells = [Cell(pledge, line, unit_pk, targets.get(line.pk), editable) for line in lines]
    if request.method == "POST":
        require_edit_unit(request.user, pledge, unit_pk)
        errors = 0
        changed = []  # (cell, what to store) for the cells whose value or version differs
        for c in cells:
            c.text = request.POST.get(f"value-{c.line.pk}", "")
            try:
                expected = int(request.POST.get(f"version-{c.line.pk}", "0"))
                status, value = parse_cell(c.text, c.line)
            except (ValueError, ValidationError) as error:
                c.state, c.message = "error", " ".join(getattr(error, "messages", [_("Giá trị không hợp lệ.")]))
                errors += 1
                continue
            if (status, value) != (c.status, c.target.value if c.target else None) or expected != c.version:
                changed.append((c, services.TargetSave(c.line, status, value, expected)))
        if not errors and not services.save_targets(pledge, unit_pk, request.user, [save for _c, save in changed]):
            for c, save in changed:
                if save.conflict:
                    c.target, c.state = save.target, "conflict"
                    c.message = _("Người khác vừa lưu “%(value)s”.") % {
                        "value": cell_text(save.target, c.line) or _("(trống)")}
                    errors += 1
        if not errors:
            messages.success(request, _("Đã lưu chỉ tiêu của %(unit)s.") % {"unit": membership.unit.name})
            return redirect(reverse("pledges:detail", args=[pledge.pk]) + "#targets")
        messages.error(request, _("Chưa lưu: có %(n)s ô cần xem lại.") % {"n": errors})
    return _render_pledge_page(request, "pledges/unit_targets.html", pledge, membership=membership, cells=cells,
                               editable=editable)


def _workflow(request, pk, action, success):
    pledge = get_pledge_for_user(request.user, pk)
    require_manage(request.user, pledge.group_id)
    try:
        action(pledge, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("pledges:detail", pk=pledge.pk)


@require_POST
@login_required
def open_for_signing(request, pk):
    return _workflow(request, pk, services.open_for_signing,
                     _("Đã mở ký kết. Các đơn vị thành viên có thể ký giao ước."))


@require_POST
@login_required
def return_to_draft(request, pk):
    return _workflow(request, pk, services.return_to_draft,
                     _("Giao ước đã trở lại dự thảo; các chữ ký đã có được hủy để ký lại."))


@login_required
def sign(request, pk):
    pledge = get_pledge_for_user(request.user, pk)
    user = request.user
    if not user.is_unit_officer or not Membership.objects.filter(group_id=pledge.group_id, unit_id=user.unit_id).exists():
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị thành viên được ký cho đơn vị mình."))
    if pledge.status != Pledge.Status.OPEN:
        raise PermissionDenied(_("Giao ước chưa mở ký kết hoặc đã ký xong."))
    if pledge.signatures.filter(unit_id=user.unit_id).exists():
        messages.info(request, _("Đơn vị của bạn đã ký giao ước này."))
        return redirect("pledges:detail", pk=pledge.pk)
    previous = Signature.objects.filter(unit_id=user.unit_id).order_by("-signed_at").first()
    initial = {"signer_name": previous.signer_name, "signer_position": previous.signer_position,
               "signer_capacity": previous.signer_capacity} if previous else {}
    form = SignForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign(pledge, user.unit_id, user, signer_name=form.cleaned_data["signer_name"],
                          signer_position=form.cleaned_data["signer_position"],
                          signer_capacity=form.cleaned_data["signer_capacity"], scan=form.cleaned_data["scan"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            pledge.refresh_from_db()
            if pledge.is_signed:
                messages.success(request, _("Đã ký. Tất cả thành viên đã ký: giao ước đã được ký kết."))
            else:
                messages.success(request, _("Đã ký giao ước cho %(unit)s.") % {"unit": user.unit.name})
        return redirect("pledges:detail", pk=pledge.pk)
    return _render_pledge_page(request, "pledges/sign_form.html", pledge, form=form)


@login_required
def scan(request, pk, signature_pk):
    """The signed copy, served through the app so only those who see the pledge can download it."""
    pledge = get_pledge_for_user(request.user, pk)
    signature = get_object_or_404(Signature, pledge=pledge, pk=signature_pk)
    if not signature.scan:
        raise Http404
    return FileResponse(signature.scan.open("rb"), as_attachment=True,
                        filename=signature.scan.name.rsplit("/", 1)[-1])


@login_required
def amend(request, pk):
    pledge = get_pledge_for_user(request.user, pk)
    require_manage(request.user, pledge.group_id)
    if not pledge.is_signed:
        raise PermissionDenied(_("Chỉ lập bản sửa đổi cho giao ước đã ký kết."))
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.amend(pledge, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lập bản sửa đổi (phiên bản %(n)s). Sửa chỉ tiêu rồi mở ký kết lại.")
                             % {"n": new.version})
            return redirect("pledges:detail", pk=new.pk)
    return _render_pledge_page(request, "pledges/amend_form.html", pledge, form=form)


@login_required
def history(request, pk):
    pledge = get_pledge_for_user(request.user, pk)
    members = _members(pledge)
    unit_id = request.GET.get("unit")
    unit_id = int(unit_id) if unit_id and unit_id.isdigit() else None
    page = Paginator(target_changes(pledge, unit_id=unit_id), 100).get_page(request.GET.get("page"))
    return _render_pledge_page(request, "pledges/history.html", pledge, page=page, changes=page, members=members,
                               unit_id=unit_id, page_query=urlencode({"unit": unit_id}) if unit_id else "")


@login_required
def template(request, pk):
    pledge = get_pledge_for_user(request.user, pk)
    require_city_staff(request.user)
    return attachment(excel.template_workbook(pledge), excel.template_filename(pledge), XLSX_CONTENT_TYPE)


@login_required
def import_targets(request, pk):
    pledge = get_pledge_for_user(request.user, pk)
    require_city_staff(request.user)
    require_draft(pledge)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = excel.read_import(pledge, form.cleaned_data["file"])
        if result.ok:
            try:
                created, updated = services.apply_import(pledge, result.rows, request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã nhập tệp: %(created)s ô mới, %(updated)s ô thay đổi, %(blank)s dòng "
                                            "để trống được giữ nguyên.")
                                 % {"created": created, "updated": updated, "blank": result.blank_rows})
                if result.stopped_at_row:
                    messages.warning(request, xlsx_import.stopped_message(result.stopped_at_row))
                return redirect(reverse("pledges:detail", args=[pledge.pk]) + "#targets")
    return _render_pledge_page(request, "pledges/import_form.html", pledge, form=form, result=result)
