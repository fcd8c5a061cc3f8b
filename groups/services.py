from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from campaigns.models import RepeatLeaderRule

from .access import leader_unit_id
from .models import Group, Membership, current_member_holders


@transaction.atomic
def save_group(group: Group, roles: dict[int, str]) -> Group:
    """Save a group and bring its memberships to ``roles`` (unit id → role).

    Existing memberships are kept (later records such as pledges hang on them); roles change in two steps so
    that swapping leader and deputy never holds two leaders at once. Members and roles do not change while the
    group's pledge is open for signing or signed (:meth:`Group.ensure_members_may_change`); name, kind and
    description do.
    """
    group.save()
    # Not ``group.memberships``: when prefetched for display it carries outer joins that FOR UPDATE refuses.
    current = {m.unit_id: m for m in Membership.objects.filter(group=group).select_for_update()}
    if {unit_id: m.role for unit_id, m in current.items()} != roles:
        group.ensure_members_may_change()
    group.memberships.exclude(unit_id__in=roles).delete()
    changed = [m for unit_id, m in current.items() if unit_id in roles and m.role != roles[unit_id]]
    for membership in changed:
        membership.role = Membership.Role.MEMBER
    Membership.objects.bulk_update(changed, ["role"])
    for membership in changed:
        membership.role = roles[membership.unit_id]
    # The history (who joined, left, changed role) records the final roles, not the intermediate step.
    bulk_update_with_history(changed, Membership, ["role"])
    bulk_create_with_history(
        [
            Membership(group=group, campaign_id=group.campaign_id, unit_id=unit_id, role=role)
            for unit_id, role in roles.items()
            if unit_id not in current
        ],
        Membership,
    )
    return group


def copy_groups(source, campaign) -> list[Group]:
    """Copy ``source`` plan's blocs and clusters, with their members and roles, into ``campaign`` (a new copy of
    it); units retired since are left out (the office regroups them). Run by ``campaigns.signals.campaign_copied``."""
    source_groups = list(source.groups.prefetch_related("memberships__unit"))
    new_groups = Group.objects.bulk_create(
        Group(campaign=campaign, kind=group.kind, name=group.name, description=group.description)
        for group in source_groups
    )
    Membership.objects.bulk_create(
        Membership(group=new_group, campaign=campaign, unit=membership.unit, role=membership.role)
        for group, new_group in zip(source_groups, new_groups, strict=True)
        for membership in group.memberships.all()
        if membership.unit.is_active
    )
    return new_groups


@dataclass
class AffectedMembership:
    """A membership that a unit's retirement affects, with the group's current pledge (or None)."""

    membership: Membership
    pledge: object  # the group's current record from MEMBER_HOLDERS: its latest pledge version

    @property
    def locked(self) -> bool:
        """A pledge open for signing or signed holds its members: they change only through an amendment."""
        return self.pledge is not None and self.pledge.holds_members


def retirement_impact(unit, on=None) -> list[AffectedMembership]:
    """The unit's memberships that a retirement on ``on`` leaves behind: groups of plans not yet closed, from
    the retirement's year on (earlier years keep the unit as their history). Without a date, every open plan."""
    memberships = (
        Membership.objects.filter(unit=unit)
        .exclude(campaign__status="closed")
        .select_related("group__campaign", "campaign")
        .order_by("campaign__year", "group__name")
    )
    if on is not None:
        memberships = memberships.filter(campaign__year__gte=on.year)
    memberships = list(memberships)
    pledges = current_member_holders([m.group_id for m in memberships])
    return [AffectedMembership(m, pledges.get(m.group_id)) for m in memberships]


