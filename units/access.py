"""Who may see a unit: 404 for a unit a user may not see. Changing units is for city staff
(``accounts.access.city_staff_required``)."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from .models import Unit


def get_unit_for_user(user, pk) -> Unit:
    """The unit if the user may see it, else 404."""
    return get_object_or_404(Unit.objects.visible_to(user).select_related("merged_into"), pk=pk)


@dataclass(frozen=True)
class UnitRights:
    """What the user may do on a unit's page; the template reads it instead of re-checking roles. The views
    that act check the same rules again (``city_staff_required``)."""

    edit: bool = False            # change the unit's record (city staff)
    retire: bool = False          # record that it stopped or merged (city staff, an active unit)
    sees_register: bool = False   # the register of every unit, and so the page of the unit it merged into

    @classmethod
    def of(cls, user, unit: Unit) -> "UnitRights":
        return cls(
            edit=user.is_city_staff,
            retire=user.is_city_staff and unit.is_active,
            sees_register=user.sees_everything,
        )
