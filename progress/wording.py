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
from groups.models import Group

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


def actual_text(direction: str, actual=None, done: bool | None = None, places: int | None = None) -> str:
    """A reported value: "4,25", or "Đã xong" / "Chưa xong" on a done/not-done line; "" when none. With
    ``places`` (the decimals of its column, :func:`progress.dashboards.group_dashboard`) written with exactly
    that many decimals ("12,00" above "4,04")."""
    if direction == rules.DONE:
        if done is None:
            return ""
        return _("Đã xong") if done else _("Chưa xong")
    return format_number(actual, places=places if actual is not None else None)


def kind_label(kind: str) -> str:
    """The ``?kind=`` filter of the city dashboard in words, as the exports' titles and sheet headings say it:
    "tất cả cụm, khối", "các khối thi đua", "các cụm thi đua"."""
    return {Group.Kind.BLOC: _("các khối thi đua"), Group.Kind.CLUSTER: _("các cụm thi đua")}.get(
        kind, _("tất cả cụm, khối"))


def weights_text(weights) -> str:
    """``[("KT01", 2), ("XH01", 3)]`` → "KT01 × 2, XH01 × 3": the lines that count more than once in an average."""
    return ", ".join(f"{code} × {weight}" for code, weight in weights)


def unit_average_note(weights=()) -> str:
    """How a unit's average is obtained from its printed cells (the group and unit dashboards, the progress PDF,
    the group sheets of the workbook): ``weights`` are the (code, weight) of the lines weighted other than 1."""
    text = _("Mức đạt trung bình của một đơn vị là trung bình cộng mức đạt các chỉ tiêu của đơn vị, mỗi chỉ tiêu "
             "tính tối đa 100 %; chỉ tiêu hoàn thành / không hoàn thành tính 100 % khi đã xong, 0 % khi chưa xong; "
             "chỉ tiêu không áp dụng không được tính.")
    if weights:
        text += " " + _("Các chỉ tiêu có trọng số khác 1 được tính nhiều lần: %(weights)s.") % {
            "weights": weights_text(weights)}
    return text


def group_average_note() -> str:
    """How the group's row of averages is obtained from the cells above it."""
    return _("Dòng trung bình cụm, khối: mỗi chỉ tiêu là trung bình cộng các ô của cột; mức đạt chung là trung "
             "bình cộng mức đạt trung bình của các đơn vị đã nộp báo cáo.")


def city_average_note() -> str:
    """How the city dashboard's averages are obtained (its page, the city workbook)."""
    return _("Mức đạt của một cụm, khối là trung bình cộng mức đạt trung bình của các đơn vị đã nộp báo cáo; "
             "mức đạt chung là trung bình cộng mức đạt trung bình của mọi đơn vị đã nộp báo cáo (không phải trung "
             "bình của các cụm, khối). Mức đạt của một chỉ tiêu là trung bình cộng mức đạt (tối đa 100 %) trên các "
             "báo cáo đã nộp; của một nội dung thi đua là trung bình các chỉ tiêu thuộc nội dung, mỗi chỉ tiêu "
             "tính theo số báo cáo × trọng số.")


def rounding_note() -> str:
    """How every percentage is rounded, said wherever averages are printed."""
    return _("Mọi mức đạt, kể cả mức đạt trung bình, được làm tròn một lần đến một chữ số thập phân (từ 5 trở lên "
             "làm tròn lên). Mức đạt vượt 100 % chỉ dùng để xếp hạng, ghi ở cột “chưa giới hạn” của tệp Excel.")


def average_notes(scope: str, weights=()) -> str:
    """The whole note printed under a block of averages, the same on the page, in the PDF and in the workbook:
    ``"group"`` (a members × lines matrix: the units' and the group's averages), ``"unit"`` (a unit's averages over
    the periods), ``"city"`` (the groups', the city's, the indicators' and the content items' averages)."""
    notes = {
        "group": [unit_average_note(weights), group_average_note()],
        "unit": [unit_average_note(weights)],
        "city": [city_average_note()],
    }[scope]
    return " ".join(notes + [rounding_note()])
