"""``{% target_text line target %}``: a committed target in the words of :mod:`pledges.wording`."""

from django import template

from pledges import wording

register = template.Library()


@register.simple_tag
def target_text(line, target, with_unit=False):
    return wording.target_text(line, target, with_unit=with_unit)
