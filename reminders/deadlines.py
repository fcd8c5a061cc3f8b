"""Every deadline of the year in one list: what each unit still has to do, and by when.

One mechanism for all of them — signing the pledge, the progress reports, self- and cross-scoring (and the
registration and meeting deadlines that follow): each kind is a collector that returns :class:`Due` items for
the issued plans, a fixed number of queries whatever the size of the city. The home page lists a user's items
("việc cần làm"); ``manage.py send_reminders`` e-mails the officers concerned before a deadline and once it is
missed.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.models import Registration
from campaigns.models import Campaign, ReportingPeriod
from common.dates import short_date
from evaluation.models import ScoreSheet
from groups.access import leader_unit_id
from groups.models import Group, Membership
from pledges.models import Pledge
from pledges.overview import signing_overview
from progress.models import Report


@dataclass(frozen=True)
class Due:
    kind: str  # registration, pledge, report, self_score, cross_score
    key: str  # what the item is, stable across runs: the kind, the object and the unit
    unit_id: int
    title: str
    deadline: datetime.date
    url: str

    def days_left(self, today: datetime.date) -> int:
        return (self.deadline - today).days

    def when(self, today: datetime.date) -> str:
        """The deadline as the home page and the e-mails word it: "hạn 31/03/2024, còn 3 ngày", "hạn hôm nay
        (31/03/2024)", "quá hạn 5 ngày (hạn 31/03/2024)"."""
        date, days = short_date(self.deadline), self.days_left(today)
        if days > 0:
            return ngettext("hạn %(date)s, còn %(days)s ngày", "hạn %(date)s, còn %(days)s ngày", days) % {
                "date": date, "days": days}
        if days == 0:
            return _("hạn hôm nay (%(date)s)") % {"date": date}
        return ngettext("quá hạn %(days)s ngày (hạn %(date)s)", "quá hạn %(days)s ngày (hạn %(date)s)", -days) % {
            "date": date, "days": -days}


def _issued():
    return Campaign.objects.filter(status=Campaign.Status.ISSUED)


def registration_items(unit_ids=None) -> list[Due]:
    """Registrations not submitted, for every member of a group of an issued plan with a registration deadline
    (two queries). A submitted registration reopened by city staff is due again, by the same deadline."""
    memberships = Membership.objects.filter(campaign__in=_issued(), campaign__registration_deadline__isnull=False
                                            ).select_related("campaign")
    if unit_ids is not None:
        memberships = memberships.filter(unit_id__in=unit_ids)
    memberships = list(memberships)
    if not memberships:
        return []
    submitted = set(Registration.objects.filter(status=Registration.Status.SUBMITTED,
                                                unit_id__in={m.unit_id for m in memberships},
                                                campaign_id__in={m.campaign_id for m in memberships})
                    .values_list("campaign_id", "unit_id"))
    return [
        Due("registration", f"registration:{m.campaign_id}:{m.unit_id}", m.unit_id,
            _("Đăng ký thi đua năm %(year)s") % {"year": m.campaign.year}, m.campaign.registration_deadline,
            reverse("awards:registration", args=[m.campaign.year, m.unit_id]))
        for m in memberships if (m.campaign_id, m.unit_id) not in submitted
    ]


def pledge_items(unit_ids=None) -> list[Due]:
    """Pledges not signed by the plan's pledge deadline: the leader drafts and opens it, the members fill in
    their targets, then sign. (The queries of ``pledges.overview.signing_overview``.)"""
    items = []
    groups = Group.objects.filter(campaign__in=_issued(), campaign__pledge_deadline__isnull=False).select_related(
        "campaign")
    if unit_ids is not None:
        groups = groups.filter(memberships__unit_id__in=unit_ids).distinct()
    for row in signing_overview(groups):
        group, pledge = row.group, row.pledge
        deadline = group.campaign.pledge_deadline
        leader = leader_unit_id(memberships=row.members)
        if pledge is None:
            concerned = [(leader, _("Lập dự thảo giao ước thi đua của %(group)s"))] if leader else []
            url = reverse("groups:detail", args=[group.pk])
        elif pledge.status == Pledge.Status.SIGNED:
            continue
        else:
            url = reverse("pledges:detail", args=[pledge.pk])
            if pledge.status == Pledge.Status.OPEN:
                concerned = [(unit.pk, _("Ký giao ước thi đua của %(group)s")) for unit in row.waiting_on]
            elif row.incomplete:
                concerned = [(unit.pk, _("Nhập chỉ tiêu giao ước thi đua của %(group)s")) for unit in row.incomplete]
            else:
                concerned = [(leader, _("Mở ký kết giao ước thi đua của %(group)s"))] if leader else []
        for unit_id, title in concerned:
            if unit_ids is None or unit_id in unit_ids:
                items.append(Due("pledge", f"pledge:{group.pk}:{unit_id}", unit_id, title % {"group": group.name},
                                 deadline, url))
    return items


