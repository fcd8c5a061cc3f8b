"""The pages above every app: the start page, which gathers the plans, groups, pledges and reports a user has
to act on, and the health check. On the top floor, they may import any app."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from campaigns.models import Campaign
from common.queries import count_of
from groups.models import Membership
from pledges.models import Pledge
from pledges.overview import pledges_waiting
from progress.services import reporting_attention
from reminders import deadlines


@require_GET
def healthz(request):
    """200 when the database answers, 503 otherwise; for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def home(request):
    """Start page: city staff and leaders see the plans; officers their unit, plan and group."""
    user = request.user
    campaigns = Campaign.objects.visible_to(user).annotate(
        group_count=count_of(Campaign, "groups"), unit_count=count_of(Campaign, "memberships")
    )
    context = {"campaigns": campaigns}
    if user.sees_everything:
        context["attention"] = _attention(user)
    if not user.sees_everything and user.unit_id:
        context["todo"] = deadlines.for_user(user)
        context["today"] = timezone.localdate()
        context["memberships"] = (
            Membership.objects.filter(unit_id=user.unit_id, campaign__in=Campaign.objects.visible_to(user))
            .select_related("group", "campaign")
            .prefetch_related(
                Prefetch(
                    "group__memberships", queryset=Membership.objects.in_display_order()
                ),
                Prefetch("group__pledges", queryset=Pledge.objects.current(), to_attr="current_pledges"),
            )
            .order_by("-campaign__year")
        )
    return render(request, "home.html", context)


def _attention(user) -> dict | None:
    """What the latest issued plan waits on: pledges not signed, late reports, periods to close."""
    campaign = Campaign.objects.filter(status=Campaign.Status.ISSUED).order_by("-year").first()
    if campaign is None:
        return None
    pledges = pledges_waiting(campaign)
    reporting = reporting_attention(campaign)
    return {
        "campaign": campaign, "pledges": pledges, "reporting": reporting,
        "is_empty": not pledges and reporting.is_empty, "can_close": user.is_city_staff,
    }
