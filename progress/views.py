"""Report views: officers fill in and submit their unit's report; city staff and leaders return it.

Thin: who may see and do what in :mod:`progress.access` (404 for what a user may not see, 403 for what they
see but may not do), the workflow in :mod:`progress.services`, the attainment rules in :mod:`progress.attainment`.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.access import is_officer_of, require_city_staff

from . import access, services
from . import attainment as rules
from .forms import EvidenceForm, ReportForm, ReturnForm
from .models import Evidence, PeriodClosure, Report, ReportValue

INVALID = 422  # a form that comes back with its errors (htmx swaps it too, see base.html)


@dataclass
class Row:
    """One line of the report as shown: the value, its inputs, and how far the unit has come."""

    value: ReportValue
    actual: object
    note: object
    confirm: object      # the "Xác nhận giá trị" box of an implausible value, else None
    attainment: Decimal | None
    status: str | None

    @property
    def status_label(self) -> str:
        return rules.status_label(self.status)


def _report_url(report_or_period, unit_id=None) -> str:
    if unit_id is None:
        report_or_period, unit_id = report_or_period.period_id, report_or_period.unit_id
    period_id = getattr(report_or_period, "pk", report_or_period)
    return reverse("progress:report", args=[period_id, unit_id])


def _closure(period_id):
    return PeriodClosure.objects.filter(period_id=period_id).select_related("closed_by").first()


def _render_report(request, period, membership, report, *, values=None, form=None, return_form=None,
                   evidence_form=None, status=200):
    """The report page: values, review, evidence and history. The same few queries at any number of lines.
    ``report`` may be one not stored yet (``values`` in memory): the officer sees the form, nothing is saved."""
    user = request.user
    closure = _closure(period.pk)
    rights = access.ReportRights.of(user, report, membership.unit_id, closed=closure is not None)
    context = {
        "period": period, "campaign": period.campaign, "membership": membership, "unit": membership.unit,
        "group": membership.group, "report": report, "closure": closure, "rights": rights,
        "periods": list(period.campaign.periods.all()),
        "is_late": services.is_late(report, period),
    }
    if report is None:
        return render(request, "progress/report_missing.html", context, status=status)
    stored = report.pk is not None
    if values is None:
        values = list(report.values.select_related("line"))
    form = form or ReportForm(report=report, values=values)
    share = rules.elapsed_share(period.end_date)
    rows = [
        Row(value, actual, note, confirm, rules.displayed(value.attainment),
            rules.status(value.direction, value.attainment, share))
        for value, actual, note, confirm in form.rows()
    ]
    events = list(report.events.select_related("user")) if stored else []
    returned = next((e for e in reversed(events) if e.to_status == Report.Status.RETURNED), None)
    overall = rules.average_status(report.attainment, share)
    context |= {
        "form": form, "rows": rows, "stored": stored,
        "events": events, "returned_event": returned,
        "evidence": list(report.evidence.select_related("uploaded_by")) if stored else [],
        "evidence_form": evidence_form or (EvidenceForm() if rights.edit else None),
        "return_form": return_form or (ReturnForm() if rights.review else None),
        "attainment": rules.displayed(report.attainment),
        "overall_status": overall, "overall_label": rules.status_label(overall),
        "filled": sum(1 for v in values if v.is_filled), "total": len(values),
    }
    return render(request, "progress/report_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def report(request, period_pk, unit_pk):
    """The unit's report for the period. Its own officer fills it in (the report is stored on the first save;
    opening the page stores nothing) and may attach evidence with the same form; the group and the city read
    it."""
    user = request.user
    period = access.get_period_for_user(user, period_pk)
    membership = access.get_member_for_user(user, period, unit_pk)
    report = (Report.objects.visible_to(user).select_related("submitted_by")
              .filter(period=period, unit_id=unit_pk).first())
    if request.method == "POST":
        access.require_own_unit(user, unit_pk)
        access.require_open_period(period.pk)
    values = None
    if report is None and is_officer_of(user, unit_pk):
        try:
            report, values = services.new_report(period, unit_pk)   # in memory only: a GET writes nothing
        except ValidationError as error:
            # No signed pledge yet, or the period is closed: say why, nothing to fill in.
            return render(request, "progress/report_missing.html", {
                "period": period, "campaign": period.campaign, "membership": membership, "unit": membership.unit,
                "group": membership.group, "periods": list(period.campaign.periods.all()),
                "rights": access.ReportRights(own=True),
                "reason": " ".join(error.messages),
            })
    if request.method == "GET":
        return _render_report(request, period, membership, report, values=values)

    access.require_changeable(report, closed=False)
    if values is None:
        values = list(report.values.select_related("line"))
    action = request.POST.get("action")
    submitting = action == "submit"
    form = ReportForm(request.POST, report=report, values=values, submitting=submitting)
    # The evidence input belongs to this form: files go with the values typed (never lost), whichever button
    # sent them.
    evidence_form = EvidenceForm(request.POST, request.FILES) if action == "upload" or request.FILES else None
    valid = form.is_valid() & (evidence_form is None or evidence_form.is_valid())
    if valid:
        try:
            services.save_page(period, unit_pk, user, form.entries_by_target(), form.cleaned_data["revision"],
                               submitting=submitting, files=evidence_form.cleaned_data["file"] if evidence_form
                               else ())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if submitting:
                messages.success(request, _("Đã nộp báo cáo %(period)s của %(unit)s.")
                                 % {"period": period.name, "unit": membership.unit.name})
                return redirect(_report_url(period, unit_pk))
            if evidence_form and not submitting:
                messages.success(request, _("Đã lưu nháp và tải lên %(n)s tệp minh chứng.")
                                 % {"n": len(evidence_form.cleaned_data["file"])})
                return redirect(_report_url(period, unit_pk) + "#evidence")
            messages.success(request, _("Đã lưu nháp. Báo cáo chưa được nộp."))
            return redirect(_report_url(period, unit_pk))
    return _render_report(request, period, membership, report, values=values, form=form,
                          evidence_form=evidence_form, status=INVALID)


def _membership_of(user, report):
    return access.get_member_for_user(user, report.period, report.unit_id)


@require_POST
@login_required
def report_submit(request, pk):
    report = access.get_report_for_user(request.user, pk)
    access.require_own_unit(request.user, report.unit_id)
    access.require_changeable(report)
    try:
        services.submit(report, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã nộp báo cáo."))
    return redirect(_report_url(report))


@require_POST
@login_required
def report_return(request, pk):
    """City staff or the group's leader send a submitted report back to the unit, with the reason."""
    user = request.user
    report = access.get_report_for_user(user, pk)
    access.require_review(user, report.group_id)
    access.require_open_period(report.period_id)
    if report.status != Report.Status.SUBMITTED:
        raise PermissionDenied(_("Chỉ trả lại báo cáo đã nộp."))
    form = ReturnForm(request.POST)
    if form.is_valid():
        services.return_report(report, user, form.cleaned_data["comment"])
        messages.success(request, _("Đã trả lại báo cáo cho %(unit)s kèm lý do.") % {"unit": report.unit.name})
        return redirect(_report_url(report))
    return _render_report(request, report.period, _membership_of(user, report), report, return_form=form,
                          status=INVALID)


