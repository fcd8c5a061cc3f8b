from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Title
from .services import PersonRow

#: Blank rows under the people already listed, for the next names (the page's "Thêm dòng" adds more).
BLANK_ROWS = 3


class TitleForm(forms.Form):
    name = forms.CharField(label=_("Tên danh hiệu"), max_length=200)
    scope = forms.ChoiceField(label=_("Đối tượng"), choices=Title.Scope.choices, initial=Title.Scope.COLLECTIVE)


class RenameTitleForm(forms.Form):
    name = forms.CharField(label=_("Tên danh hiệu"), max_length=200)


class RegistrationForm(forms.Form):
    """The collective titles and the version the page was opened at; the people are :class:`PersonFormSet`."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    titles = forms.TypedMultipleChoiceField(label=_("Danh hiệu tập thể đăng ký"), coerce=int, required=False,
                                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, collective, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["titles"].choices = [(t.pk, t.name) for t in collective]


class PersonForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    position = forms.CharField(label=_("Chức vụ"), max_length=200, required=False)
    title = forms.TypedChoiceField(label=_("Danh hiệu đăng ký"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, individual_choices, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices from a list read once for the whole formset: no query per row.
        self.fields["title"].choices = [("", "—")] + individual_choices

    def clean(self):
        cleaned = super().clean()
        name, position, title = cleaned.get("full_name", ""), cleaned.get("position", ""), cleaned.get("title")
        if not (name or "").strip() and not (position or "").strip() and title is None:
            return cleaned  # a blank row is ignored
        if not (name or "").strip():
            self.add_error("full_name", _("Cần nhập họ và tên."))
        if title is None:
            self.add_error("title", _("Cần chọn danh hiệu đăng ký."))
        return cleaned

    def row(self) -> PersonRow | None:
        data = self.cleaned_data
        if not (data.get("full_name") or "").strip():
            return None
        return PersonRow(data["full_name"], data.get("position") or "", data["title"])


PersonFormSet = forms.formset_factory(PersonForm, extra=0, max_num=500, validate_max=True, absolute_max=500)


class ImportForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    file = forms.FileField(label=_("Tệp Excel (.xlsx)"))


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
