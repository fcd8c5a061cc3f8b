"""``{{ membership.role|role_label:group.kind }}`` and ``{% role_badge membership.role group.kind %}``: a role in
the words of :mod:`groups.wording`; ``{% member_list group %}``: a group card's members."""

from django import template
from django.utils.html import format_html, format_html_join

from groups import wording
from groups.models import Membership
from units.wording import retired_badge

register = template.Library()


@register.filter
def role_label(role, kind=None):
    return wording.role_label(role, kind)


@register.simple_tag
def role_badge(role, kind=None, plain_member=False):
    """A leader's or deputy's badge ("Cụm trưởng", "Khối phó"); a plain member shows nothing, or its label in
    plain text with ``plain_member=True`` (a table's role column)."""
    label = wording.role_label(role, kind)
    if role == Membership.Role.MEMBER:
        return label if plain_member else ""
    return format_html('<span class="badge badge-{}">{}</span>', role, label)


@register.simple_tag
def member_list(group):
    """The ``<ul class="member-list">`` of a group card: each member (``group.member_rows``, in display order)
    with its retired badge and role badge. Written here rather than by a template loop with an include per
    member: the city's group list shows every member of every group, a thousand rows at city scale, and the
    include was most of that page's time (issue 14)."""
    badges = {role: role_badge(role, group.kind) for role in Membership.Role.values}
    return format_html('<ul class="member-list">{}\n  </ul>', format_html_join("", "\n    <li><span>{} {}</span>{}</li>", (
        (row.unit_name, retired_badge(row.retired_on, row.merged_into_name), badges[row.role])
        for row in group.member_rows)))