def report_items(unit_ids=None) -> list[Due]:
    """Progress reports not submitted, for the members of groups with a signed pledge (four queries)."""
    signed = Pledge.objects.signed().filter(campaign__in=_issued()).values("group_id")
    memberships = Membership.objects.filter(group_id__in=signed).select_related("campaign")
    if unit_ids is not None:
        memberships = memberships.filter(unit_id__in=unit_ids)
    memberships = list(memberships)
    by_campaign = {}
    for period in ReportingPeriod.objects.filter(campaign_id__in={m.campaign_id for m in memberships}):
        by_campaign.setdefault(period.campaign_id, []).append(period)
    submitted = set(Report.objects.filter(status=Report.Status.SUBMITTED,
                                          unit_id__in={m.unit_id for m in memberships})
                    .values_list("period_id", "unit_id"))
    items = []
    for membership in memberships:
        for period in by_campaign.get(membership.campaign_id, []):
            if (period.pk, membership.unit_id) in submitted:
                continue
            items.append(Due("report", f"report:{period.pk}:{membership.unit_id}", membership.unit_id,
                             _("Nộp báo cáo tiến độ %(period)s năm %(year)s") % {
                                 "period": period.name, "year": membership.campaign.year},
                             period.deadline, reverse("progress:report", args=[period.pk, membership.unit_id])))
    return items


def scoring_items(unit_ids=None) -> list[Due]:
    """Self-scores not submitted (the unit) and cross-scores not submitted (the scorer), in open evaluations."""
    sheets = ScoreSheet.objects.filter(evaluation__status="open", evaluation__group__campaign__in=_issued()
                                       ).select_related("evaluation__group", "unit")
    if unit_ids is not None:
        sheets = sheets.filter(Q(unit_id__in=unit_ids) | Q(scorer_id__in=unit_ids))
    items = []
    for sheet in sheets:
        evaluation, group = sheet.evaluation, sheet.evaluation.group
        url = reverse("evaluation:sheet", args=[sheet.pk])
        if not sheet.self_submitted:
            items.append(Due("self_score", f"self:{sheet.pk}", sheet.unit_id,
                             _("Tự chấm điểm thi đua trong %(group)s") % {"group": group.name},
                             evaluation.self_deadline, url))
        elif sheet.scorer_id and not sheet.cross_submitted:
            items.append(Due("cross_score", f"cross:{sheet.pk}", sheet.scorer_id,
                             _("Chấm chéo cho %(unit)s trong %(group)s") % {"unit": sheet.unit.name,
                                                                           "group": group.name},
                             evaluation.cross_deadline, url))
    if unit_ids is not None:
        items = [item for item in items if item.unit_id in unit_ids]
    return items


#: The collectors, in the order the home page lists their kinds; a later issue's deadlines add theirs here.
COLLECTORS = [registration_items, pledge_items, report_items, scoring_items]


def due_items(unit_ids=None) -> list[Due]:
    """What is still to do, by deadline (all units when ``unit_ids`` is None)."""
    unit_ids = set(unit_ids) if unit_ids is not None else None
    items = [item for collect in COLLECTORS for item in collect(unit_ids)]
    return sorted(items, key=lambda item: (item.deadline, item.title))


def for_user(user) -> list[Due]:
    """A unit officer's items (their unit's); others have none here (city staff have the home's attention)."""
    if not user.is_authenticated or not user.is_unit_officer or user.unit_id is None:
        return []
    return due_items({user.unit_id})
