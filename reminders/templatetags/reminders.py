"""``{{ item|deadline_words:today }}``: a deadline in the one wording of :meth:`reminders.deadlines.Due.when`."""

from django import template

register = template.Library()


@register.filter
def deadline_words(item, today):
    return item.when(today)
