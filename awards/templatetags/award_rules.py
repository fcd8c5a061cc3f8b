"""``{% load award_rules %}{{ title|rules_text }}``: a title's rules as the titles page lists them."""

from django import template

from ..proposals import title_rules_text

register = template.Library()


@register.filter
def rules_text(title):
    return title_rules_text(title)
