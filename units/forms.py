from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.fields import DateField

from .models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "short_name", "kind"]


class RetireUnitForm(forms.ModelForm):
    """Retire a unit that was dissolved or merged; it stays in the history of earlier campaigns."""

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
