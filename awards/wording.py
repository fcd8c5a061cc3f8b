"""How a registration's state reads, on the city list, the unit's page and the reminders: one function."""

from django.utils.translation import gettext_lazy as _

#: The four states of a unit's registration, in the order the city list counts them.
STATES = {
    "missing": _("Chưa đăng ký"),
    "draft": _("Đang soạn"),
    "on_time": _("Đã nộp"),
    "late": _("Nộp muộn"),
}


def registration_state_key(registration) -> str:
    if registration is None:
        return "missing"
    if registration.is_draft:
        return "draft"
    return "late" if registration.is_late else "on_time"


def registration_state(registration) -> str:
    """"Chưa đăng ký" (nothing saved), "Đang soạn" (saved, not submitted), "Đã nộp", "Nộp muộn" (first submitted
    after the plan's registration deadline)."""
    return str(STATES[registration_state_key(registration)])


#: A group's year-end meeting, as the list of meetings and the meeting page say it.
MEETING_STATES = {
    "none": _("Chưa họp"),
    "draft": _("Đang ghi biên bản"),
    "final": _("Đã chốt biên bản"),
}


def meeting_state_key(meeting) -> str:
    if meeting is None:
        return "none"
    return "final" if meeting.is_final else "draft"


def meeting_state(meeting) -> str:
    return str(MEETING_STATES[meeting_state_key(meeting)])
