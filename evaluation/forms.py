"""Forms of the evaluation pages: dates typed dd/mm/yyyy, reasons, evidence. Points are read row by row in the
views with :func:`common.numbers.parse_number` (one input per row of the table)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.fields import DateField
from common.uploads import DOCUMENT_ACCEPT, validate_document


class OpenForm(forms.Form):
    self_deadline = DateField(label=_("Hạn tự chấm"))
    cross_deadline = DateField(label=_("Hạn chấm chéo"))

    def clean(self):
        data = super().clean()
        first, second = data.get("self_deadline"), data.get("cross_deadline")
        if first and second and second < first:
            self.add_error("cross_deadline", _("Hạn chấm chéo không được trước hạn tự chấm."))
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Hãy ghi lý do.")})


class EvidenceForm(forms.Form):
    MAX_BYTES = 10 * 1024 * 1024

    code = forms.ChoiceField(label=_("Minh chứng cho tiêu chí"), required=False)
    file = forms.FileField(label=_("Tệp minh chứng"), widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
                           help_text=_("PDF, JPG hoặc PNG, tối đa 10 MB."),
                           error_messages={"required": _("Hãy chọn tệp minh chứng.")})

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", _("Cả phiếu"))] + [(row.code, f"{row.code} – {row.name}"[:90])
                                                              for row in rows]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_document(upload, self.MAX_BYTES)
        return upload

