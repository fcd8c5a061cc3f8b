"""How a group's facts read, wherever they are shown: the page, the PDF and the workbook say the same words."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from campaigns.models import RepeatLeaderRule

from .models import Group, Membership

# Marked here, translated where shown: a leader of a bloc is "Khối trưởng", of a cluster "Cụm trưởng".
ROLE_WORDS = {
    (Group.Kind.BLOC, Membership.Role.LEADER): gettext_noop("Khối trưởng"),
    (Group.Kind.BLOC, Membership.Role.DEPUTY): gettext_noop("Khối phó"),
    (Group.Kind.CLUSTER, Membership.Role.LEADER): gettext_noop("Cụm trưởng"),
    (Group.Kind.CLUSTER, Membership.Role.DEPUTY): gettext_noop("Cụm phó"),
}


def role_label(role: str, kind: str | None) -> str:
    """A membership's role as the decree's documents write it: "Khối trưởng", "Cụm phó", "Thành viên".

    The group's kind names the role (a leader of a cluster is "Cụm trưởng"); without a kind, the role's own
    label ("Trưởng", "Phó"). Every page, PDF and workbook reads a role through this function.
    """
    if role == Membership.Role.MEMBER:
        return _("Thành viên")
    word = ROLE_WORDS.get((kind, role))
    if word is not None:
        return _(word)
    return str(Membership.Role(role).label) if role in Membership.Role.values else ""


def repeat_leader_text(repeat, kind: str | None) -> str:
    """"Đơn vị Sở Tài chính làm trưởng cụm này năm 2024; quy định: …": a group whose leader led the group of
    the same name the year before (:class:`groups.services.RepeatLeader`), as the group page, list and form say
    it."""
    if kind == Group.Kind.BLOC:
        text = _("Đơn vị %(unit)s làm trưởng khối này năm %(year)s") % {"unit": repeat.unit_name, "year": repeat.year}
    else:
        text = _("Đơn vị %(unit)s làm trưởng cụm này năm %(year)s") % {"unit": repeat.unit_name, "year": repeat.year}
    if repeat.rule == RepeatLeaderRule.REFUSE:
        rule = _("không được làm trưởng cùng cụm, khối hai năm liền. Hãy chọn đơn vị trưởng khác.")
    else:
        rule = _("được làm trưởng hai năm liền nhưng cần cân nhắc luân phiên.")
    return _("%(text)s; quy định: %(rule)s") % {"text": text, "rule": rule}


def repeat_leader_short(repeat) -> str:
    """The same, short, for a group's card on the list: "Trưởng hai năm liền (đã làm trưởng năm 2024)"."""
    return _("Trưởng hai năm liền (đã làm trưởng năm %(year)s)") % {"year": repeat.year}


def repeat_leaders_summary(count: int, campaign) -> str:
    """The list's summary of the groups whose leader led them the year before, with the plan's rule."""
    if campaign.repeat_leader_rule == RepeatLeaderRule.REFUSE:
        rule = _("không được phép: hãy chọn đơn vị trưởng khác cho các cụm, khối này.")
    else:
        rule = _("được phép, có cảnh báo: nên luân phiên đơn vị trưởng.")
    return _("%(count)s cụm, khối có đơn vị trưởng đã làm trưởng cụm, khối cùng tên năm trước; quy định của kế "
             "hoạch: %(rule)s") % {"count": count, "rule": rule}
