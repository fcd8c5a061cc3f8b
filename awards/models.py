"""Registration, the year-end meeting and the awards: the titles of a plan (:class:`Title`), what each unit
registers for early in the year (:class:`Registration`), each group's year-end meeting with its ballots and
minutes (:class:`Meeting`), the proposals that follow (:class:`Proposal`), the council's decision on each, and
each unit's award register across years (:class:`AwardRecord`)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.dates import short_date
from groups.models import Membership

#: The titles every new plan starts with (city staff add, rename, reorder and remove them per plan), with the
#: rules the awards step checks: ``code`` says which title is which whatever its name, ``min_class`` the class of
#: this year's evaluation a unit needs, the quotas how many proposals a group (or the city) may send.
DEFAULT_TITLES = [
    {"scope": "collective", "code": "advanced", "name": _("Tập thể lao động tiên tiến"), "min_class": "htt"},
    {"scope": "collective", "code": "excellent", "name": _("Tập thể lao động xuất sắc"), "min_class": "htxs"},
    {"scope": "collective", "code": "city_flag", "name": _("Cờ thi đua của UBND thành phố"), "min_class": "htxs",
     "max_per_group": 1},
    {"scope": "collective", "code": "government_flag", "name": _("Cờ thi đua của Chính phủ"), "min_class": "htxs",
     "max_share_of_groups": Decimal(20), "earlier_title_code": "city_flag"},
    {"scope": "collective", "code": "merit", "name": _("Bằng khen của Chủ tịch UBND thành phố"), "min_class": "htt",
     "max_share_of_members": Decimal(30)},
    {"scope": "individual", "code": "", "name": _("Lao động tiên tiến")},
    {"scope": "individual", "code": "", "name": _("Chiến sĩ thi đua cơ sở")},
]

#: The classes of the evaluation from the highest down (``evaluation.ScoreSheet.final_class``).
CLASS_ORDER = ["htxs", "htt", "ht", "kht"]
CLASS_CHOICES = [("htxs", _("Hoàn thành xuất sắc")), ("htt", _("Hoàn thành tốt")), ("ht", _("Hoàn thành")),
                 ("kht", _("Không hoàn thành"))]


def _percent_or_none(verbose_name, help_text=""):
    return models.DecimalField(
        verbose_name, max_digits=5, decimal_places=2, null=True, blank=True, help_text=help_text,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


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

    class Code(models.TextChoices):
        ADVANCED = "advanced", _("Tập thể lao động tiên tiến")
        EXCELLENT = "excellent", _("Tập thể lao động xuất sắc")
        CITY_FLAG = "city_flag", _("Cờ thi đua của UBND thành phố")
        GOVERNMENT_FLAG = "government_flag", _("Cờ thi đua của Chính phủ")
        MERIT = "merit", _("Bằng khen")

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="award_titles"
    )
    name = models.CharField(_("tên danh hiệu"), max_length=200)
    scope = models.CharField(_("đối tượng"), max_length=12, choices=Scope.choices)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    code = models.CharField(
        _("loại khen thưởng"), max_length=20, blank=True, choices=Code.choices,
        help_text=_("Cho biết danh hiệu nào là cờ thi đua, bằng khen…, dù tên gọi thế nào."),
    )
    min_class = models.CharField(_("xếp loại tối thiểu"), max_length=4, blank=True, choices=CLASS_CHOICES,
                                 help_text=_("Xếp loại trong kết quả chấm điểm năm nay mà đơn vị cần đạt."))
    max_per_group = models.PositiveSmallIntegerField(_("tối đa mỗi cụm, khối"), null=True, blank=True)
    max_share_of_members = _percent_or_none(_("tối đa (% số thành viên của cụm, khối)"))
    max_share_of_groups = _percent_or_none(
        _("tối đa (% số cụm, khối của thành phố)"),
        help_text=_("Ví dụ: Cờ thi đua của Chính phủ cho không quá 20 % số đơn vị dẫn đầu cụm, khối."),
    )
    earlier_title_code = models.CharField(
        _("cần có danh hiệu năm trước"), max_length=20, blank=True, choices=Code.choices,
        help_text=_("Đơn vị phải nhận danh hiệu này trong năm trước (theo sổ khen thưởng)."),
    )

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


# --- the year-end meeting (hội nghị tổng kết cụm, khối) --------------------------------------------------------


class AwardSettings(models.Model):
    """A plan's rules for the year-end meetings: the quorum and what "elected" means. Missing settings read as
    the defaults (:meth:`for_campaign`), so a plan needs no row until city staff change something."""

    class ElectedBase(models.TextChoices):
        MEMBERS = "members", _("quá nửa tổng số thành viên của cụm, khối")
        PRESENT = "present", _("quá nửa số đơn vị có mặt")
        VALID = "valid", _("quá nửa số phiếu hợp lệ")

    campaign = models.OneToOneField("campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.CASCADE,
                                    related_name="award_settings")
    quorum_numerator = models.PositiveSmallIntegerField(_("tỷ lệ có mặt tối thiểu: tử số"), default=2)
    quorum_denominator = models.PositiveSmallIntegerField(_("tỷ lệ có mặt tối thiểu: mẫu số"), default=3)
    elected_base = models.CharField(_("trúng cử khi đạt"), max_length=10, choices=ElectedBase.choices,
                                    default=ElectedBase.MEMBERS)

    class Meta:
        verbose_name = _("quy định bình xét")
        verbose_name_plural = _("quy định bình xét")
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_denominator__gt=0) & Q(quorum_numerator__gt=0)
                & Q(quorum_numerator__lte=F("quorum_denominator")),
                name="award_settings_quorum_is_a_fraction",
                violation_error_message=_("Tỷ lệ có mặt phải là một phân số từ 0 đến 1."),
            ),
        ]

    def __str__(self):
        return str(self.campaign)

    @classmethod
    def for_campaign(cls, campaign) -> "AwardSettings":
        found = cls.objects.filter(campaign=campaign).first()
        return found if found is not None else cls(campaign=campaign)


MINUTES_FINAL = _("Biên bản đã chốt, không thể thay đổi. Cần mở lại biên bản (có ghi lý do) để sửa.")


def _refuse_if_final(meeting_id) -> None:
    """The lock of finalised minutes, read from the stored row (not from an instance that may be stale)."""
    if meeting_id and Meeting.objects.filter(pk=meeting_id, status=Meeting.Status.FINAL).exists():
        raise ValidationError(MINUTES_FINAL)


class _LockedWithMinutes(models.Model):
    """A row of the minutes (attendance, ballot, candidate): refuses ``save()`` and ``delete()`` once the
    meeting is final, as a published scoring table's rows do."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        _refuse_if_final(self.meeting_id_of())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_final(self.meeting_id_of())
        return super().delete(*args, **kwargs)

    def meeting_id_of(self):
        return self.meeting_id


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leaders: all. An officer: the meetings of the groups its unit is in (what it may do
        there, and whether a draft shows, is :mod:`awards.access`'s)."""
        from accounts.access import visible_scope

        return visible_scope(self, user, lambda meetings: meetings.filter(
            group__in=Membership.objects.filter(unit_id=user.unit_id).values("group_id")))


class Meeting(models.Model):
    """A group's year-end meeting and its minutes (biên bản). Recorded by the group's leader unit (or city staff);
    finalised minutes are locked like a signed pledge: ``save()`` and ``delete()`` refuse, and every later change
    follows a :class:`MeetingReopening` with its reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang ghi biên bản")
        FINAL = "final", _("Đã chốt biên bản")

    group = models.OneToOneField("groups.Group", verbose_name=_("cụm, khối"), on_delete=models.PROTECT,
                                 related_name="year_end_meeting")
    held_at = models.DateTimeField(_("thời gian"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    chair_name = models.CharField(_("chủ trì"), max_length=150, blank=True)
    chair_position = models.CharField(_("chức vụ người chủ trì"), max_length=200, blank=True)
    secretary_name = models.CharField(_("thư ký"), max_length=150, blank=True)
    secretary_position = models.CharField(_("chức vụ thư ký"), max_length=200, blank=True)
    agenda = models.TextField(_("nội dung hội nghị"), blank=True)
    # The rotating flag (cờ luân lưu) handed over at the meeting.
    rotating_flag_to = models.ForeignKey("units.Unit", verbose_name=_("đơn vị nhận cờ luân lưu"), null=True,
                                         blank=True, on_delete=models.PROTECT, related_name="+")
    rotating_flag_note = models.CharField(_("ghi chú bàn giao cờ luân lưu"), max_length=255, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    finalised_at = models.DateTimeField(_("chốt lúc"), null=True, blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người chốt"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("hội nghị tổng kết")
        verbose_name_plural = _("hội nghị tổng kết")
        constraints = [
            models.CheckConstraint(condition=Q(status="draft") | Q(finalised_at__isnull=False, held_at__isnull=False),
                                   name="meeting_final_has_time",
                                   violation_error_message=_("Biên bản đã chốt phải có thời gian hội nghị.")),
        ]

    def __str__(self):
        return str(self.group)

    def save(self, *args, **kwargs):
        # Finalising and reopening go through ``Meeting.objects.filter(…).update(…)`` (awards.meetings), the
        # compare-and-set on ``version``: a final row refuses every save.
        _refuse_if_final(self.pk)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_final(self.pk)
        return super().delete(*args, **kwargs)

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class Attendance(_LockedWithMinutes):
    """A member unit at the meeting: present (with its representative) or absent."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("có mặt"), default=False)
    representative_name = models.CharField(_("người dự"), max_length=150, blank=True)
    representative_position = models.CharField(_("chức vụ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("đơn vị dự hội nghị")
        verbose_name_plural = _("đơn vị dự hội nghị")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "unit"], name="attendance_once_per_unit"),
        ]

    def __str__(self):
        return str(self.unit)


