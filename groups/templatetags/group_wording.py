"""``{{ membership.role|role_label:group.kind }}`` and ``{% role_badge membership.role group.kind %}``: a role in
the words of :mod:`groups.wording`."""

from django import template
from django.utils.html import format_html

from groups import wording
from groups.models import Membership

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
