"""How a report's facts read, wherever they are shown: the dashboards, the progress PDF and the workbooks.

==================  ==================================================================================
Value               Text
==================  ==================================================================================
no report yet       "Chưa báo cáo" (opening a report page stores nothing, so there is nothing "opened")
draft               "Đang soạn, chưa nộp"
returned            "Bị trả lại, chưa nộp lại"
submitted           "Đã nộp"
actual, a number    Vietnamese format, "4,25"
actual, done line   "Đã xong" / "Chưa xong"
status              :func:`progress.attainment.status_label` ("Đúng tiến độ"…)
==================  ==================================================================================
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from common.numbers import format_number

from . import attainment as rules
from .attainment import status_label  # noqa: F401  (the status's words live with the status rule)
from .models import Report

#: The state of a member's report of a period; ``None`` is "no report stored".
REPORT_STATES = {
    None: gettext_noop("Chưa báo cáo"),
    Report.Status.DRAFT: gettext_noop("Đang soạn, chưa nộp"),
    Report.Status.RETURNED: gettext_noop("Bị trả lại, chưa nộp lại"),
    Report.Status.SUBMITTED: gettext_noop("Đã nộp"),
}


def report_state(status: str | None) -> str:
    """A report's state in words (see the module's table); an unknown status reads as no report."""
    return _(REPORT_STATES.get(status, REPORT_STATES[None]))


def actual_text(direction: str, actual=None, done: bool | None = None) -> str:
    """A reported value: "4,25", or "Đã xong" / "Chưa xong" on a done/not-done line; "" when none."""
    if direction == rules.DONE:
        if done is None:
            return ""
        return _("Đã xong") if done else _("Chưa xong")
    return format_number(actual)
