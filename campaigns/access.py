"""Who may see and change a plan. 404 for a plan a user may not see, 403 for what they may see but not do."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import require_city_staff

from .models import Campaign


def get_campaign_for_user(user, year) -> Campaign:
    """The plan of ``year`` if the user may see it, else 404."""
    return get_object_or_404(Campaign.objects.visible_to(user), year=year)


def get_editable_campaign(user, year) -> Campaign:
    """A plan whose document city staff may change: 404 if unseen, 403 if not city staff or not a draft."""
    campaign = get_campaign_for_user(user, year)
    require_city_staff(user)
    if not campaign.is_editable:
        raise PermissionDenied(
            _("Kế hoạch đã phát động hoặc đã kết thúc nên không thể chỉnh sửa. Hãy mở lại kế hoạch trước.")
        )
    return campaign
