"""How the evaluation pages word points and classes: ``{% load scores %}{{ value|points }}``, ``|class_label``,
``|held_back``."""

from django import template

from .. import display
from ..scoring import points_text

register = template.Library()


@register.filter
def points(value):
    """Points as :func:`evaluation.scoring.points_text` words them (two decimals); nothing for no points."""
    if value is None or value == "":
        return ""
    return points_text(value)


@register.filter
def class_label(grade):
    return display.class_label(grade)


@register.filter
def held_back(criterion):
    return display.held_back_text(criterion)


@register.filter
def round_label(key):
    return display.round_label(key)
