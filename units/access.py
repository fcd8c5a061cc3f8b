"""Who may see a unit: 404 for a unit a user may not see. Changing units is for city staff
(``accounts.access.city_staff_required``)."""

from django.shortcuts import get_object_or_404

from .models import Unit


def get_unit_for_user(user, pk) -> Unit:
    """The unit if the user may see it, else 404."""
    return get_object_or_404(Unit.objects.visible_to(user).select_related("merged_into"), pk=pk)
