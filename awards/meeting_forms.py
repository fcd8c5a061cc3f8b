"""The forms of the meeting page: the meeting itself with the attendance list, and one form per ballot with a
row per member unit."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import DateField
from common.forms import RowsForm

from .meetings import TITLE_OF, Presence

MAX_COUNT = 32767  # PositiveSmallIntegerField


class MeetingForm(RowsForm, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    # dd/mm/yyyy and 24-hour hh:mm typed as text, as every date of the app: the browser's own pickers follow the
    # browser's language (mm/dd/yyyy, 02:00 PM in an English Chrome).
    held_on = DateField(label=_("Ngày họp"), required=False)
    held_time = forms.TimeField(
        label=_("Giờ bắt đầu"), required=False, input_formats=["%H:%M", "%H.%M", "%Hh%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": "hh:mm", "inputmode": "numeric", "size": 5,
                                                      "maxlength": 8, "autocomplete": "off"}),
        error_messages={"invalid": _("Nhập giờ theo dạng giờ:phút, ví dụ 08:00 hoặc 14:30.")},
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    chair_name = forms.CharField(label=_("Người chủ trì"), max_length=150, required=False)
    chair_position = forms.CharField(label=_("Chức vụ người chủ trì"), max_length=200, required=False)
    secretary_name = forms.CharField(label=_("Thư ký"), max_length=150, required=False)
    secretary_position = forms.CharField(label=_("Chức vụ thư ký"), max_length=200, required=False)
    agenda = forms.CharField(label=_("Nội dung hội nghị"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))
    rotating_flag_to = forms.TypedChoiceField(label=_("Đơn vị nhận cờ luân lưu"), coerce=int, required=False,
                                              empty_value=None)
    rotating_flag_note = forms.CharField(label=_("Ghi chú bàn giao cờ luân lưu"), max_length=255, required=False)

    layout = (("held_on", "held_time"), "place", ("chair_name", "chair_position"),
              ("secretary_name", "secretary_position"), "agenda", ("rotating_flag_to", "rotating_flag_note"))

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rotating_flag_to"].choices = [("", "—")] + [(m.unit_id, m.unit.name) for m in members]

    @classmethod
    def initial_of(cls, meeting) -> dict:
        if meeting is None:
            return {"version": 0}
        held = timezone.localtime(meeting.held_at) if meeting.held_at else None
        return {"version": meeting.version, "held_on": held.date() if held else None,
                "held_time": held.time() if held else None, "place": meeting.place,
                "chair_name": meeting.chair_name, "chair_position": meeting.chair_position,
                "secretary_name": meeting.secretary_name, "secretary_position": meeting.secretary_position,
                "agenda": meeting.agenda, "rotating_flag_to": meeting.rotating_flag_to_id,
                "rotating_flag_note": meeting.rotating_flag_note}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("held_time") and not cleaned.get("held_on"):
            self.add_error("held_on", _("Cần nhập ngày họp."))
        return cleaned

    def details(self) -> dict:
        data = self.cleaned_data
        held_at = None
        if data.get("held_on"):
            held_at = timezone.make_aware(datetime.datetime.combine(data["held_on"],
                                                                    data.get("held_time") or datetime.time(8, 0)))
        return {"held_at": held_at, "rotating_flag_to_id": data.get("rotating_flag_to"),
                **{name: data.get(name) or "" for name in (
                    "place", "chair_name", "chair_position", "secretary_name", "secretary_position", "agenda",
                    "rotating_flag_note")}}


class AttendanceForm(forms.Form):
    """One member unit's line of the attendance list (prefix: ``att-<unit id>``)."""

    present = forms.BooleanField(label=_("Có mặt"), required=False)
    representative_name = forms.CharField(label=_("Người dự"), max_length=150, required=False)
    representative_position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)

    def presence(self) -> Presence:
        data = self.cleaned_data
        return Presence(bool(data.get("present")), data.get("representative_name") or "",
                        data.get("representative_position") or "")


def attendance_forms(members, attendance, data=None) -> list[tuple[object, AttendanceForm]]:
    out = []
    for m in members:
        a = attendance.get(m.unit_id)
        initial = ({"present": a.present, "representative_name": a.representative_name,
                    "representative_position": a.representative_position} if a else {})
        out.append((m, AttendanceForm(data, prefix=f"att-{m.unit_id}", initial=initial)))
    return out


def _count(label):
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_COUNT)


class BallotForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    seats = forms.IntegerField(label=_("Số đơn vị được chọn"), min_value=1, max_value=99, required=False)
    issued = _count(_("Số phiếu phát ra"))
    returned = _count(_("Số phiếu thu về"))
    valid = _count(_("Số phiếu hợp lệ"))


class CandidateForm(forms.Form):
    """A member unit on a ballot (prefix: ``<question>-<unit id>``): ticked as a candidate, its votes, and (flag,
    Bằng khen) why it is proposed for a title it did not register."""

    chosen = forms.BooleanField(label=_("Được bầu chọn"), required=False)
    votes = forms.IntegerField(label=_("Số phiếu đồng ý"), min_value=0, max_value=MAX_COUNT, required=False)
    reason = forms.CharField(label=_("Lý do đề nghị ngoài đăng ký"), max_length=1000, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("chosen") and cleaned.get("votes") is None and "votes" not in self.errors:
            self.add_error("votes", _("Cần nhập số phiếu của đơn vị được bầu chọn."))
        return cleaned


def candidate_forms(question, members, ballot, data=None) -> list[tuple[object, CandidateForm]]:
    stored = {c.unit_id: c for c in ballot.candidates.all()} if ballot is not None else {}
    out = []
    for m in members:
        c = stored.get(m.unit_id)
        initial = {"chosen": True, "votes": c.votes, "reason": c.reason} if c else {}
        form = CandidateForm(data, prefix=f"{question}-{m.unit_id}", initial=initial)
        if question not in TITLE_OF:
            del form.fields["reason"]
        out.append((m, form))
    return out
