"""Next year's leaders: when a plan is copied into the next year, the leader and deputy elected at each group's
finalised year-end meeting take their roles in the copied group of the same name.

Run by ``campaigns.signals.campaign_copied`` (connected in :class:`awards.apps.AwardsConfig`), after the groups'
own receiver has copied the blocs and clusters with last year's roles: ``groups`` comes before ``awards`` in
``INSTALLED_APPS``, so its ``ready()`` connects first and a signal calls its receivers in that order
(tests/awards/test_succession.py checks it on a real copy).

| Source meeting | Elected unit in the copied group | Rule of the new plan (copied from the source) | Result |
| --- | --- | --- | --- |
| not finalised, or none | — | — | the copied roles stay |
| finalised | not a member any more, or retired | — | that role stays as copied |
| finalised | a member, and not last year's leader | any | elected leader → leader, deputy → deputy; the old ones → members |
| finalised | a member, last year's leader again | allow | placed |
| finalised | a member, last year's leader again | warn | placed; the group pages warn (``groups.services.repeat_leaders``) |
| finalised | a member, last year's leader again | refuse | nothing changes in that group (the copied roles, whose leader is last year's too); the group pages say why, and the group form refuses to save until another leader is chosen |

When a ballot elected several units (more seats than one), the one with the most votes takes the role.
"""

from dataclasses import dataclass

from campaigns.models import RepeatLeaderRule
from groups.models import Group, Membership
from groups.services import save_group

from .models import Ballot, Candidate, Meeting

LEADER, DEPUTY, MEMBER = Membership.Role.LEADER, Membership.Role.DEPUTY, Membership.Role.MEMBER


@dataclass
class Placement:
    """What became of one copied group."""

    group: Group
    leader_id: int | None = None     # the elected leader placed, if any
    deputy_id: int | None = None     # the elected deputy placed, if any
    repeat: bool = False             # the elected leader led the group in the source year too
    refused: bool = False            # … and the rule refused it: nothing changed


def elected_units(source) -> dict[str, dict[str, int]]:
    """Group name → {"leader": unit id, "deputy": unit id} elected at the source plan's finalised meetings (one
    query); the most voted first when a ballot elected several."""
    rows = (Candidate.objects
            .filter(elected=True, ballot__question__in=[Ballot.Question.LEADER, Ballot.Question.DEPUTY],
                    ballot__meeting__status=Meeting.Status.FINAL, ballot__meeting__group__campaign=source)
            .order_by("ballot__meeting__group_id", "ballot__question", "-votes", "pk")
            .values_list("ballot__meeting__group__name", "ballot__question", "unit_id"))
    found: dict[str, dict[str, int]] = {}
    for name, question, unit_id in rows:
        found.setdefault(name, {}).setdefault(question, unit_id)
    return found


def new_roles(roles: dict[int, str], active: set[int], leader_id, deputy_id) -> dict[int, str]:
    """``roles`` (unit id → role) with the elected leader and deputy placed where they are active members: the
    unit that held the role becomes a member. A deputy is not placed on the unit that stays leader."""
    roles = dict(roles)
    leader_id = leader_id if leader_id in active else None
    deputy_id = deputy_id if deputy_id in active and deputy_id != leader_id else None
    if deputy_id is not None and roles[deputy_id] == LEADER and leader_id is None:
        deputy_id = None  # the group would lose its leader
    for unit_id, role in roles.items():
        if (role == LEADER and leader_id is not None) or (role == DEPUTY and deputy_id is not None):
            roles[unit_id] = MEMBER
    if leader_id is not None:
        roles[leader_id] = LEADER
    if deputy_id is not None:
        roles[deputy_id] = DEPUTY
    return roles


def place_elected_leaders(source, campaign) -> list[Placement]:
    """Place, in ``campaign``'s groups (just copied from ``source``), the leader and deputy elected at the
    source groups' finalised meetings, by the rule of ``campaign`` (see the table above)."""
    elected = elected_units(source)
    if not elected:
        return []
    last_leaders = dict(Membership.objects.filter(campaign=source, role=LEADER, group__name__in=list(elected))
                        .values_list("group__name", "unit_id"))
    groups = Group.objects.filter(campaign=campaign, name__in=list(elected)).prefetch_related("memberships__unit")
    placements = []
    for group in groups:
        chosen = elected[group.name]
        members = list(group.memberships.all())
        roles = {m.unit_id: m.role for m in members}
        active = {m.unit_id for m in members if m.unit.is_active}
        leader_id, deputy_id = chosen.get(LEADER), chosen.get(DEPUTY)
        placement = Placement(group, repeat=leader_id is not None and leader_id in active
                              and leader_id == last_leaders.get(group.name))
        if placement.repeat and campaign.repeat_leader_rule == RepeatLeaderRule.REFUSE:
            placement.refused = True
            placements.append(placement)
            continue
        changed = new_roles(roles, active, leader_id, deputy_id)
        placement.leader_id = leader_id if changed.get(leader_id) == LEADER else None
        placement.deputy_id = deputy_id if changed.get(deputy_id) == DEPUTY else None
        if changed != roles:
            save_group(group, changed)
        placements.append(placement)
    return placements


def place_leaders_of_copied_plan(sender, source, campaign, **kwargs):
    """``campaign_copied``: next year's leaders into the copied groups (:func:`place_elected_leaders`)."""
    place_elected_leaders(source, campaign)
