from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from common.fields import DateField, VietnameseDecimalField
from common.forms import Heading, RowsForm

from .models import SIGNER_FIELDS, Campaign, ContentItem, Indicator, ReportingPeriod


class CampaignForm(RowsForm, forms.ModelForm):
    legal_bases = forms.CharField(
        label=_("Căn cứ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một văn bản, theo thứ tự trích dẫn trong kế hoạch."),
    )
    layout = [
        ("year", "document_number"), "title", "theme", ("governing_body", "issuing_authority"),
        ("issue_place", "issue_date"), "legal_bases", "purpose",
        Heading(_("Người ký"), _("Khối chữ ký cuối văn bản: dòng thẩm quyền, dòng ký thay (để trống khi Chủ tịch "
                                 "ký), chức vụ và họ tên người ký.")),
        ("signer_authority", "signer_capacity"), ("signer_position", "signer_name"),
        Heading(_("Các mốc thời gian")),
        ("registration_deadline", "pledge_deadline", "mid_year_review_date", "year_end_review_date"),
        "repeat_leader_rule",
    ]

    class Meta:
        model = Campaign
        fields = [
            "year", "title", "theme", "document_number", "governing_body", "issuing_authority",
            "issue_place", "issue_date", "purpose", "signer_authority", "signer_capacity", "signer_position",
            "signer_name", "registration_deadline", "pledge_deadline", "mid_year_review_date", "year_end_review_date",
            "repeat_leader_rule",
        ]
        help_texts = {
            "registration_deadline": _("Để trống: ngày 31/03 của năm kế hoạch."),
            "repeat_leader_rule": _(
                "Trưởng cụm, khối được bầu tại hội nghị tổng kết năm trước được xếp vào cụm, khối của kế hoạch "
                "sao chép. Một đơn vị làm trưởng cùng cụm, khối (cùng tên) hai năm liền: được phép; được phép "
                "nhưng trang cụm, khối có cảnh báo; hoặc không được phép (không lưu được cụm, khối)."),
        }
        widgets = {
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
            "theme": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 6}),
        }
        field_classes = {
            "issue_date": DateField, "registration_deadline": DateField, "pledge_deadline": DateField, "mid_year_review_date": DateField,
            "year_end_review_date": DateField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out of a post (a script, an older page): the plan keeps its rule.
        self.fields["repeat_leader_rule"].required = False
        if self.instance.pk:
            self.fields["year"].disabled = True
            self.fields["legal_bases"].initial = "\n".join(b.text for b in self.instance.legal_bases.all())
        else:
            # A new plan is signed as the last one was (the same chairman or vice-chairman, most years).
            for name, value in new_plan_initial().items():
                self.fields[name].initial = value

    def clean_repeat_leader_rule(self):
        return self.cleaned_data["repeat_leader_rule"] or self.instance.repeat_leader_rule

    def clean_legal_bases(self):
        return [line.strip() for line in self.cleaned_data["legal_bases"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year") or self.instance.year
        for name in ["registration_deadline", "pledge_deadline", "mid_year_review_date"]:
            value = cleaned.get(name)
            if value and year and value.year != year:
                self.add_error(name, _("Ngày này phải thuộc năm %(year)s.") % {"year": year})
        return cleaned


def new_plan_initial() -> dict:
    """What a new plan's form starts with: the signer of the latest plan, and its issuing body and place; without
    an earlier plan, the city's committee (``THIDUA_CITY_NAME``) and the usual signer (the models' defaults)."""
    last = Campaign.objects.order_by("-year").only(*SIGNER_FIELDS, "issuing_authority", "issue_place").first()
    if last is None:
        return {"issue_place": getattr(settings, "THIDUA_CITY_NAME", "")}
    return {name: getattr(last, name) for name in (*SIGNER_FIELDS, "issuing_authority", "issue_place")}


class ContentItemForm(RowsForm, forms.ModelForm):
    class Meta:
        model = ContentItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class CampaignPartForm(forms.ModelForm):
    """A form for one part of a plan; the plan is given by the view, not chosen in the form."""

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.campaign = campaign

    def _get_validation_exclusions(self):
        # The campaign is not a form field, but the (campaign, code/name) constraints must still be checked
        # here so a duplicate gets a form error instead of a database error.
        return super()._get_validation_exclusions() - {"campaign"}


class IndicatorForm(RowsForm, CampaignPartForm):
    city_value = VietnameseDecimalField(
        label=_("Chỉ tiêu thành phố"), required=False, max_digits=18, decimal_places=4,
        help_text=_("Để trống với chỉ tiêu hoàn thành/không hoàn thành. Ví dụ: 8,5 hoặc 1.250"),
    )
    layout = [
        ("code", "position"), "name", ("direction", "city_value", "measure_unit"), ("area", "weight"),
        ("allows_negative", "content_item"),
    ]

    class Meta:
        model = Indicator
        fields = ["code", "name", "measure_unit", "city_value", "direction", "area", "weight", "allows_negative", "content_item", "position"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, campaign=campaign, **kwargs)
        self.fields["content_item"].queryset = campaign.content_items.order_by("position")
        self.fields["content_item"].empty_label = _("— Không gắn với nội dung nào —")

    def clean(self):
        cleaned = super().clean()
        direction, value = cleaned.get("direction"), cleaned.get("city_value")
        if direction == Indicator.Direction.DONE and value is not None:
            self.add_error("city_value", _("Chỉ tiêu hoàn thành/không hoàn thành không có giá trị số."))
        elif direction and direction != Indicator.Direction.DONE and value is None:
            self.add_error("city_value", _("Hãy nhập giá trị chỉ tiêu của thành phố (có thể là 0)."))
        return cleaned


class ReportingPeriodForm(RowsForm, CampaignPartForm):
    layout = ["name", ("end_date", "deadline")]

    class Meta:
        model = ReportingPeriod
        fields = ["name", "end_date", "deadline"]
        field_classes = {"end_date": DateField, "deadline": DateField}


class StatusChangeForm(forms.Form):
    action = forms.ChoiceField(choices=[("issue", "issue"), ("close", "close"), ("reopen", "reopen")])
    reason = forms.CharField(label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CopyCampaignForm(forms.Form):
    year = forms.IntegerField(label=_("Năm của kế hoạch mới"), min_value=2000, max_value=2100)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if Campaign.objects.filter(year=year).exists():
            raise forms.ValidationError(_("Đã có kế hoạch thi đua của năm %(year)s.") % {"year": year})
        return year
