"""The city-wide signing status: for every group of a year, its current pledge and who it is waiting on."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q

from groups.models import Group, Membership

from .models import Pledge, PledgeLine, Signature, Target


@dataclass
class GroupStatus:
    group: object
    pledge: Pledge | None
    members: list
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

    @property
    def signed_count(self) -> int:
        return sum(1 for m in self.members if m.unit_id in self.signed_units)


def signing_overview(groups) -> list[GroupStatus]:
    """Five queries whatever the number of groups: groups with members, current pledges, lines per pledge and
    unit, filled targets per pledge and unit, signatures."""
    groups = list(groups.order_by("kind", "name").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.in_display_order())))
    pledges = {p.group_id: p for p in Pledge.objects.current().filter(group__in=[g.pk for g in groups])}
    pledge_ids = [p.pk for p in pledges.values()]
    # Lines that apply to everyone (unit null) and own lines, counted per pledge and unit.
    line_counts = {}
    for row in (PledgeLine.objects.filter(pledge_id__in=pledge_ids)
                .values("pledge_id", "unit_id").annotate(n=Count("pk"))):
        line_counts[(row["pledge_id"], row["unit_id"])] = row["n"]
    filled = {}
    for row in (Target.objects.filter(pledge_id__in=pledge_ids).filter(~Q(status=Target.Status.EMPTY))
                .values("pledge_id", "unit_id").annotate(n=Count("pk"))):
        filled[(row["pledge_id"], row["unit_id"])] = row["n"]
    signed = {}
    for pledge_id, unit_id in Signature.objects.filter(
            pledge_id__in=pledge_ids).order_by().values_list("pledge_id", "unit_id"):
        signed.setdefault(pledge_id, set()).add(unit_id)
    rows = []
    for group in groups:
        members = list(group.memberships.all())
        pledge = pledges.get(group.pk)
        row = GroupStatus(group, pledge, members)
        if pledge:
            row.signed_units = signed.get(pledge.pk, set())
            common = line_counts.get((pledge.pk, None), 0)
            row.incomplete = [
                m.unit for m in members
                if filled.get((pledge.pk, m.unit_id), 0) < common + line_counts.get((pledge.pk, m.unit_id), 0)
            ]
        rows.append(row)
    return rows


ATTENTION_ORDER = {"open": 0, "draft": 1, "none": 2}


def pledges_waiting(campaign) -> list[GroupStatus]:
    """The plan's groups whose pledge is not signed yet — open for signing first, then drafts, then groups that
    have none — for the home page of city staff and leaders. The queries of :func:`signing_overview`."""
    rows = signing_overview(Group.objects.filter(campaign=campaign))
    return sorted((row for row in rows if row.status != "signed"), key=lambda row: ATTENTION_ORDER[row.status])
