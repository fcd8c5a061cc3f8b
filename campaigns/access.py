"""Who may see and change a plan. 404 for a plan a user may not see, 403 for what they may see but not do."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import require_city_staff

from .models import Campaign
from .services import TRANSITIONS


def get_campaign_for_user(user, year) -> Campaign:
    """The plan of ``year`` if the user may see it, else 404."""
    return get_object_or_404(Campaign.objects.visible_to(user), year=year)


def can_edit(user, campaign: Campaign) -> bool:
    """City staff change a draft plan's document (header, content items, indicators, periods) or delete it."""
    return user.is_city_staff and campaign.is_editable


def get_editable_campaign(user, year) -> Campaign:
    """A plan whose document city staff may change: 404 if unseen, 403 if not city staff or not a draft."""
    campaign = get_campaign_for_user(user, year)
    require_city_staff(user)
    if not can_edit(user, campaign):
        raise PermissionDenied(
            _("Kế hoạch đã phát động hoặc đã kết thúc nên không thể chỉnh sửa. Hãy mở lại kế hoạch trước.")
        )
    return campaign


def can_change_status(user, campaign: Campaign, action: str) -> bool:
    """City staff move the plan along (``issue`` a draft, ``close`` an issued plan) or ``reopen`` it one step
    back; :func:`campaigns.services.change_status` refuses any other move with its reason."""
    if not user.is_city_staff:
        return False
    if action == "reopen":
        return not campaign.is_draft
    source, _target = TRANSITIONS[action]
    return campaign.status == source


@dataclass(frozen=True)
class CampaignRights:
    """What the user may do on a plan's page, decided once by the view from the rules above; the template
    reads it instead of re-checking roles or status strings. The views that act check the same rules again."""

    edit: bool = False               # the document of a draft: header, items, indicators, periods
    delete: bool = False             # delete a draft plan
    issue: bool = False
    close: bool = False
    reopen: bool = False
    copy: bool = False               # copy to the next year (city staff, any status)
    close_periods: bool = False      # close a reporting period from the periods table (issued or closed plans)
    sees_pledges: bool = False       # the pledges exist once the plan is issued
    sees_city_progress: bool = False  # the city dashboard (city staff and leaders, once issued)
    sees_city_evaluation: bool = False  # the year's evaluation overview (city staff and leaders)
    sees_registrations: bool = False  # every unit's registration (awards:overview; city staff and leaders)
    own_registration_unit: int | None = None  # an officer's unit, linked to its registration once issued
    sees_history: bool = False       # the status history section (city staff and leaders)
    audit: bool = False              # who changed what (city staff: accounts.access.require_audit_access)

    @classmethod
    def of(cls, user, campaign: Campaign) -> "CampaignRights":
        issued_or_closed = not campaign.is_draft
        return cls(
            edit=can_edit(user, campaign),
            delete=can_edit(user, campaign),
            issue=can_change_status(user, campaign, "issue"),
            close=can_change_status(user, campaign, "close"),
            reopen=can_change_status(user, campaign, "reopen"),
            copy=user.is_city_staff,
            close_periods=user.is_city_staff and issued_or_closed,
            sees_pledges=issued_or_closed,
            sees_city_progress=user.sees_everything and issued_or_closed,
            sees_city_evaluation=user.sees_everything,
            sees_registrations=user.sees_everything and issued_or_closed,
            own_registration_unit=user.unit_id if user.is_unit_officer and issued_or_closed else None,
            sees_history=user.sees_everything,
            audit=user.is_city_staff,
        )
