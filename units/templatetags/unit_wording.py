"""``{% retired_badge unit %}``: a retired unit's badge, in the words of :mod:`units.wording`."""

from django import template

from units import wording

register = template.Library()


@register.simple_tag
def retired_badge(unit):
    return wording.unit_retired_badge(unit)