def _evidence_of(request, pk, evidence_pk):
    report = access.get_report_for_user(request.user, pk)
    return report, get_object_or_404(Evidence, report=report, pk=evidence_pk)


@login_required
def evidence_download(request, pk, evidence_pk):
    """Served through the app, so only those who see the report get the file."""
    _report, evidence = _evidence_of(request, pk, evidence_pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name)


@require_POST
@login_required
def evidence_delete(request, pk, evidence_pk):
    report, evidence = _evidence_of(request, pk, evidence_pk)
    access.require_own_unit(request.user, report.unit_id)
    access.require_changeable(report)
    services.delete_evidence(evidence, request.user)
    messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": evidence.original_name})
    return redirect(_report_url(report) + "#evidence")


@require_POST
@login_required
def period_close(request, period_pk):
    """City staff close the period after its review: none of its reports can change any more."""
    period = access.get_period_for_user(request.user, period_pk)
    require_city_staff(request.user)
    if _closure(period.pk):
        messages.info(request, _("Kỳ báo cáo này đã khóa sổ từ trước."))
    else:
        services.close_period(period, request.user)
        messages.success(request, _("Đã khóa sổ kỳ “%(period)s”. Báo cáo của kỳ này không thay đổi được nữa.")
                         % {"period": period.name})
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = reverse("campaigns:detail", args=[period.campaign.year])
    return redirect(target)
