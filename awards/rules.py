"""A plan's meeting rules (quy định bình xét, :class:`awards.models.AwardSettings`): the quorum of a year-end
meeting as a fraction of the members, and what "elected" means; the form that edits them and the
compare-and-set save.

AwardSettings has no ``version``: the save compares the values the page was opened with (a hidden field) to the
stored ones, under a row lock, so two people changing the rules at once cannot overwrite each other unknowingly.
"""

import re

from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import RowsForm

from .models import AwardSettings

#: The largest denominator of the quorum (a fraction of up to a hundredth, e.g. 51/100).
MAX_DENOMINATOR = 100
_FRACTION = re.compile(r"^\s*(\d{1,3})\s*/\s*(\d{1,3})\s*$")


def quorum_text(numerator: int, denominator: int) -> str:
    """"2/3", as the page, the minutes and the help texts write the quorum."""
    return f"{numerator}/{denominator}"


def settings_state(rules: AwardSettings) -> str:
    """The values the form was opened with, sent back to detect a save by someone else meanwhile."""
    return f"{quorum_text(rules.quorum_numerator, rules.quorum_denominator)}|{rules.elected_base}"


class SettingsConflict(Exception):
    """Someone saved the rules since the form was opened; ``current`` is what they saved."""

    def __init__(self, current: AwardSettings):
        super().__init__("award settings changed")
        self.current = current


class AwardSettingsForm(RowsForm, forms.Form):
    layout = [("quorum", "elected_base")]

    quorum = forms.CharField(
        label=gettext_lazy("Tỷ lệ có mặt tối thiểu (túc số)"), max_length=20,
        help_text=gettext_lazy("Một phân số của tổng số thành viên cụm, khối, ví dụ 2/3: hội nghị hợp lệ khi có "
                               "mặt từ hai phần ba số đơn vị thành viên trở lên."),
    )
    elected_base = forms.ChoiceField(
        label=gettext_lazy("Đơn vị trúng cử khi được"), choices=AwardSettings.ElectedBase.choices,
        help_text=gettext_lazy("Số phiếu đồng ý một đơn vị cần để được đề nghị khen thưởng hoặc được bầu "
                               "làm trưởng, phó cụm, khối."),
    )
    opened = forms.CharField(widget=forms.HiddenInput, required=False)

    @classmethod
    def for_rules(cls, rules: AwardSettings, data=None) -> "AwardSettingsForm":
        return cls(data, initial={
            "quorum": quorum_text(rules.quorum_numerator, rules.quorum_denominator),
            "elected_base": rules.elected_base, "opened": settings_state(rules),
        })

    def clean_quorum(self) -> tuple[int, int]:
        match = _FRACTION.match(self.cleaned_data["quorum"])
        if match is None:
            raise forms.ValidationError(_("Hãy nhập tỷ lệ dạng phân số, ví dụ 2/3."))
        numerator, denominator = int(match[1]), int(match[2])
        if not 0 < numerator <= denominator <= MAX_DENOMINATOR:
            raise forms.ValidationError(
                _("Tử số phải lớn hơn 0 và không lớn hơn mẫu số; mẫu số không quá %(max)s.")
                % {"max": MAX_DENOMINATOR})
        return numerator, denominator


@transaction.atomic
def save_settings(campaign, numerator: int, denominator: int, elected_base: str, *, opened: str) -> AwardSettings:
    """Store the plan's rules if they are still what the form was opened with (``opened``, from
    :func:`settings_state`); raises :class:`SettingsConflict` with what someone else saved otherwise."""
    stored = AwardSettings.objects.select_for_update().filter(campaign=campaign).first()
    current = stored or AwardSettings(campaign=campaign)
    if settings_state(current) != opened:
        raise SettingsConflict(current)
    current.quorum_numerator, current.quorum_denominator = numerator, denominator
    current.elected_base = elected_base
    current.full_clean()
    if stored is not None:
        current.save()
        return current
    try:
        with transaction.atomic():
            current.save()
    except IntegrityError:  # someone else's first save came in between
        raise SettingsConflict(AwardSettings.objects.get(campaign=campaign)) from None
    return current
