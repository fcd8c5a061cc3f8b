"""What the dashboards show, aggregated in the database: a bounded number of queries whatever the number of
units, groups and targets.

The rules (attainment shown capped, status against the share of the year elapsed, the "behind" mark) come from
:mod:`progress.attainment`; lateness from :func:`progress.services.late_units` (the city) and
:func:`progress.services.is_late` on the reports already loaded (a group, a unit). Averages are the plain average of the stored attainments of **submitted**
reports: a draft or returned report counts for nothing until it is submitted again. Every average is a sum and a
count from the database divided in Decimal and rounded once (:func:`common.numbers.mean`), never the database's
AVG (a float on SQLite): the stored attainments are the values shown, so an average printed next to its cells is
their mean, recomputable by the reader. Every average is of capped values (a report's stored average is capped;
values are capped in SQL by :data:`CAPPED`, or at :data:`~progress.attainment.AVERAGE_CAP` in Python where the
values are loaded anyway, as for a group), and every average reads its status through
:func:`progress.attainment.average_status`; uncapped averages only break ties in rankings.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from campaigns.models import Indicator
from common.numbers import mean, places_of
from groups.models import Group, Membership
from pledges.models import Pledge, PledgeLine, Target

from . import attainment as rules
from . import services
from .models import GroupIndicatorTotal, Report, ReportValue
from .query import parse_sort

AT_RISK_INDICATORS = 5


# --- the city ---------------------------------------------------------------------------------------------


@dataclass
class GroupRow:
    """One bloc or cluster at a period."""

    group: Group
    members: int
    signed: bool
    submitted: int = 0
    average: Decimal | None = None
    behind: int = 0
    late: int = 0
    status: str | None = None
    uncapped: Decimal | None = None      # breaks ties of ``average`` when ranking

    @property
    def expected(self) -> int:
        """Reports expected: every member, once the group has signed its pledge."""
        return self.members if self.signed else 0

    @property
    def rate(self) -> Decimal | None:
        return Decimal(self.submitted) / self.expected if self.expected else None


@dataclass
class RiskIndicator:
    indicator_id: int
    code: str
    name: str
    direction: str
    average: Decimal
    reports: int
    status: str | None
    weight: int = 1
    content_item: object = None


@dataclass
class CityDashboard:
    period: object
    share: Decimal
    threshold: Decimal
    rows: list[GroupRow]
    indicators: list[RiskIndicator]
    all_indicators: list[RiskIndicator]
    content_items: list   # [(content item, weighted average, status), …] in the plan's order (see city_dashboard)
    late: list           # [(group, [membership, …]), …] in group-name order
    today: object
    is_past_deadline: bool
    submitted: int = 0
    expected: int = 0
    behind: int = 0
    late_count: int = 0
    average: Decimal | None = None
    status: str | None = None
    signed_groups: int = 0
    uncapped: Decimal | None = None


def _sort_rows(rows: list[GroupRow], key: str, descending: bool) -> list[GroupRow]:
    """Rows arrive in name order (the database's Vietnamese collation); other keys sort stably on top of it,
    with the groups that have nothing to compare (no report, no signed pledge) always last."""
    if key == "name":
        return list(reversed(rows)) if descending else rows
    value = {
        "attainment": lambda r: None if r.average is None else (r.average, r.uncapped or r.average),
        "behind": lambda r: r.behind if r.signed else None,
        "submitted": lambda r: r.rate,
    }[key]
    known = [r for r in rows if value(r) is not None]
    unknown = [r for r in rows if value(r) is None]
    return sorted(known, key=value, reverse=descending) + unknown


def city_dashboard(campaign, period, *, kind: str = "all", sort: str = "name", today) -> CityDashboard:
    """Per bloc and cluster at ``period``: reports submitted / expected, average attainment, units behind and
    late; the indicators most at risk; the late units. Six queries whatever the size of the city."""
    share = rules.elapsed_share(period.end_date)
    threshold = rules.behind_threshold(share)
    groups = (Group.objects.filter(campaign=campaign)
              .annotate(member_count=Count("memberships"),
                        signed=Exists(Pledge.objects.signed().filter(group=OuterRef("pk"))))
              .order_by("name"))
    submitted = Report.objects.filter(period=period, status=Report.Status.SUBMITTED)
    totals = GroupIndicatorTotal.objects.filter(period=period)
    if kind != "all":
        groups = groups.filter(kind=kind)
        submitted = submitted.filter(group__kind=kind)
        totals = totals.filter(group__kind=kind)

    stats = {
        row["group_id"]: row for row in submitted.values("group_id").order_by().annotate(
            n=Count("pk"), total=Sum("attainment"), measured=Count("attainment"),
            uncapped_total=Sum("attainment_uncapped"),
            behind=Count("pk", filter=Q(attainment__lt=threshold)),
        )
    }
    late_members = [m for m in services.late_units(period, today) if kind == "all" or m.group.kind == kind]
    late_by_group: dict[int, list] = {}
    for membership in late_members:
        late_by_group.setdefault(membership.group_id, []).append(membership)

    rows = []
    for group in groups:
        row = GroupRow(group, group.member_count, group.signed, late=len(late_by_group.get(group.pk, ())))
        if group.pk in stats:
            s = stats[group.pk]
            row.submitted, row.behind, row.average = s["n"], s["behind"], mean(s["total"], s["measured"])
            row.uncapped = mean(s["uncapped_total"], s["measured"])
            row.status = rules.average_status(row.average, share)
        rows.append(row)

    # Every indicator city-wide, summed from the per-group totals kept on write (GroupIndicatorTotal: a row per
    # group and indicator, not a value per unit), aggregated by id alone; the indicators and their content items
    # read in one more query. A content item averages its indicators' averages as shown, each weighted by its
    # reports × the plan's weight: Σ(average × reports × weight) / Σ(reports × weight), so a reader recomputes
    # it from the per-indicator table (average, reports, weight) — the workbook's "Theo chỉ tiêu" sheet.
    per_indicator = list(totals.values("indicator_id").order_by()
                         .annotate(total=Sum("total"), reports=Sum("reports")))
    details = Indicator.objects.select_related("content_item").in_bulk([r["indicator_id"] for r in per_indicator])
    all_indicators = []
    items: dict[int, list] = {}
    for r in per_indicator:
        indicator = details[r["indicator_id"]]
        average = mean(r["total"], r["reports"])
        all_indicators.append(RiskIndicator(indicator.pk, indicator.code, indicator.name, indicator.direction,
                                            average, r["reports"], rules.average_status(average, share),
                                            indicator.weight, indicator.content_item))
        if indicator.content_item_id:
            entry = items.setdefault(indicator.content_item_id, [indicator.content_item, Decimal(0), 0])
            entry[1] += average * r["reports"] * indicator.weight
            entry[2] += r["reports"] * indicator.weight
    positions = {pk: indicator.position for pk, indicator in details.items()}
    indicators = sorted(all_indicators, key=lambda i: (i.average, i.indicator_id))[:AT_RISK_INDICATORS]
    all_indicators.sort(key=lambda i: (positions[i.indicator_id], i.code))
    content_items = []
    for item, total, weights in sorted(items.values(), key=lambda entry: entry[0].position):
        average = mean(total, weights)
        content_items.append((item, average, rules.average_status(average, share)))

    dashboard = CityDashboard(
        period=period, share=share, threshold=threshold, rows=_sort_rows(rows, *parse_sort(sort)),
        indicators=indicators, all_indicators=all_indicators, content_items=content_items,
        today=today, is_past_deadline=today > period.deadline,
        late=[(members[0].group, members) for members in _grouped(late_members)],
    )
    dashboard.submitted = sum(r.submitted for r in rows)
    dashboard.expected = sum(r.expected for r in rows)
    dashboard.behind = sum(r.behind for r in rows)
    dashboard.late_count = len(late_members)
    dashboard.signed_groups = sum(1 for r in rows if r.signed)
    # The city average is the average over every submitted report, not the average of the group averages.
    total = sum((s["total"] or 0 for s in stats.values()), Decimal(0))
    measured = sum(s["measured"] for s in stats.values())
    dashboard.average = mean(total, measured)
    uncapped = sum((s["uncapped_total"] or 0 for s in stats.values()), Decimal(0))
    dashboard.uncapped = mean(uncapped, measured)
    dashboard.status = rules.average_status(dashboard.average, share)
    return dashboard


def _grouped(memberships) -> list[list]:
    """Consecutive memberships of the same group (``late_units`` orders by group name)."""
    groups: list[list] = []
    for membership in memberships:
        if groups and groups[-1][0].group_id == membership.group_id:
            groups[-1].append(membership)
        else:
            groups.append([membership])
    return groups


# --- a group ----------------------------------------------------------------------------------------------


@dataclass
class Cell:
    line: object
    applies: bool = True
    value: dict | None = None      # the submitted ReportValue as a dict (with its status), None if not reported


@dataclass
class MemberRow:
    membership: Membership
    report: Report | None
    cells: list[Cell] = field(default_factory=list)
    status: str | None = None
    late: bool = False

    @property
    def submitted(self) -> bool:
        return self.report is not None and self.report.status == Report.Status.SUBMITTED

    @property
    def average(self) -> Decimal | None:
        return self.report.attainment if self.submitted else None

    @property
    def report_status(self) -> str | None:
        return self.report.status if self.report else None


@dataclass
class GroupDashboard:
    group: Group
    period: object
    share: Decimal
    pledge: Pledge | None
    lines: list
    rows: list[MemberRow]
    column_averages: list          # [(line, average, status), …] in column order
    average: Decimal | None
    status: str | None
    is_past_deadline: bool
    column_uncapped: list = field(default_factory=list)    # the uncapped averages, same order (ranking)
    uncapped: Decimal | None = None

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.submitted)

    @property
    def weights(self) -> list[tuple[str, int]]:
        """(code, weight) of the lines that count more than once in a unit's average (the notes print them)."""
        return [(line.code, line.weight) for line in self.lines if line.weight != 1]

    @property
    def missing(self) -> list[MemberRow]:
        return [r for r in self.rows if not r.submitted]

    @property
    def late(self) -> list[MemberRow]:
        return [r for r in self.rows if r.late]


def group_dashboard(group, period, *, today) -> GroupDashboard:
    """The members × pledge lines matrix of ``period``: five queries whatever the size of the group."""
    return next(group_dashboards([group], period, today=today))


#: Groups whose data :func:`group_dashboards` reads at once: the city workbook's queries are five per this many
#: groups, and its memory one chunk's values.
DASHBOARD_CHUNK = 25


def group_dashboards(groups, period, *, today):
    """:func:`group_dashboard` of each of ``groups``, in their order, read :data:`DASHBOARD_CHUNK` groups at a
    time: five queries per chunk instead of five per group (the city workbook writes a sheet per group)."""
    groups = list(groups)
    for start in range(0, len(groups), DASHBOARD_CHUNK):
        yield from _group_dashboards(groups[start:start + DASHBOARD_CHUNK], period, today=today)


def _group_dashboards(groups, period, *, today):
    share = rules.elapsed_share(period.end_date)
    ids = [g.pk for g in groups]
    members: dict[int, list] = {}
    for membership in Membership.objects.filter(group_id__in=ids).in_display_order():
        members.setdefault(membership.group_id, []).append(membership)
    # Columns: the lines of each group's latest signed version. Values are matched by line code, so reports made
    # against an earlier version of an amended pledge still land in their column.
    pledges: dict[int, Pledge] = {}
    for pledge in Pledge.objects.filter(group_id__in=ids).signed().order_by("group_id", "-version"):
        pledges.setdefault(pledge.group_id, pledge)
    lines: dict[int, list] = {}
    for line in PledgeLine.objects.filter(pledge__in=list(pledges.values())):
        lines.setdefault(line.pledge_id, []).append(line)
    reports: dict[int, dict] = {}
    for report in (Report.objects.filter(period=period, group_id__in=ids).order_by()
                   .only("pk", "unit_id", "group_id", "status", "attainment", "attainment_uncapped", "submitted_at")):
        reports.setdefault(report.group_id, {})[report.unit_id] = report
    submitted = ReportValue.objects.filter(report__period=period, report__group_id__in=ids,
                                           report__status=Report.Status.SUBMITTED)
    values: dict[int, dict] = {}
    # No ORDER BY here nor for the reports: the rows go into dicts, and the default ordering (report → unit name)
    # would sort them by the Vietnamese collation (in Python on SQLite: 5× the time of the whole dashboard).
    for value in submitted.order_by().values("report__group_id", "report__unit_id", "line__code", "direction",
                                             "target_value", "actual", "done", "attainment", "note", "confirmed"):
        value["status"] = rules.status(value["direction"], value["attainment"], share)
        values.setdefault(value.pop("report__group_id"), {})[(value["report__unit_id"], value["line__code"])] = value
    # The column and group averages from the rows just read, not from two more aggregate queries: the same sums
    # (capped values of the submitted reports with an attainment; the reports' stored averages) in Decimal.
    sums: dict[tuple, list] = {}
    for group_id, group_values in values.items():
        for (_unit_id, code), value in group_values.items():
            measured = value["attainment"]
            if measured is not None:
                entry = sums.setdefault((group_id, code), [Decimal(0), Decimal(0), 0])
                entry[0] += min(measured, rules.AVERAGE_CAP)
                entry[1] += measured
                entry[2] += 1
    averages = {key: mean(total, n) for key, (total, _uncapped, n) in sums.items()}
    uncapped = {key: mean(total, n) for key, (_capped, total, n) in sums.items()}
    overall: dict[int, dict] = {}
    for group_id, group_reports in reports.items():
        entry = overall[group_id] = {"total": None, "uncapped": None, "n": 0}
        for report in group_reports.values():
            if report.status != Report.Status.SUBMITTED:
                continue
            if report.attainment is not None:
                entry["total"] = (entry["total"] or 0) + report.attainment
                entry["n"] += 1
            if report.attainment_uncapped is not None:
                entry["uncapped"] = (entry["uncapped"] or 0) + report.attainment_uncapped
    for group in groups:
        pledge = pledges.get(group.pk)
        yield _group_dashboard(
            group, period, share, today, members.get(group.pk, []), pledge,
            lines.get(pledge.pk, []) if pledge else [], reports.get(group.pk, {}), values.get(group.pk, {}),
            {code: v for (g, code), v in averages.items() if g == group.pk},
            {code: v for (g, code), v in uncapped.items() if g == group.pk},
            overall.get(group.pk, {"total": None, "uncapped": None, "n": 0}),
        )


def _group_dashboard(group, period, share, today, members, pledge, lines, reports, values, averages, uncapped,
                     overall) -> GroupDashboard:
    # A column shows its values with the same decimals: the most any of its actuals has ("12,00" above "4,04").
    places: dict[str, int] = {}
    for (_unit_id, code), value in values.items():
        places[code] = max(places.get(code, 0), places_of(value["actual"]))
    for (_unit_id, code), value in values.items():
        value["places"] = places[code]
    past_deadline = today > period.deadline
    rows = []
    for membership in members:
        row = MemberRow(membership, reports.get(membership.unit_id))
        row.cells = [Cell(line, line.applies_to(membership.unit_id), values.get((membership.unit_id, line.code)))
                     for line in lines]
        row.status = rules.average_status(row.average, share)
        # Members of a group with a signed pledge are expected to report (as in services.late_units).
        row.late = pledge is not None and services.is_late(row.report, period, today)
        rows.append(row)
    column_averages = [
        (line, averages.get(line.code), rules.average_status(averages.get(line.code), share)) for line in lines
    ]
    average = mean(overall["total"], overall["n"])
    return GroupDashboard(group, period, share, pledge, lines, rows, column_averages, average,
                          rules.average_status(average, share), past_deadline,
                          column_uncapped=[uncapped.get(line.code) for line in lines],
                          uncapped=mean(overall["uncapped"], overall["n"]))


# --- a unit -----------------------------------------------------------------------------------------------


@dataclass
class TargetRow:
    code: str
    name: str
    direction: str
    measure_unit: str
    committed: Decimal | None
    not_applicable: bool
    cells: list = field(default_factory=list)      # one value dict (or None) per period
    weight: int = 1

    @property
    def points(self) -> list:
        return [c["attainment"] if c else None for c in self.cells]


@dataclass
class PeriodColumn:
    period: object
    report: Report | None
    share: Decimal
    late: bool = False

    @property
    def average(self) -> Decimal | None:
        """The unit's weighted average of a submitted report."""
        return self.report.attainment if self.report and self.report.status == Report.Status.SUBMITTED else None

    @property
    def status(self) -> str | None:
        return rules.average_status(self.average, self.share)


@dataclass
class UnitDashboard:
    columns: list[PeriodColumn]
    pledge: Pledge | None
    rows: list[TargetRow]

    @property
    def periods(self) -> list:
        return [c.period for c in self.columns]

    @property
    def period_names(self) -> list[str]:
        return [c.period.name for c in self.columns]

    @property
    def averages(self) -> list:
        return [c.average for c in self.columns]

    @property
    def has_reports(self) -> bool:
        return any(c.report for c in self.columns)

    @property
    def weights(self) -> list[tuple[str, int]]:
        """(code, weight) of the targets that count more than once in the unit's average."""
        return [(row.code, row.weight) for row in self.rows if row.weight != 1]


def unit_dashboard(unit, campaign, group, *, today) -> UnitDashboard:
    """A unit's targets (rows) over the periods of the year (columns): five queries."""
    periods = list(campaign.periods.all())
    shares = [rules.elapsed_share(p.end_date) for p in periods]
    pledge = Pledge.objects.filter(group=group).latest_signed() if group else None
    rows: list[TargetRow] = []
    if pledge:
        targets = {t.line_id: t for t in Target.objects.filter(pledge=pledge, unit=unit)}
        for line in pledge.lines.all():
            if not line.applies_to(unit.pk):
                continue
            target = targets.get(line.pk)
            rows.append(TargetRow(line.code, line.name, line.direction, line.measure_unit,
                                  target.value if target else None,
                                  bool(target) and target.status == Target.Status.NOT_APPLICABLE,
                                  weight=line.weight))
    reports = {r.period_id: r for r in Report.objects.filter(unit=unit, campaign=campaign)
               .only("pk", "period_id", "status", "attainment", "attainment_uncapped")}
    values = {}
    for value in (ReportValue.objects.filter(report__unit=unit, report__campaign=campaign,
                                             report__status=Report.Status.SUBMITTED)
                  .values("report__period_id", "line__code", "line__name", "direction", "target_value", "actual",
                          "done", "attainment", "note", "confirmed", "weight")):
        values[(value["report__period_id"], value["line__code"])] = value
    # Lines reported against an earlier version of an amended pledge and gone from the current one.
    known = {row.code for row in rows}
    for (_period_id, code), value in values.items():
        if code not in known:
            known.add(code)
            rows.append(TargetRow(code, value["line__name"], value["direction"], "", value["target_value"], False,
                                  weight=value["weight"]))
    for row in rows:
        for period, share in zip(periods, shares, strict=True):
            value = values.get((period.pk, row.code))
            if value is not None:
                value = dict(value, status=rules.status(row.direction, value["attainment"], share))
            row.cells.append(value)
    columns = [PeriodColumn(p, reports.get(p.pk), share,
                            late=pledge is not None and services.is_late(reports.get(p.pk), p, today))
               for p, share in zip(periods, shares, strict=True)]
    return UnitDashboard(columns, pledge, rows)
