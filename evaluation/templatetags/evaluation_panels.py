"""The evaluation panel of the group page: ``{% load evaluation_panels %}{% group_evaluation_panel group user %}``.

The group page belongs to ``groups``, which sits below ``evaluation`` and imports nothing of it; its template
loads this library by name.
"""

from django import template

from ..models import Evaluation

register = template.Library()


@register.inclusion_tag("evaluation/_group_evaluation_panel.html")
def group_evaluation_panel(group, user):
    """The group's evaluation, if opened (one query), with a link to its page."""
    return {"group": group, "evaluation": Evaluation.objects.filter(group=group).first(), "user": user}