class Ballot(_LockedWithMinutes):
    """One secret vote of the meeting, whose counts the secretary types in."""

    class Question(models.TextChoices):
        CITY_FLAG = "city_flag", _("Đề nghị tặng Cờ thi đua của UBND thành phố")
        MERIT = "merit", _("Đề nghị tặng Bằng khen")
        LEADER = "leader", _("Bầu đơn vị trưởng cụm, khối năm sau")
        DEPUTY = "deputy", _("Bầu đơn vị phó cụm, khối năm sau")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ballots")
    question = models.CharField(_("nội dung bỏ phiếu"), max_length=10, choices=Question.choices)
    seats = models.PositiveSmallIntegerField(_("số đơn vị được chọn"), default=1)
    issued = models.PositiveSmallIntegerField(_("số phiếu phát ra"), default=0)
    returned = models.PositiveSmallIntegerField(_("số phiếu thu về"), default=0)
    valid = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"), default=0)

    class Meta:
        verbose_name = _("cuộc bỏ phiếu")
        verbose_name_plural = _("cuộc bỏ phiếu")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "question"], name="ballot_once_per_question"),
            models.CheckConstraint(condition=Q(valid__lte=F("returned")) & Q(returned__lte=F("issued")),
                                   name="ballot_counts_nest",
                                   violation_error_message=_(
                                       "Số phiếu hợp lệ không được vượt số phiếu thu về, số phiếu thu về không "
                                       "được vượt số phiếu phát ra.")),
            models.CheckConstraint(condition=Q(seats__gte=1), name="ballot_has_a_seat"),
        ]

    def __str__(self):
        return self.get_question_display()


