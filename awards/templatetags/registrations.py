"""How registration pages word a state: ``{% load registrations %}{{ key|state_label }}``."""

from django import template

from ..wording import STATES

register = template.Library()


@register.filter
def state_label(key):
    return str(STATES.get(key, ""))
