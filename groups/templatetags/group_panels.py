"""Group panels shown on lower apps' pages: ``{% load group_panels %}``, then
``{% unit_memberships unit user %}`` on the unit page and ``{% campaign_groups_card campaign user %}`` on the
plan page.

Those pages belong to ``units`` and ``campaigns``, which sit below ``groups`` and import nothing of it; their
templates load this library by name, so what a user sees of the groups is decided here, with the group rules.
"""

from django import template
from django.db.models import Count, Prefetch, Q

from ..access import CampaignGroupsRights
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


@register.inclusion_tag("groups/_campaign_groups_card.html")
def campaign_groups_card(campaign, user):
    """The plan's blocs, clusters and member units counted (one query, for those who see every group)."""
    rights = CampaignGroupsRights.of(user, campaign)
    summary = None
    if rights.sees_all:
        summary = Group.objects.visible_to(user).filter(campaign=campaign).aggregate(
            blocs=Count("pk", filter=Q(kind=Group.Kind.BLOC), distinct=True),
            clusters=Count("pk", filter=Q(kind=Group.Kind.CLUSTER), distinct=True),
            units=Count("memberships"),
        )
    return {"campaign": campaign, "rights": rights, "group_summary": summary}
