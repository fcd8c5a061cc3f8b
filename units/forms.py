from django import forms
from django.utils.translation import gettext_lazy as _

from common.fields import DateField
from common.forms import RowsForm

from .models import Unit


class UnitForm(RowsForm, forms.ModelForm):
    layout = [("code", "kind"), "name", "short_name"]

    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind"]


class RetireUnitForm(forms.ModelForm):
    """Retire a unit that was dissolved or merged; it stays in the history of earlier campaigns.

    ``move_memberships`` asks to put the successor in the unit's place in the groups the retirement affects
    (``groups.services.hand_over_memberships``).
    """

    move_memberships = forms.BooleanField(
        label=_("Chuyển tư cách thành viên sang đơn vị kế thừa"), required=False,
        help_text=_("Đơn vị sáp nhập vào thay thế đơn vị này, giữ nguyên vai trò (trưởng, phó), trong các cụm, "
                    "khối liệt kê ở trên."),
    )

    class Meta:
        model = Unit
        fields = ["retired_on", "retirement_reason", "merged_into"]
        widgets = {"retirement_reason": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"retired_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["retired_on"].required = True
        self.fields["retirement_reason"].required = True
        self.fields["merged_into"].queryset = Unit.objects.active().exclude(pk=self.instance.pk)
        self.fields["merged_into"].empty_label = _("— Không sáp nhập (giải thể) —")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("move_memberships") and not cleaned.get("merged_into"):
            self.add_error("merged_into", _("Chọn đơn vị kế thừa để chuyển tư cách thành viên."))
        return cleaned
