"""How an administrative document names who signs it (Decree 30/2020/NĐ-CP, article 13): the checks shared by
the plan's signer (campaigns) and a pledge's signatures (pledges).

The capacity line says in what capacity someone other than the head signs: ``KT.`` (ký thay, a deputy for the
head), ``Q.`` (quyền, acting head), ``TL.`` (thừa lệnh, by order) or ``TUQ.`` (thừa ủy quyền, by delegation),
followed by the head's title ("KT. CHỦ TỊCH"). The head signing in person has no capacity line. ``TM.`` (thay
mặt, on behalf of a collective body) is the authority line above it, not a capacity.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

CAPACITY_PREFIXES = ("KT.", "Q.", "TL.", "TUQ.")


def validate_capacity(value: str) -> None:
    """Blank (the head signs), or one of the decree's capacities followed by the head's title."""
    text = (value or "").strip()
    if not text:
        return
    prefix, _space, title = text.partition(" ")
    if prefix.upper() not in CAPACITY_PREFIXES or not title.strip():
        raise ValidationError(
            _("Dòng ký thay ghi “KT.”, “Q.”, “TL.” hoặc “TUQ.” rồi chức danh của người đứng đầu, ví dụ “KT. CHỦ "
              "TỊCH”; để trống khi người đứng đầu ký."),
            code="capacity",
        )


def validate_authority(value: str) -> None:
    """"TM." (on behalf of) and the collective body, or the issuing body's name; never a capacity line."""
    prefix = (value or "").strip().partition(" ")[0].upper()
    if prefix in CAPACITY_PREFIXES:
        raise ValidationError(
            _("“%(prefix)s” là dòng ký thay, hãy ghi vào ô ký thay; dòng này ghi “TM.” và tên tập thể, ví dụ "
              "“TM. ỦY BAN NHÂN DÂN”.") % {"prefix": prefix},
            code="authority",
        )
