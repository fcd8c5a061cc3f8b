"""The vocabulary of Decree 30/2020/NĐ-CP on administrative documents, as every printed document uses it.

The header: the governing body and the issuer in capitals on the left, over the document's number ("Số: …/KH");
the national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the motto "Độc lập - Tự do - Hạnh phúc" on the right,
over the place and date ("Đà Nẵng, ngày 05 tháng 02 năm 2024"). The closing: "Nơi nhận:" and its list on the left,
the signature block on the right ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").

The national name and the motto are part of the legal form of the document: printed as the decree writes them,
never translated.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
PEOPLES_COMMITTEE = "ỦY BAN NHÂN DÂN"
PEOPLES_COMMITTEE_SHORT = "UBND"
NBSP = "\u00a0"
BLANK_DAY = NBSP * 6             # room to write the day or month by hand on a document not yet dated
BLANK_NUMBER = NBSP * 10         # room for the number a registry gives the document


# --- names and dates as the decree writes them -----------------------------------------------------------


def upper(text: str) -> str:
    return (text or "").strip().upper()


def authority_lines(name: str) -> list[str]:
    """An issuing body in capitals, broken where an official would break it: "ỦY BAN NHÂN DÂN" over
    "THÀNH PHỐ ĐÀ NẴNG"; other names are left to wrap within the column."""
    name = upper(name)
    if name.startswith(PEOPLES_COMMITTEE + " "):
        return [PEOPLES_COMMITTEE, name[len(PEOPLES_COMMITTEE):].strip()]
    return [name] if name else []


def short_authority(name: str) -> str:
    """The city's People's Committee as the governing body of a group: "UBND THÀNH PHỐ ĐÀ NẴNG" (the decree
    allows the common abbreviation in that line)."""
    name = upper(name)
    if name.startswith(PEOPLES_COMMITTEE + " "):
        return PEOPLES_COMMITTEE_SHORT + name[len(PEOPLES_COMMITTEE):]
    return name


def decree_date(place: str, date: datetime.date | None, year: int | None = None) -> str:
    """"Đà Nẵng, ngày 05 tháng 02 năm 2024": a zero before a day under 10 and before the months 1 and 2, as the
    decree wants; without a date, room to write it by hand."""
    if date is None:
        day = month = BLANK_DAY
        year = year or ""
    else:
        day = f"{date.day:02d}"
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        year = date.year
    text = _("ngày %(day)s tháng %(month)s năm %(year)s") % {"day": day, "month": month, "year": year}
    return f"{place}, {text}" if place else text


def legal_basis_text(text: str) -> str:
    """A legal basis as the plan cites it, "Căn cứ …", whether or not the user typed the words."""
    text = text.strip()
    if text.lower().startswith("căn cứ"):
        return text
    return _("Căn cứ %(document)s") % {"document": text}


def subject_of(title: str, kind: str) -> str:
    """The line under the document type: "Phát động phong trào thi đua năm 2024" from the plan's title
    "Kế hoạch phát động …" (the type "KẾ HOẠCH" is printed above it, so it is not repeated)."""
    title = title.strip()
    if title.lower().startswith(kind.lower() + " "):
        rest = title[len(kind) + 1:].strip()
        return rest[:1].upper() + rest[1:]
    return title


# --- the header and the closing ----------------------------------------------------------------------------


@dataclass
class Header:
    """The two-column header of the decree: the issuer and its number on the left, the national motto and the
    place and date on the right."""

    governing_body: list[str]
    issuer: list[str]
    number: str
    place_date: str
    nation: str = NATION
    motto: str = MOTTO
    recipients_title: str = field(default_factory=lambda: recipients_title())


@dataclass
class Signer:
    """The signature block on the right of the last page."""

    lines: list[str]                 # "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"
    name: str = ""


def number_text(document_number: str, suffix: str = "") -> str:
    if document_number:
        return _("Số: %(number)s") % {"number": document_number}
    return _("Số: %(number)s") % {"number": BLANK_NUMBER + suffix}


def recipients_title() -> str:
    """The heading of the list of recipients, at the bottom left of the last page."""
    return _("Nơi nhận:")


def committee_signer(issuer: str) -> Signer:
    """The signature block of a document issued by ``issuer``: a People's Committee signs "TM." (on behalf of)
    the committee, "KT." (for) its chairman, by a vice-chairman; another body "TM." the body, by its head."""
    if upper(issuer).startswith(PEOPLES_COMMITTEE):
        return Signer([_("TM. ỦY BAN NHÂN DÂN"), _("KT. CHỦ TỊCH"), _("PHÓ CHỦ TỊCH")])
    return Signer([_("TM. %(issuer)s") % {"issuer": upper(issuer)}, _("THỦ TRƯỞNG")])
