"""The city-wide signing status: for every group of a year, its current pledge and who it is waiting on."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from common.queries import count_of
from groups.models import Group, Membership

from .models import Pledge, PledgeLine, Signature, Target


@dataclass
class GroupStatus:
    group: object
    pledge: Pledge | None
    members: list                  # the memberships, loaded only while the group has no signed pledge
    member_count: int = 0
    signed_count: int = 0          # members who have signed the current pledge
    signed_units: set = field(default_factory=set)
    incomplete: list = field(default_factory=list)   # members who have not filled every line (drafts)

    @property
    def status(self) -> str:
        return self.pledge.status if self.pledge else "none"

    @property
    def is_open(self) -> bool:
        return self.status == Pledge.Status.OPEN

    @property
    def is_draft(self) -> bool:
        return self.status == Pledge.Status.DRAFT

    @property
    def has_no_pledge(self) -> bool:
        return self.pledge is None

    @property
    def waiting_on(self) -> list:
        """Units still to sign (open pledges) or to fill in (drafts)."""
        if self.pledge is None or self.pledge.is_signed:
            return []
        if self.pledge.status == Pledge.Status.OPEN:
            return [m.unit for m in self.members if m.unit_id not in self.signed_units]
        return self.incomplete


def signing_overview(groups) -> list[GroupStatus]:
    """Seven queries whatever the number of groups: groups with their member counts, current pledges, members'
    signatures counted per pledge, the members of the groups without a signed pledge and — for the pledges
    still waiting (drafts and open ones) only — their lines and filled targets per unit and their signatures. A signed pledge waits on nobody, so the
    city's 30,000 targets of signed pledges are not counted on every request."""
    groups = list(groups.order_by("kind", "name").annotate(member_count=count_of(Group, "memberships")))
    pledges = {p.group_id: p for p in Pledge.objects.current().filter(group__in=[g.pk for g in groups])}
    waiting = {p.pk: p for p in pledges.values() if not p.is_signed}
    signed_counts = dict(
        Signature.objects.filter(pledge_id__in=[p.pk for p in pledges.values()])
        .filter(Exists(Membership.objects.filter(group_id=OuterRef("pledge__group_id"), unit_id=OuterRef("unit_id"))))
        .values("pledge_id").order_by().annotate(n=Count("pk")).values_list("pledge_id", "n"))
    members: dict[int, list] = {}
    unsigned_groups = [g.pk for g in groups if g.pk not in pledges or pledges[g.pk].pk in waiting]
    for membership in Membership.objects.in_display_order().filter(group_id__in=unsigned_groups):
        members.setdefault(membership.group_id, []).append(membership)
    # Lines that apply to everyone (unit null) and own lines, counted per pledge and unit.
    line_counts = {}
    for row in (PledgeLine.objects.filter(pledge_id__in=list(waiting))
                .values("pledge_id", "unit_id").annotate(n=Count("pk"))):
        line_counts[(row["pledge_id"], row["unit_id"])] = row["n"]
    filled = {}
    for row in (Target.objects.filter(pledge_id__in=list(waiting)).filter(~Q(status=Target.Status.EMPTY))
                .values("pledge_id", "unit_id").annotate(n=Count("pk"))):
        filled[(row["pledge_id"], row["unit_id"])] = row["n"]
    signed = {}
    for pledge_id, unit_id in Signature.objects.filter(
            pledge_id__in=list(waiting)).order_by().values_list("pledge_id", "unit_id"):
        signed.setdefault(pledge_id, set()).add(unit_id)
    rows = []
    for group in groups:
        pledge = pledges.get(group.pk)
        row = GroupStatus(group, pledge, members.get(group.pk, []), member_count=group.member_count,
                          signed_count=signed_counts.get(pledge.pk, 0) if pledge else 0)
        if pledge and pledge.pk in waiting:
            row.signed_units = signed.get(pledge.pk, set())
            common = line_counts.get((pledge.pk, None), 0)
            row.incomplete = [
                m.unit for m in row.members
                if filled.get((pledge.pk, m.unit_id), 0) < common + line_counts.get((pledge.pk, m.unit_id), 0)
            ]
        rows.append(row)
    return rows


ATTENTION_ORDER = {"open": 0, "draft": 1, "none": 2}


def pledges_waiting(campaign) -> list[GroupStatus]:
    """The plan's groups whose pledge is not signed yet — open for signing first, then drafts, then groups that
    have none — for the home page of city staff and leaders. The queries of :func:`signing_overview`, on the
    groups whose current pledge is not signed only (chosen in SQL: late in the year that is few or none of the
    city's groups, and the start page does not read every group's pledge to find them)."""
    signed = Pledge.objects.current().signed().filter(group=OuterRef("pk"))
    rows = signing_overview(Group.objects.filter(campaign=campaign).filter(~Exists(signed)))
    return sorted((row for row in rows if row.status != "signed"), key=lambda row: ATTENTION_ORDER[row.status])
