"""What the year's data says about each member of a group, for the computed rows of a scoring table.

One call per group, a fixed number of queries whatever its size: the annual report's attainment and the share
of targets it achieved, the reports submitted late or not at all, and the day the unit signed its pledge.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Min, Q
from django.utils import timezone

from pledges.models import Pledge, Signature
from progress.models import Report, ReportEvent, ReportValue

from . import scoring


@dataclass(frozen=True)
class UnitFacts:
    attainment: Decimal | None = None  # the annual report's weighted attainment (each target capped at 100 %)
    achieved: int = 0  # targets of the annual report at 100 % or more
    committed: int = 0  # targets of the annual report that apply
    late: int = 0  # reports first submitted after their deadline
    missing: int = 0  # reports not submitted, their deadline passed
    signed_on: datetime.date | None = None  # the day the unit signed the group's first signed pledge
    pledge_deadline: datetime.date | None = None


def year_facts(group, unit_ids, today: datetime.date | None = None) -> dict:
    """``{unit_id: UnitFacts}`` for ``unit_ids`` of ``group`` (6 queries)."""
    today = today or timezone.localdate()
    campaign = group.campaign
    periods = list(campaign.periods.order_by("end_date", "pk"))
    final = periods[-1] if periods else None
    facts = {unit_id: {} for unit_id in unit_ids}

    if final is not None:
        annual = Report.objects.filter(period=final, unit_id__in=unit_ids, status=Report.Status.SUBMITTED)
        for unit_id, value in annual.values_list("unit_id", "attainment"):
            facts[unit_id]["attainment"] = value
        counts = (ReportValue.objects.filter(report__in=annual, attainment__isnull=False)
                  .values("report__unit_id")
                  .annotate(committed=Count("pk"), achieved=Count("pk", filter=Q(attainment__gte=scoring.HUNDRED))))
        for row in counts:
            facts[row["report__unit_id"]].update(committed=row["committed"], achieved=row["achieved"])

    due = {period.pk: period.deadline for period in periods if period.deadline < today}
    first_submitted = (ReportEvent.objects
                       .filter(report__unit_id__in=unit_ids, report__period_id__in=due,
                               to_status=Report.Status.SUBMITTED)
                       .values("report__unit_id", "report__period_id").annotate(first=Min("at")))
    submitted = {(row["report__unit_id"], row["report__period_id"]): timezone.localdate(row["first"])
                 for row in first_submitted}
    for unit_id in unit_ids:
        late = sum(1 for period_id, deadline in due.items()
                   if (unit_id, period_id) in submitted and submitted[unit_id, period_id] > deadline)
        missing = sum(1 for period_id in due if (unit_id, period_id) not in submitted)
        facts[unit_id].update(late=late, missing=missing)

    first_signed = Pledge.objects.signed().filter(group=group).order_by("version").first()
    if first_signed is not None:
        for unit_id, signed_at in Signature.objects.filter(pledge=first_signed, unit_id__in=unit_ids).values_list(
                "unit_id", "signed_at"):
            facts[unit_id]["signed_on"] = timezone.localdate(signed_at)
    return {unit_id: UnitFacts(pledge_deadline=campaign.pledge_deadline, **values)
            for unit_id, values in facts.items()}


def computed_points(row, facts: UnitFacts) -> scoring.Computed:
    """The points of a computed row for one unit, with the words that say how they were obtained."""
    source = row.source
    if source == "attainment":
        return scoring.from_attainment(row.max_points, facts.attainment)
    if source == "targets_achieved":
        return scoring.from_targets_achieved(row.max_points, facts.achieved, facts.committed)
    if source == "reporting":
        return scoring.from_reporting(row.max_points, row.points_per_report, facts.late, facts.missing)
    if source == "pledge_on_time":
        return scoring.from_pledge(row.max_points, facts.signed_on, facts.pledge_deadline)
    raise ValueError(source)
