"""``{{ membership.role|role_label:group.kind }}``: a role in the words of :mod:`groups.wording`."""

from django import template

from groups import wording

register = template.Library()


@register.filter
def role_label(role, kind=None):
    return wording.role_label(role, kind)
