"""Pledge panels shown on lower apps' pages: ``{% load pledge_panels %}{% group_pledge_panel group user %}``.

The group page belongs to ``groups``, which sits below ``pledges`` and imports nothing of it; its template
loads this library by name, so the pledge part of the page is decided here, with the pledge rules.
"""

from django import template

from groups.access import leader_unit_id

from ..access import can_manage
from ..models import Pledge

register = template.Library()


@register.inclusion_tag("pledges/_group_pledge_panel.html")
def group_pledge_panel(group, user):
    """The group's current pledge (one query), or whether ``user`` may draft one. ``group.memberships`` is
    read from the group page's prefetch to find the leader unit without another query."""
    pledge = Pledge.objects.current().filter(group=group).first()
    campaign = group.campaign
    leader_id = leader_unit_id(group)
    return {
        "group": group,
        "campaign": campaign,
        "pledge": pledge,
        "can_create_pledge": pledge is None and campaign.is_issued
        and can_manage(user, group.pk, leader_id),
    }
