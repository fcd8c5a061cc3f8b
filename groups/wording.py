"""How a group's facts read, wherever they are shown: the page, the PDF and the workbook say the same words."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
