"""``{{ row.report_status|report_state }}``: a report's state in the words of :mod:`progress.wording`; ``{% average_notes %}``:
how the averages beside it are obtained."""

from django import template

from progress import wording

register = template.Library()


@register.filter
def report_state(status):
    return wording.report_state(status or None)


@register.simple_tag
def average_notes(scope, weights=()):
    """How the averages of a block are obtained and rounded, in the words the PDF and the workbook use too:
    ``{% average_notes "group" dashboard.weights %}`` (a unit's and the group's averages), ``"unit"`` (a unit's
    averages over the periods), ``"city"`` (groups, the city, indicators and content items)."""
    return wording.average_notes(scope, weights)