class Candidate(_LockedWithMinutes):
    """A unit on a ballot with its votes; ``elected`` is worked out by the rules when the minutes are finalised
    and kept, so the minutes read the same after the rules change."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), default=0)
    elected = models.BooleanField(_("trúng cử"), default=False)
    # Why a unit is proposed for a title it did not register for (the proposal is flagged; rules vary by
    # province, so it is allowed with a reason). Copied to its :class:`Proposal`.
    reason = models.TextField(_("lý do đề nghị ngoài đăng ký"), blank=True)

    class Meta:
        verbose_name = _("đơn vị được bầu chọn")
        verbose_name_plural = _("đơn vị được bầu chọn")
        ordering = ["ballot", "-votes", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "unit"], name="candidate_once_per_ballot"),
        ]

    def __str__(self):
        return str(self.unit)

    def meeting_id_of(self):
        return Ballot.objects.filter(pk=self.ballot_id).values_list("meeting_id", flat=True).first()


class MeetingReopening(models.Model):
    """Finalised minutes opened again for a correction: who, when, why."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reopenings")
    reopened_at = models.DateTimeField(_("mở lại lúc"), default=timezone.now)
    reopened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người mở lại"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("lý do"))

    class Meta:
        verbose_name = _("lần mở lại biên bản")
        verbose_name_plural = _("lần mở lại biên bản")
        ordering = ["meeting", "reopened_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="meeting_reopening_has_reason",
                                   violation_error_message=_("Cần nêu lý do mở lại biên bản.")),
        ]

    def __str__(self):
        return f"{self.meeting} – {short_date(self.reopened_at)}"


