"""Registration (đăng ký thi đua): the titles a unit aims for in a year and the people aiming for individual titles.

The app will also hold the year-end meeting, its ballots and minutes, the proposals and each unit's award record
(issue 13, later parts): they refer to the :class:`Title` list of the plan and to the :class:`Registration` of
the unit ("a proposal for a title that was not registered is suspect").
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The titles every new plan starts with (city staff add, rename, reorder and remove them per plan).
DEFAULT_TITLES = {
    "collective": [
        _("Tập thể lao động tiên tiến"),
        _("Tập thể lao động xuất sắc"),
        _("Cờ thi đua của UBND thành phố"),
        _("Cờ thi đua của Chính phủ"),
        _("Bằng khen của Chủ tịch UBND thành phố"),
    ],
    "individual": [
        _("Lao động tiên tiến"),
        _("Chiến sĩ thi đua cơ sở"),
    ],
}


class TitleQuerySet(models.QuerySet):
    def collective(self):
        return self.filter(scope=Title.Scope.COLLECTIVE)

    def individual(self):
        return self.filter(scope=Title.Scope.INDIVIDUAL)


class Title(models.Model):
    """An emulation title (danh hiệu) or award a unit or a person may register for in a plan's year."""

    class Scope(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="award_titles"
    )
    name = models.CharField(_("tên danh hiệu"), max_length=200)
    scope = models.CharField(_("đối tượng"), max_length=12, choices=Scope.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)

    objects = TitleQuerySet.as_manager()

    class Meta:
        verbose_name = _("danh hiệu")
        verbose_name_plural = _("danh hiệu")
        ordering = ["campaign", "scope", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "name"], name="title_unique_name_per_campaign",
                violation_error_message=_("Kế hoạch đã có danh hiệu này."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_collective(self) -> bool:
        return self.scope == self.Scope.COLLECTIVE

    def is_used(self) -> bool:
        """Registered by a unit or for a person: such a title is kept (the database refuses its deletion too)."""
        return self.registered_titles.exists() or self.registered_people.exists()


class RegistrationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leaders: all; an officer: their own unit's and, for the leader unit of a group, its
        members' (read-only); nobody else."""
        from accounts.access import visible_scope
        from groups.models import Membership

        def officer_scope(qs):
            led = Membership.objects.filter(
                unit_id=user.unit_id, role=Membership.Role.LEADER).values("group_id")
            members = Membership.objects.filter(group_id__in=led).values("unit_id")
            return qs.filter(Q(unit_id=user.unit_id) | Q(unit_id__in=members))

        return visible_scope(self, user, officer_scope)


class Registration(models.Model):
    """One unit's registration for one plan: the collective titles it aims for and its :class:`RegisteredPerson`
    list. Created by the first save; submitted once; reopened only by city staff, with a reason.

    Lateness is judged on the *first* submission (``first_submitted_at``): a registration sent in time and
    reopened by city staff for a correction is not late when sent again."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã nộp")

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="registrations"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Compare-and-set on every save (``UPDATE … WHERE version = n``): two officers of a unit cannot overwrite
    # each other's list unknowingly.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    titles = models.ManyToManyField(Title, verbose_name=_("danh hiệu tập thể"), through="RegisteredTitle",
                                    related_name="registrations")
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("ngày nộp lần đầu"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mở lại"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"], name="registration_one_per_unit_and_campaign",
                violation_error_message=_("Đơn vị đã có bản đăng ký thi đua của năm này."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False, first_submitted_at__isnull=False),
                name="registration_submitted_has_date",
                violation_error_message=_("Bản đăng ký đã nộp phải có ngày nộp."),
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.campaign.year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def submitted_by_name(self) -> str:
        return _person(self.submitted_by)

    @property
    def reopened_by_name(self) -> str:
        return _person(self.reopened_by)

    @property
    def updated_by_name(self) -> str:
        return _person(self.updated_by)

    @property
    def is_late(self) -> bool:
        """First submitted after the plan's registration deadline (in the city's time zone)."""
        deadline = self.campaign.registration_deadline
        if self.first_submitted_at is None or deadline is None:
            return False
        return timezone.localdate(self.first_submitted_at) > deadline


def _person(user) -> str:
    """Who did it, as the page says it: the full name, else the login; "" when no account is known (deleted
    since, or the row was made by a script)."""
    return str(user) if user is not None else ""


class RegisteredTitle(models.Model):
    """A collective title a registration aims for. The title is protected: a registered title cannot be removed."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="registered_titles")
    title = models.ForeignKey(Title, verbose_name=_("danh hiệu"), on_delete=models.PROTECT,
                              related_name="registered_titles")

    class Meta:
        verbose_name = _("danh hiệu tập thể đăng ký")
        verbose_name_plural = _("danh hiệu tập thể đăng ký")
        constraints = [
            models.UniqueConstraint(fields=["registration", "title"], name="registered_title_once"),
        ]

    def __str__(self):
        return str(self.title)


class RegisteredPerson(models.Model):
    """A person of the unit registered for an individual title."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="people")
    row = models.PositiveSmallIntegerField(_("số thứ tự"))
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)
    title = models.ForeignKey(Title, verbose_name=_("danh hiệu đăng ký"), on_delete=models.PROTECT,
                              related_name="registered_people")

    class Meta:
        verbose_name = _("cá nhân đăng ký")
        verbose_name_plural = _("cá nhân đăng ký")
        ordering = ["registration", "row"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "row"], name="registered_person_row_once"),
            models.CheckConstraint(condition=~Q(full_name=""), name="registered_person_has_name",
                                   violation_error_message=_("Cần nhập họ và tên.")),
        ]

    def __str__(self):
        return self.full_name
