"""The vocabulary of Decree 30/2020/NĐ-CP on administrative documents, as every printed document uses it.

The header: the governing body and the issuer in capitals on the left, over the document's number and symbol
("Số: 45/KH-UBND", or "Số: …/KH-UBND" before the registry numbers it);
the national name "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and the motto "Độc lập - Tự do - Hạnh phúc" on the right,
over the place and date ("Đà Nẵng, ngày 05 tháng 02 năm 2024"). The closing: "Nơi nhận:" and its list on the left,
the signature block on the right ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH").

The national name and the motto are part of the legal form of the document: printed as the decree writes them,
never translated.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
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
    """The signature block on the right of the last page: the authority ("TM. ỦY BAN NHÂN DÂN", or the issuing
    unit), the capacity where the signer is not the head ("KT. CHỦ TỊCH", "Q. GIÁM ĐỐC", "TL. …", "TUQ. …";
    none when the head signs), the position ("PHÓ CHỦ TỊCH"), room for the signature and seal, the full name."""

    authority: list[str] = field(default_factory=list)
    capacity: str = ""
    position: str = ""
    name: str = ""

    @property
    def lines(self) -> list[str]:
        """The lines above the signature, in capitals, the empty ones left out."""
        return [upper(line) for line in [*self.authority, self.capacity, self.position] if line and line.strip()]


def number_text(document_number: str, symbol: str = "") -> str:
    """"Số: 45/KH-UBND". A number typed with its symbol is printed as typed; a number without one gets the
    document's symbol ("01" → "01/GƯTĐ-CTĐ"); before the registry gives the number, room for it and the symbol
    ("Số:     /KH-UBND")."""
    number, symbol = (document_number or "").strip(), (symbol or "").strip().lstrip("/")
    if number and ("/" in number or not symbol):
        return _("Số: %(number)s") % {"number": number}
    return _("Số: %(number)s") % {"number": f"{number or BLANK_NUMBER}/{symbol}"}


def plan_symbol(issuer: str) -> str:
    """The symbol of a plan (kế hoạch): "KH-UBND" for a People's Committee's, "KH" for another body's (whose own
    abbreviation the office types with the number)."""
    return "KH-" + PEOPLES_COMMITTEE_SHORT if upper(issuer).startswith(PEOPLES_COMMITTEE) else "KH"


def recipients_title() -> str:
    """The heading of the list of recipients, at the bottom left of the last page."""
    return _("Nơi nhận:")


# --- words that never break across lines ------------------------------------------------------------------

# Vietnamese writes a word of two syllables with a space between them ("đầu tư", "Hải Châu"). A line may break
# between words, never inside one: the spaces inside a word become no-break spaces. Proper names and the words
# of an official name are told by their capitals ("Sở Kế hoạch và Đầu tư", "Quận Hải Châu"); the common words of
# group and unit names written in lower case are listed here.
COMPOUND_WORDS = frozenset(word.strip() for word in """
    ủy ban|nhân dân|thành phố|thi đua|ven biển|kinh tế|xã hội|văn hóa|đoàn thể|doanh nghiệp|trung tâm|công nghiệp|
    miền núi|tổng hợp|nông thôn|vận tải|chiến binh|nước thải|công ty|văn phòng|liên đoàn|khen thưởng|hành chính|
    sự nghiệp|nội chính|đô thị|khu vực|cơ quan|đơn vị|tỉnh ủy|thành ủy|quận ủy|huyện ủy|an ninh|quốc phòng|
    giáo dục|đào tạo|y tế|dịch vụ|thương mại|tài chính|ngân hàng|khoa học|công nghệ|nông nghiệp|lâm nghiệp|
    ngư nghiệp|thủy sản|du lịch|giao thông|xây dựng|môi trường|tài nguyên|lao động|thương binh|thanh niên|
    phụ nữ|nông dân|cựu chiến|hải đảo|biên giới|cảng cá|âu thuyền|hợp tác|trách nhiệm|hữu hạn|thành viên|thoát nước|cấp nước|xử lý|cổ phần|trung ương|nội vụ|khen thưởng
""".split("|"))
FUNCTION_WORDS = frozenset({"và", "các", "của", "có", "với", "cho", "-", "–", "&"})


def _capitalised(syllable: str) -> bool:
    return syllable[:1].isupper()


def _inside_word(syllables: list[str], index: int, capitals_tell: bool = True) -> bool:
    """Whether the space before ``syllables[index]`` is inside a word.

    ==========================================================  =================================================
    the two syllables                                           the space
    ==========================================================  =================================================
    after a comma, or either is a function word ("và", "các")   a break
    a listed common word ("thi đua", "ven biển", "ủy ban")      inside the word
    the name's first word and the next ("Quận | Hải Châu")      a break
    capitals that continue a proper name ("Hải Châu")           inside the word
    a capital heading lower case ("Kế hoạch", "Đầu tư")         inside the word, unless the capital ends a proper
                                                                name ("Hồ Chí Minh | thành phố")
    anything else                                               a break
    ==========================================================  =================================================

    A name typed in capitals (``capitals_tell`` false) has only the listed words to go by.
    """
    left, right = syllables[index - 1], syllables[index]
    if left[-1:] in ",;:" or left.lower() in FUNCTION_WORDS or right.lower() in FUNCTION_WORDS:
        return False
    if f"{left.lower()} {right.strip(',;:').lower()}" in COMPOUND_WORDS:
        return True
    if not capitals_tell or index == 1 or not _capitalised(left):
        return False
    if _capitalised(right):
        return True
    return not (index >= 3 and _capitalised(syllables[index - 2]))


def keep_words(name: str) -> str:
    """``name`` with no-break spaces inside its words, so that a narrow cell or a column wraps it between
    words only: "Sở Kế hoạch và Đầu tư" may break before "Đầu tư", never inside it. Call it on the name as
    written (its capitals tell the words), before :func:`upper`."""
    syllables = (name or "").split()
    if not syllables:
        return ""
    capitals_tell = not (name or "").isupper()
    out = [syllables[0]]
    for index in range(1, len(syllables)):
        out += [NBSP if _inside_word(syllables, index, capitals_tell) else " ", syllables[index]]
    return _city_held("".join(out))


def _city_held(text: str) -> str:
    """The city's name (``THIDUA_CITY_NAME``) held together in any case: "THÀNH PHỐ ĐÀ NẴNG" typed in capitals
    has no capitals to tell its words by."""
    city = (getattr(settings, "THIDUA_CITY_NAME", "") or "").split()
    if len(city) < 2:
        return text
    pattern = r"\s+".join(re.escape(word) for word in city)
    return re.sub(pattern, lambda match: NBSP.join(match.group(0).split()), text, flags=re.IGNORECASE)


def committee_signer(issuer: str) -> Signer:
    """The usual signature block of a document issued by ``issuer``: a People's Committee signs "TM." (on
    behalf of) the committee, "KT." (for) its chairman, by a vice-chairman; another body by its head."""
    if upper(issuer).startswith(PEOPLES_COMMITTEE):
        return Signer([_("TM. ỦY BAN NHÂN DÂN")], _("KT. CHỦ TỊCH"), _("PHÓ CHỦ TỊCH"))
    return Signer([upper(issuer)], "", _("THỦ TRƯỞNG"))