# --- proposals, the council's decisions, the award register ----------------------------------------------------


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """City staff and leaders: all; an officer: its own unit's and those of the groups its unit leads."""
        from accounts.access import visible_scope

        def officer_scope(proposals):
            led = Membership.objects.filter(unit_id=user.unit_id, role=Membership.Role.LEADER).values("group_id")
            return proposals.filter(Q(unit_id=user.unit_id) | Q(group_id__in=led))

        return visible_scope(self, user, officer_scope)


class Proposal(models.Model):
    """A unit proposed for a title of the plan: by its group's finalised minutes (``meeting`` set, with the
    votes) or added by city staff (e.g. the Government flag, proposed by the city among the flag winners). City
    staff record the council's decision; an approved proposal enters the :class:`AwardRecord` register."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Chờ Hội đồng xét")
        APPROVED = "approved", _("Được khen thưởng")
        REJECTED = "rejected", _("Không được khen thưởng")

    campaign = models.ForeignKey("campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.CASCADE,
                                 related_name="award_proposals")
    title = models.ForeignKey(Title, verbose_name=_("danh hiệu"), on_delete=models.PROTECT, related_name="proposals")
    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="award_proposals")
    group = models.ForeignKey("groups.Group", verbose_name=_("cụm, khối"), on_delete=models.PROTECT,
                              related_name="award_proposals")
    meeting = models.ForeignKey(Meeting, verbose_name=_("biên bản"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="proposals")
    votes = models.PositiveSmallIntegerField(_("số phiếu"), null=True, blank=True)
    valid_ballots = models.PositiveSmallIntegerField(_("số phiếu hợp lệ"), null=True, blank=True)
    reason = models.TextField(_("lý do đề nghị ngoài đăng ký, ngoài chỉ tiêu"), blank=True)
    created_at = models.DateTimeField(_("ngày đề nghị"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decision = models.CharField(_("kết quả xét"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_at = models.DateTimeField(_("ghi nhận lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(_("phiên bản"), default=1)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["campaign", "title", "group", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "title", "unit"], name="proposal_once_per_title_and_unit",
                                    violation_error_message=_("Đơn vị đã được đề nghị danh hiệu này.")),
            models.CheckConstraint(
                condition=Q(decision="pending") | Q(decision_date__isnull=False, decided_at__isnull=False),
                name="proposal_decided_has_date",
                violation_error_message=_("Kết quả xét phải có ngày quyết định."),
            ),
            models.CheckConstraint(
                condition=~Q(decision="approved") | ~Q(decision_number=""),
                name="proposal_approved_has_number",
                violation_error_message=_("Được khen thưởng phải có số quyết định."),
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.unit}"


class AwardRecord(models.Model):
    """One title a unit received in one year: the award register (sổ theo dõi khen thưởng) across years. Filled
    from approved proposals, and back-filled by city staff for the years before the app (``proposal`` empty)."""

    unit = models.ForeignKey("units.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="award_records")
    year = models.PositiveSmallIntegerField(_("năm"))
    title_name = models.CharField(_("danh hiệu, hình thức khen thưởng"), max_length=200)
    title_code = models.CharField(_("loại khen thưởng"), max_length=20, blank=True, choices=Title.Code.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    proposal = models.OneToOneField(Proposal, verbose_name=_("đề nghị"), null=True, blank=True,
                                    on_delete=models.CASCADE, related_name="award_record")
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("ngày ghi"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("sổ theo dõi khen thưởng")
        ordering = ["unit", "-year", "title_name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "title_name"], name="award_record_once_per_year",
                                    violation_error_message=_("Đơn vị đã có danh hiệu này trong năm đó.")),
        ]

    def __str__(self):
        return f"{self.title_name} ({self.year})"
