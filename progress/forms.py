"""Forms of the progress report: the values of one report, a return with its reason, evidence files."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.fields import VietnameseDecimalField
from common.uploads import DOCUMENT_ACCEPT, validate_document

from . import services
from .models import ReportValue
from .services import Entry

DONE_YES, DONE_NO = "yes", "no"
DONE_CHOICES = [("", _("— chưa chọn —")), (DONE_YES, _("Đã hoàn thành")), (DONE_NO, _("Chưa hoàn thành"))]


class ReportForm(forms.Form):
    """One row per value: the actual (a number typed the Vietnamese way) or, for a done/not-done line, done or
    not; and a short note. ``revision`` is the report's revision when the page was opened: a save from an older
    page is a conflict, never a silent overwrite.

    With ``submitting``, an empty value is an error next to its field (a report is submitted complete).

    Fields are named by the committed target (unique in a report), so the same page serves a report not stored
    yet (its values only in memory) and a stored one. An implausible actual (:func:`progress.attainment.
    is_implausible`) is refused until its "Xác nhận giá trị" box is ticked; the box is shown on the rows that
    need it."""

    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, report, values, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.values = values
        self.submitting = submitting
        self.implausible: set[int] = set()     # target ids of the implausible values typed (after cleaning)
        self.fields["revision"].initial = report.revision
        for value in values:
            label = f"{value.line.code} – {value.line.name}"
            if value.direction == ReportValue.Direction.DONE:
                initial = "" if value.done is None else (DONE_YES if value.done else DONE_NO)
                self.fields[self.actual_name(value)] = forms.ChoiceField(
                    label=label, choices=DONE_CHOICES, required=False, initial=initial)
            else:
                self.fields[self.actual_name(value)] = VietnameseDecimalField(
                    label=label, required=False, max_digits=18, decimal_places=4, initial=value.actual,
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
                self.fields[self.confirm_name(value)] = forms.BooleanField(
                    label=_("Xác nhận giá trị"), required=False, initial=value.confirmed)
            self.fields[self.note_name(value)] = forms.CharField(
                label=_("Ghi chú cho %(code)s") % {"code": value.line.code}, required=False, max_length=500,
                initial=value.note)

    @staticmethod
    def actual_name(value) -> str:
        return f"{'done' if value.direction == ReportValue.Direction.DONE else 'actual'}-{value.target_id}"

    @staticmethod
    def note_name(value) -> str:
        return f"note-{value.target_id}"

    @staticmethod
    def confirm_name(value) -> str:
        return f"confirm-{value.target_id}"

    def rows(self):
        """(value, bound actual field, bound note field, bound confirmation box or None) in the order of the
        pledge; the box only where the value typed (or stored) is implausible."""
        return [(value, self[self.actual_name(value)], self[self.note_name(value)],
                 self[self.confirm_name(value)] if self._needs_confirmation(value) else None)
                for value in self.values]

    def _needs_confirmation(self, value) -> bool:
        if value.direction == ReportValue.Direction.DONE:
            return False
        return value.target_id in self.implausible if self.is_bound else value.confirmed

    def _entry(self, value) -> Entry | None:
        name = self.actual_name(value)
        if name not in self.cleaned_data:
            return None
        typed = self.cleaned_data[name]
        note = self.cleaned_data.get(self.note_name(value), "")
        if value.direction == ReportValue.Direction.DONE:
            return Entry(done=None if typed == "" else typed == DONE_YES, note=note)
        return Entry(actual=typed, note=note, confirmed=bool(self.cleaned_data.get(self.confirm_name(value))))

    def clean(self):
        cleaned = super().clean()
        for value in self.values:
            entry = self._entry(value)
            if entry is None:
                continue
            if services.is_implausible(value, entry):
                self.implausible.add(value.target_id)
            try:
                services.check_entry(value, entry)
                services.check_plausible(value, entry)
            except ValidationError as error:
                self.add_error(self.actual_name(value), error)
                continue
            filled = entry.done is not None if value.direction == ReportValue.Direction.DONE \
                else entry.actual is not None
            if self.submitting and not filled:
                self.add_error(self.actual_name(value), _("Cần nhập số liệu thực hiện trước khi nộp báo cáo."))
        return cleaned

    def entries_by_target(self) -> dict[int, Entry]:
        """What was typed, by committed target id, for :func:`progress.services.save_page`."""
        return {value.target_id: self._entry(value) for value in self.values}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Đơn vị sẽ thấy nội dung này ở đầu báo cáo để sửa và nộp lại."),
        error_messages={"required": _("Hãy ghi lý do trả lại báo cáo.")},
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": DOCUMENT_ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(item, initial) for item in data] if data else [single(None, initial)]
        return [single(data, initial)]


class EvidenceForm(forms.Form):
    MAX_BYTES = 10 * 1024 * 1024
    MAX_FILES = 10

    file = MultipleFileField(
        # Outside the values <form> on the page but part of it: uploading saves the values typed too.
        widget=MultipleFileInput(attrs={"accept": DOCUMENT_ACCEPT, "form": "values"}),
        label=_("Tệp minh chứng"), help_text=_("PDF, JPG hoặc PNG, mỗi tệp tối đa 10 MB; chọn được nhiều tệp."),
        error_messages={"required": _("Hãy chọn tệp minh chứng.")},
    )

    def clean_file(self):
        files = self.cleaned_data["file"]
        if len(files) > self.MAX_FILES:
            raise ValidationError(_("Mỗi lần tải lên tối đa %(n)s tệp.") % {"n": self.MAX_FILES})
        errors = []
        for upload in files:
            try:
                validate_document(upload, self.MAX_BYTES)
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return files