@transaction.atomic
def hand_over_memberships(unit, successor, on) -> list[Group]:
    """Put ``successor`` in ``unit``'s place, with the same role, in every group ``retirement_impact`` lists.

    All or nothing: refused (ValidationError listing every conflict, nothing changed) when a group's pledge is
    open or signed (its members change only by an amendment) or when the successor is already in a group of
    that year. Memberships change through :func:`save_group`, so its own rules apply too.
    """
    impact = retirement_impact(unit, on)
    taken = dict(
        Membership.objects.filter(unit=successor, campaign_id__in=[a.membership.campaign_id for a in impact])
        .values_list("campaign_id", "group__name")
    )
    errors = []
    for affected in impact:
        group, year = affected.membership.group, affected.membership.campaign.year
        if affected.locked:
            errors.append(
                _("“%(group)s” (%(year)s): giao ước %(status)s, cần lập bản sửa đổi giao ước để thay đổi thành viên.")
                % {"group": group.name, "year": year, "status": affected.pledge.get_status_display().lower()}
            )
        if affected.membership.campaign_id in taken:
            errors.append(
                _("%(successor)s đã thuộc “%(group)s” trong năm %(year)s.")
                % {"successor": successor.name, "group": taken[affected.membership.campaign_id], "year": year}
            )
    if errors:
        raise ValidationError(errors)
    groups = []
    for affected in impact:
        group = affected.membership.group
        roles = dict(group.memberships.values_list("unit_id", "role"))
        roles[successor.pk] = roles.pop(unit.pk)
        save_group(group, roles)
        groups.append(group)
    return groups


# --- the same leader two years running ---------------------------------------------------------------------


@dataclass(frozen=True)
class RepeatLeader:
    """A unit that leads a group of a plan and led the group of the same name in the earlier plan (the one this
    plan was copied from, else the previous year's), with the plan's rule on it
    (``campaigns.models.RepeatLeaderRule``)."""

    unit_id: int
    unit_name: str
    year: int          # the earlier plan's year
    rule: str

    @property
    def refused(self) -> bool:
        return self.rule == RepeatLeaderRule.REFUSE


def earlier_leaders(campaign, names) -> dict[str, tuple[int, str, int]]:
    """Group name → (unit id, unit name, year) of the leader of the group of that name in the plan ``campaign``
    was copied from (``copied_from``), else in the previous year's plan. One query."""
    leaders = Membership.objects.filter(role=Membership.Role.LEADER, group__name__in=list(names))
    if campaign.copied_from_id:
        leaders = leaders.filter(campaign_id=campaign.copied_from_id)
    else:
        leaders = leaders.filter(campaign__year=campaign.year - 1)
    return {name: (unit_id, unit_name, year) for name, unit_id, unit_name, year
            in leaders.values_list("group__name", "unit_id", "unit__name", "campaign__year")}


def repeat_leader(campaign, name: str, leader_id: int | None) -> RepeatLeader | None:
    """The unit ``leader_id`` as the leader of ``campaign``'s group ``name``, if it led the same-named group in
    the earlier plan (whatever the rule: the form refuses or warns by it). One query."""
    if leader_id is None:
        return None
    earlier = earlier_leaders(campaign, [name]).get(name)
    if earlier is None or earlier[0] != leader_id:
        return None
    return RepeatLeader(*earlier, rule=campaign.repeat_leader_rule)


def repeat_leaders(campaign, groups, leader_of=None) -> dict[int, RepeatLeader]:
    """Group id → :class:`RepeatLeader` for those of ``groups`` whose leader led the same-named group in the
    earlier plan; nothing when the plan allows it (no query then), else one query. ``leader_of(group)`` gives a
    group's leader unit id: by default read from its memberships (prefetched)."""
    groups = list(groups)
    if campaign.repeat_leader_rule == RepeatLeaderRule.ALLOW or not groups:
        return {}
    earlier = earlier_leaders(campaign, {group.name for group in groups})
    found = {}
    for group in groups:
        leader = leader_of(group) if leader_of else leader_unit_id(group)
        before = earlier.get(group.name)
        if leader is not None and before is not None and before[0] == leader:
            found[group.pk] = RepeatLeader(*before, rule=campaign.repeat_leader_rule)
    return found
