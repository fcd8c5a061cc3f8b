"""The forms of the proposals, decisions, title rules and award register pages (:mod:`awards.proposal_views`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.collation import sort_key
from common.fields import DateField, VietnameseDecimalField
from common.forms import RowsForm

from .models import AwardRecord, Proposal, Title


def blank_words(form, **words) -> None:
    """The empty choice of a select said in words ("Không yêu cầu") rather than Django's "---------"."""
    for name, word in words.items():
        field = form.fields[name]
        field.choices = [("", word)] + [choice for choice in field.choices if choice[0] != ""]


class AddProposalForm(RowsForm, forms.Form):
    """City staff propose a unit by hand: a title the group did not vote, or the Government flag."""

    title = forms.TypedChoiceField(label=_("Danh hiệu"), coerce=int, error_messages={
        "invalid_choice": _("Danh hiệu không thuộc danh hiệu tập thể của kế hoạch này.")})
    unit = forms.TypedChoiceField(label=_("Đơn vị"), coerce=int,
                                  help_text=_("Đơn vị thành viên của một cụm, khối trong kế hoạch."),
                                  error_messages={"invalid_choice": _(
                                      "Đơn vị không thuộc cụm, khối nào của kế hoạch này.")})
    reason = forms.CharField(label=_("Lý do đề nghị"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    layout = [("title", "unit"), "reason"]

    def __init__(self, *args, titles, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].choices = [(t.pk, t.name) for t in titles]
        members = sorted(memberships, key=lambda m: (sort_key(m.group.name), sort_key(m.unit.name)))
        by_group = {}
        for m in members:
            by_group.setdefault(m.group.name, []).append((m.unit_id, m.unit.name))
        self.fields["unit"].choices = [("", _("Chọn đơn vị"))] + list(by_group.items())


class DecisionForm(forms.Form):
    """The council's decision on one proposal (the row form of the list, also without JavaScript)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    decision = forms.ChoiceField(label=_("Kết quả xét"), choices=Proposal.Decision.choices,
                                 error_messages={"invalid_choice": _("Kết quả xét không hợp lệ.")})
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=50, required=False)
    decision_date = DateField(label=_("Ngày quyết định"), required=False)
    confirm = forms.BooleanField(label=_("Vẫn ghi được khen thưởng dù vượt chỉ tiêu"), required=False)


class TitleRulesForm(RowsForm, forms.ModelForm):
    """What the awards step checks for a title: its kind, the class it needs, its quotas, the earlier title."""

    layout = [("code", "min_class"), ("max_per_group", "max_share_of_members", "max_share_of_groups"),
              "earlier_title_code"]

    class Meta:
        model = Title
        fields = ["code", "min_class", "max_per_group", "max_share_of_members", "max_share_of_groups",
                  "earlier_title_code"]
        field_classes = {"max_share_of_members": VietnameseDecimalField,
                         "max_share_of_groups": VietnameseDecimalField}
        error_messages = {"max_per_group": {"min_value": _("Nhập số đề nghị từ 0 trở lên."),
                                            "invalid": _("Nhập một số nguyên, ví dụ 1.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blank_words(self, code=_("Khác"), min_class=_("Không yêu cầu"), earlier_title_code=_("Không yêu cầu"))

    def clean(self):
        cleaned = super().clean()
        code = cleaned.get("code")
        if code and cleaned.get("earlier_title_code") == code:
            self.add_error("earlier_title_code", _("Danh hiệu năm trước phải khác loại của chính danh hiệu này."))
        if code and Title.objects.filter(campaign_id=self.instance.campaign_id, code=code).exclude(
                pk=self.instance.pk).exists():
            self.add_error("code", _("Kế hoạch đã có danh hiệu khác thuộc loại này."))
        for name in ("max_share_of_members", "max_share_of_groups"):
            value = cleaned.get(name)
            if value is not None and not 0 <= value <= 100:
                self.add_error(name, _("Nhập tỷ lệ từ 0 đến 100."))
        return cleaned


class AwardRecordForm(RowsForm, forms.ModelForm):
    """A row of the award register typed in by city staff (a year before the app, or an award it did not
    decide)."""

    layout = [("year", "title_name", "title_code"), ("decision_number", "decision_date"), "note"]

    class Meta:
        model = AwardRecord
        fields = ["year", "title_name", "title_code", "decision_number", "decision_date", "note"]
        field_classes = {"decision_date": DateField}
        widgets = {"title_name": forms.TextInput(attrs={"list": "title-names", "size": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        blank_words(self, title_code=_("Khác"))
