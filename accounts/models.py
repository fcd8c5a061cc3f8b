"""Users and their role in the campaign: city staff, unit officer or read-only leader."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Never copied into the history: the password hash, and the time of the last login (a row per login).
UNTRACKED_USER_FIELDS = ["password", "last_login"]


class UserHistory(HistoricalRecords):
    """A user's history without the password hash; a save of untracked fields only (a login) writes no row."""

    def post_save(self, instance, created, using=None, **kwargs):
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(UNTRACKED_USER_FIELDS):
            return
        super().post_save(instance, created, using=using, **kwargs)


class User(AbstractUser):
    """A person signing in. Officers act for their unit; an officer without a unit can act on nothing."""

    class Role(models.TextChoices):
        CITY_STAFF = "city_staff", _("Cán bộ Ban Thi đua – Khen thưởng")
        UNIT_OFFICER = "unit_officer", _("Cán bộ đơn vị")
        VIEWER = "viewer", _("Lãnh đạo (chỉ xem)")

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.UNIT_OFFICER)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    history = UserHistory(excluded_fields=UNTRACKED_USER_FIELDS)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.get_full_name() or self.username

    def get_full_name(self):
        """Vietnamese order: family and middle names (``last_name``) before the given name (``first_name``)."""
        return f"{self.last_name} {self.first_name}".strip()

    @property
    def is_city_staff(self) -> bool:
        """May create and change plans, units and groups."""
        return self.is_active and (self.is_superuser or self.role == self.Role.CITY_STAFF)

    @property
    def sees_everything(self) -> bool:
        """City staff and leaders read every campaign, unit and group; officers only their own."""
        return self.is_city_staff or self.role == self.Role.VIEWER

    @property
    def is_unit_officer(self) -> bool:
        return self.role == self.Role.UNIT_OFFICER and self.unit_id is not None and not self.is_superuser
