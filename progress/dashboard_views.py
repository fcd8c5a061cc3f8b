"""Dashboards: the city, a group and a unit, for a period; filters and sorting in the URL.

Thin views: the queries are in :mod:`progress.dashboards`, the rules in :mod:`progress.attainment`. Every page
reads "today" from :func:`django.utils.timezone.localdate`, once, so a test can move the date.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.access import require_sees_everything
from campaigns.access import get_campaign_for_user
from campaigns.models import ReportingPeriod
from groups.models import Group, Membership
from units.models import Unit

from . import dashboards, services
from .access import DashboardRights
from .query import DashboardQuery
from .templatetags.charts import Bar, percent_text


def _periods(query, campaign, today):
    """The plan's periods (each with ``closed_at``, when city staff closed it), and the one the query asks for
    (404 when it is not one of this plan's), else the current one (:func:`services.current_period`).
    One query: the periods are loaded once."""
    prefetch_related_objects([campaign], Prefetch(
        "periods", queryset=ReportingPeriod.objects.annotate(closed_at=F("closure__closed_at"))))
    periods = list(campaign.periods.all())
    if query.period_id is not None:
        return periods, query.pick_period(periods, None)
    return periods, services.current_period(campaign, today)


# The direction a column sorts in first: the worst first, except names.
FIRST_DIRECTION = {"name": "name", "attainment": "attainment", "behind": "-behind", "submitted": "submitted"}


def _sort_links(period, kind, sort) -> dict:
    """The query string of each sortable column's header: its first direction, or the other one when the
    table is already sorted by it."""
    links = {}
    for key, first in FIRST_DIRECTION.items():
        other = first[1:] if first.startswith("-") else "-" + first
        links[key] = urlencode({"period": period.pk, "kind": kind, "sort": other if sort == first else first})
    return links


def _mark_label(share):
    return _("Mốc đúng tiến độ: %(pct)s") % {"pct": percent_text(share * 100)}


@require_GET
@login_required
def city(request, year):
    """Every bloc and cluster at a period, for city staff and leaders."""
    campaign = get_campaign_for_user(request.user, year)
    require_sees_everything(request.user)
    today = timezone.localdate()
    query = DashboardQuery.parse(request.GET)
    periods, period = _periods(query, campaign, today)
    kind, sort, sort_key, descending = query.kind, query.sort, query.sort_key, query.descending
    context = {"campaign": campaign, "periods": periods, "period": period, "kind": kind, "sort": sort,
               "rights": DashboardRights(request.user),
               "sort_key": sort_key, "descending": descending, "today": today,
               "kinds": [("all", _("Tất cả")), *Group.Kind.choices],
               "sorts": [("name", _("Tên cụm, khối (A–Z)")), ("-name", _("Tên cụm, khối (Z–A)")),
                         ("attainment", _("Mức đạt thấp trước")), ("-attainment", _("Mức đạt cao trước")),
                         ("-behind", _("Nhiều đơn vị chậm trước")), ("behind", _("Ít đơn vị chậm trước")),
                         ("submitted", _("Tỷ lệ nộp thấp trước")), ("-submitted", _("Tỷ lệ nộp cao trước"))]}
    if period is not None:
        dashboard = dashboards.city_dashboard(campaign, period, kind=kind, sort=sort, today=today)
        context |= {
            "dashboard": dashboard,
            "mark": dashboard.share * 100,
            "mark_label": _mark_label(dashboard.share),
            "chart_title": _("Mức đạt trung bình của các cụm, khối, kỳ %(name)s") % {"name": period.name},
            "sort_links": _sort_links(period, kind, sort),
            # Only the groups with a number are drawn; the table lists the others and why they have none.
            "bars": [Bar(row.group.name, row.average, row.status) for row in dashboard.rows
                     if row.average is not None],
            "uncharted": sum(1 for row in dashboard.rows if row.average is None),
        }
    if request.htmx and not request.htmx.boosted:
        return render(request, "progress/dashboard_city.html#results", context)
    return render(request, "progress/dashboard_city.html", context)


@require_GET
@login_required
def group(request, group_pk):
    """The members × targets matrix of one group at a period: city staff, leaders and the group's members."""
    group = get_object_or_404(Group.objects.visible_to(request.user).select_related("campaign"), pk=group_pk)
    campaign = group.campaign
    today = timezone.localdate()
    periods, period = _periods(DashboardQuery.parse(request.GET), campaign, today)
    context = {"group": group, "campaign": campaign, "periods": periods, "period": period, "today": today,
               "rights": DashboardRights(request.user, group=group)}
    if period is not None:
        dashboard = dashboards.group_dashboard(group, period, today=today)
        context |= {
            "dashboard": dashboard,
            "mark_label": _mark_label(dashboard.share),
        }
    return render(request, "progress/dashboard_group.html", context)


@require_GET
@login_required
def unit(request, unit_pk, year):
    """A unit's targets over the periods of the year: city staff, leaders and the officers of its group."""
    user = request.user
    campaign = get_campaign_for_user(user, year)
    unit = get_object_or_404(Unit, pk=unit_pk)
    membership = (Membership.objects.filter(unit=unit, campaign=campaign).select_related("group").first())
    group = membership.group if membership else None
    if not user.sees_everything and (
            group is None or not Group.objects.visible_to(user).filter(pk=group.pk).exists()):
        raise Http404
    today = timezone.localdate()
    prefetch_related_objects([campaign], "periods")
    dashboard = dashboards.unit_dashboard(unit, campaign, group, today=today)
    return render(request, "progress/dashboard_unit.html", {
        "campaign": campaign, "unit": unit, "membership": membership, "group": group, "dashboard": dashboard,
        "today": today, "current": services.current_period(campaign, today),
        "rights": DashboardRights(user, unit=unit),
    })
