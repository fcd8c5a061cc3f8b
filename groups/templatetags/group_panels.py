"""Group panels shown on lower apps' pages: ``{% load group_panels %}{% unit_memberships unit user %}``.

The unit page belongs to ``units``, which sits below ``groups`` and imports nothing of it; its template loads
this library by name, so which groups a user sees the unit in is decided here, with the group rules.
"""

from django import template
from django.db.models import Prefetch

from ..models import Group, Membership

register = template.Library()


@register.inclusion_tag("groups/_unit_memberships.html")
def unit_memberships(unit, user):
    """The unit's groups that ``user`` may see, newest plan first, with their members (two queries)."""
    memberships = (
        Membership.objects.filter(unit=unit, group__in=Group.objects.visible_to(user))
        .select_related("group", "campaign")
        .prefetch_related(Prefetch("group__memberships", queryset=Membership.objects.in_display_order()))
        .order_by("-campaign__year")
    )
    return {"unit": unit, "memberships": memberships}
