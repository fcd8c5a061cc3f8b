"""The change history of a report (status, figures, submission, return comment), for city staff."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import history
from accounts.access import require_audit_access

from . import access
from .models import Report

REPORT_FIELDS = ["status", "attainment", "revision", "submitted_at", "submitted_by", "return_comment"]


@login_required
def report_history(request, pk):
    require_audit_access(request.user)
    report = access.get_report_for_user(request.user, pk)
    page = reverse("progress:report", args=[report.period_id, report.unit_id])
    return history.render_history(
        request, history.changes(Report.history.filter(id=report.pk), fields=REPORT_FIELDS),
        title=_("Lịch sử thay đổi báo cáo"),
        subject=_("%(unit)s – kỳ %(period)s năm %(year)s")
        % {"unit": report.unit.name, "period": report.period.name, "year": report.period.campaign.year},
        crumbs=[(report.group.name, reverse("groups:detail", args=[report.group_id])), (report.unit.name, page)],
        back_url=page,
    )
