from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.fields import DateField, VietnameseDecimalField
from common.forms import RowsForm
from common.numbers import format_number, parse_number
from common.signers import validate_capacity
from common.uploads import DOCUMENT_ACCEPT, validate_document

from .models import Pledge, PledgeLine, Target

NOT_APPLICABLE_MARKS = {"-", "–", "—", "kad", "không áp dụng", "khong ap dung", "k/a", "n/a"}
DONE_MARKS = {"x", "1", "có", "co", "cam kết", "hoàn thành", "hoan thanh", "cam kết hoàn thành"}


def parse_cell(raw, line: PledgeLine) -> tuple[str, Decimal | None]:
    """What a person typed in a cell (or an Excel cell held) → (target status, value).

    Numbers are read the Vietnamese way ("1.234,5"); 0 is a value. A dash means "not applicable"; an empty
    cell empties the target. A done/not-done line takes "x" (committed) or a dash. The number is checked by
    the line's rule (:meth:`PledgeLine.clean_value`: finite, in range, not negative unless allowed).
    """
    if isinstance(raw, bool):
        raw = "x" if raw else ""
    if isinstance(raw, (int, float, Decimal)) and not line.is_done_kind:
        number = raw
    else:
        text = "" if raw is None else str(raw).strip()
        lowered = text.lower()
        if not text:
            return Target.Status.EMPTY, None
        if lowered in NOT_APPLICABLE_MARKS:
            return Target.Status.NOT_APPLICABLE, None
        if line.is_done_kind:
            if lowered in DONE_MARKS:
                return Target.Status.SET, None
            raise ValidationError(
                _("Chỉ tiêu “%(code)s” chỉ nhận “x” (cam kết hoàn thành) hoặc “-” (không áp dụng), không nhận "
                  "“%(value)s”.") % {"code": line.code, "value": text}
            )
        number = parse_number(text)
    return Target.Status.SET, line.clean_value(number)


def cell_text(target: Target | None, line: PledgeLine) -> str:
    """How a stored target is typed back into its cell (the inverse of :func:`parse_cell`)."""
    if target is None or target.status == Target.Status.EMPTY:
        return ""
    if target.status == Target.Status.NOT_APPLICABLE:
        return "-"
    if line.is_done_kind:
        return "x"
    return format_number(target.value, grouping=False)


class PledgeForm(RowsForm, forms.ModelForm):
    commitments = forms.CharField(
        label=_("Nội dung giao ước"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Mỗi dòng một nội dung, theo thứ tự. Đã điền sẵn các nội dung thi đua của kế hoạch."),
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    layout = [
        "title", ("document_number", "document_symbol"), "legal_bases", "purpose", "commitments",
        ("sign_place", "sign_date"),
    ]

    class Meta:
        model = Pledge
        fields = ["title", "document_number", "document_symbol", "legal_bases", "purpose", "sign_place", "sign_date"]
        widgets = {
            "legal_bases": forms.Textarea(attrs={"rows": 5}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"sign_date": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["commitments"].initial = "\n".join(c.text for c in self.instance.commitments.all())
            self.fields["revision"].initial = self.instance.revision

    def clean_commitments(self):
        return [line.strip() for line in self.cleaned_data["commitments"].splitlines() if line.strip()]

    def clean(self):
        cleaned = super().clean()
        # The revision is a hidden field: its error belongs at the top of the form, where it is seen.
        if self.instance.pk and cleaned.get("revision") != self.instance.revision:
            raise ValidationError(
                _("Giao ước vừa được người khác sửa sau khi bạn mở trang này. Hãy tải lại trang để xem bản mới "
                  "nhất rồi sửa lại."), code="conflict",
            )
        return cleaned


class LineForm(RowsForm, forms.ModelForm):
    """An item of the group's own or of one member's own, added to the pledge's targets."""

    layout = ["name", ("measure_unit", "direction", "city_value"), "unit"]
    city_value = VietnameseDecimalField(
        label=_("Giá trị tham chiếu"), required=False, max_digits=18, decimal_places=4,
        help_text=_("Không bắt buộc; ví dụ mức chung của cụm, khối."),
    )

    class Meta:
        model = PledgeLine
        fields = ["name", "measure_unit", "direction", "city_value", "unit"]

    def __init__(self, *args, units=(), fixed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Tên chỉ tiêu")
        unit_field = self.fields["unit"]
        unit_field.label = _("Áp dụng cho")
        unit_field.help_text = _("Chọn một đơn vị nếu đây là chỉ tiêu riêng của đơn vị đó.")
        if fixed_unit is not None:
            unit_field.queryset = unit_field.queryset.filter(pk=fixed_unit.pk)
            unit_field.initial = fixed_unit.pk
            unit_field.required = True
            unit_field.empty_label = None
        else:
            unit_field.queryset = unit_field.queryset.filter(pk__in=[u.pk for u in units])
            unit_field.empty_label = _("— Toàn cụm, khối (mọi thành viên) —")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("direction") == PledgeLine.Direction.DONE:
            cleaned["city_value"] = None
        return cleaned


class SignForm(RowsForm, forms.Form):
    layout = [("signer_name", "signer_position"), "signer_capacity", "scan", "confirm"]
    signer_name = forms.CharField(label=_("Họ và tên thủ trưởng đơn vị ký"), max_length=150)
    signer_position = forms.CharField(
        label=_("Chức vụ"), max_length=150, help_text=_("Ví dụ: Giám đốc, Chủ tịch UBND quận, Phó Giám đốc phụ trách")
    )
    signer_capacity = forms.CharField(
        label=_("Ký thay (nếu người ký không phải thủ trưởng)"), max_length=150, required=False,
        validators=[validate_capacity],
        help_text=_("Ví dụ: KT. GIÁM ĐỐC, KT. CHỦ TỊCH; để trống khi thủ trưởng đơn vị ký."),
    )
    scan = forms.FileField(
        label=_("Bản chụp văn bản đã ký (không bắt buộc)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("PDF, JPG hoặc PNG, tối đa 10 MB."),
    )
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận thủ trưởng đơn vị đã ký giao ước này."), required=True,
    )

    SCAN_MAX_BYTES = 10 * 1024 * 1024

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            validate_document(scan, self.SCAN_MAX_BYTES)
        return scan or None


class AmendForm(RowsForm, forms.Form):
    reason = forms.CharField(
        label=_("Lý do sửa đổi"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ví dụ: điều chỉnh chỉ tiêu theo Nghị quyết của HĐND thành phố giữa năm."),
    )


class ImportForm(RowsForm, forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"), help_text=_("Tệp mẫu đã tải về và điền số liệu; tối đa 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
    )
