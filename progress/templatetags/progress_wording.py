"""``{{ row.report_status|report_state }}``: a report's state in the words of :mod:`progress.wording`."""

from django import template

from progress import wording

register = template.Library()


@register.filter
def report_state(status):
    return wording.report_state(status or None)
