"""``manage.py seed_demo``: load the 2024 demo campaign of Đà Nẵng and the demo logins.

Everything is keyed on natural keys (campaign year, unit code, group name, content item position, indicator
code, period name, username), so running the command again changes nothing unless someone edited the demo data
in between; then it brings the rows back to the demo values. Rows added by hand are never deleted, except
memberships that contradict the demo grouping. The plan's document is read-only once issued: when it differs
from the demo data it is reopened (with a recorded reason), corrected and issued again.

The pledges of the demo groups (one signed, one open for signing, one draft) are built through
``pledges.services`` like a user would build them, and only for a group that has no pledge yet: once made, a
pledge is the users' to change (a signed one cannot change at all), so a later run leaves it alone.

The demo accounts share a public password, so the command refuses to run outside DEBUG unless ``--force``.
"""

import datetime
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign, ContentItem, Indicator, LegalBasis, ReportingPeriod
from campaigns.services import change_status, default_periods
from demo import seed_data
from groups.models import Group, Membership
from groups.services import save_group
from pledges import services as pledge_services
from pledges.forms import parse_cell
from pledges.models import Pledge, PledgeLine, Signature
from progress import attainment as rules
from progress import services as report_services
from progress.models import Report, ReportEvent, ReportValue
from progress.services import Entry
from units.models import Unit

User = get_user_model()

DEMO_PASSWORD = "demo-2024"

# Vietnamese names: family and middle names in ``last_name`` (họ và tên đệm), the given name in ``first_name``
# (tên); ``User.get_full_name`` reads them family name first: "Nguyễn Thị Thu Hà".
DEMO_USERS = [
    {
        "username": "city",
        "first_name": "Hà",
        "last_name": "Nguyễn Thị Thu",
        "role": User.Role.CITY_STAFF,
        "unit": None,
        "position": "Chuyên viên Ban Thi đua – Khen thưởng",
    },
    {
        "username": "officer",
        "first_name": "Minh",
        "last_name": "Trần Văn",
        "role": User.Role.UNIT_OFFICER,
        "unit": seed_data.OFFICER_UNIT,
        "position": "Chuyên viên Phòng Nội vụ quận Sơn Trà",
    },
    {
        "username": "officer2",
        "first_name": "Duyên",
        "last_name": "Lê Thị Mỹ",
        "role": User.Role.UNIT_OFFICER,
        "unit": seed_data.OFFICER2_UNIT,
        "position": "Chuyên viên Phòng Nội vụ quận Liên Chiểu",
    },
    {
        "username": "officer3",
        "first_name": "Phước",
        "last_name": "Trần Văn",
        "role": User.Role.UNIT_OFFICER,
        "unit": seed_data.OFFICER3_UNIT,
        "position": "Chuyên viên Văn phòng Sở Kế hoạch và Đầu tư",
    },
    {
        "username": "officer4",
        "first_name": "Hùng",
        "last_name": "Nguyễn Văn",
        "role": User.Role.UNIT_OFFICER,
        "unit": seed_data.OFFICER4_UNIT,
        "position": "Chuyên viên Phòng Nội vụ quận Ngũ Hành Sơn",
    },
    {
        "username": "officer5",
        "first_name": "Thảo",
        "last_name": "Phạm Thị Phương",
        "role": User.Role.UNIT_OFFICER,
        "unit": seed_data.OFFICER5_UNIT,
        "position": "Chuyên viên Phòng Nội vụ quận Thanh Khê",
    },
    {
        "username": "viewer",
        "first_name": "Trung",
        "last_name": "Phan Quốc",
        "role": User.Role.VIEWER,
        "unit": None,
        "position": "Lãnh đạo UBND thành phố",
    },
    {
        "username": "admin",
        "first_name": "Khôi",
        "last_name": "Võ Đình",
        "role": User.Role.CITY_STAFF,
        "unit": None,
        "position": "Quản trị hệ thống",
        "is_staff": True,
        "is_superuser": True,
    },
]

ROLE_FIELDS = ("leader", "deputy")


def _assign(obj, values: dict) -> bool:
    """Set ``values`` on ``obj``; tell whether anything changed."""
    changed = False
    for field, value in values.items():
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            changed = True
    return changed


@contextmanager
def _acting_as(user):
    """Record ``user`` as the author of the target history written inside the block.

    django-simple-history reads the author of a change from the current request, which a command has none of.
    """
    context = HistoricalRecords.context
    missing = object()
    previous = getattr(context, "request", missing)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is missing:
            del context.request
        else:
            context.request = previous


def demo_target_text(line: PledgeLine, unit_code: str, index: int, member_count: int):
    """What the member at ``index`` of a group of ``member_count`` types in the cell of ``line``: "x" for a
    done/not-done line, a number, or "-" (see ``seed_data.PLEDGE_VARIATION_STEPS``)."""
    fixed = seed_data.PLEDGE_VALUES.get((unit_code, line.code))
    if fixed is not None:
        return fixed
    if line.is_done_kind or line.city_value is None:
        return "x"
    step = seed_data.PLEDGE_VARIATION_STEPS[index % len(seed_data.PLEDGE_VARIATION_STEPS)]
    if line.direction == PledgeLine.Direction.LOWER:
        step = -abs(step)
    rate_step = seed_data.PLEDGE_RATE_STEPS.get(line.code)
    if line.measure_unit == "%" and rate_step is not None:
        value = line.city_value + step * rate_step
        if value > 100:
            value = Decimal(100)
        exponent = min(line.city_value.normalize().as_tuple().exponent, rate_step.as_tuple().exponent, 0)
    else:
        value = line.city_value / member_count * (1 + step * seed_data.PLEDGE_SHARE_STEP)
        exponent = 0 if value >= 10 else -2
    value = max(value, Decimal(0)).quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
    return value.normalize() if value else Decimal(0)


def demo_actual(value: ReportValue, share: Decimal, index: int) -> Entry:
    """A plausible actual for a report value: levels (rates, lower-is-better) near the commitment, amounts in
    proportion to the share of the year elapsed; members take different steps, so some are behind."""
    factor = seed_data.REPORT_FACTORS[index % len(seed_data.REPORT_FACTORS)]
    if value.direction == ReportValue.Direction.DONE:
        return Entry(done=share >= 1 or index % 3 == 0)
    target = value.target_value or Decimal(0)
    if value.direction == ReportValue.Direction.LOWER:
        actual = target * (2 - factor)  # a factor above 1 means fewer accidents, less poverty
    elif value.line.measure_unit == "%":
        actual = min(target * factor, Decimal(100))
    else:
        actual = target * share * factor
    return Entry(actual=max(actual, Decimal(0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
                 note=seed_data.REPORT_NOTES.get(value.line.code, ""))


class Command(BaseCommand):
    requires_migrations_checks = True

    @property
    def help(self):
        return _(
            "Nạp dữ liệu demo: kế hoạch thi đua năm 2024 của Đà Nẵng (căn cứ, 10 nội dung, chỉ tiêu, kỳ báo "
            "cáo), đơn vị, cụm, khối thi đua và các tài khoản demo (mật khẩu %(password)s). Chạy lại nhiều lần "
            "không tạo dữ liệu trùng."
        ) % {"password": DEMO_PASSWORD}

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Chạy cả khi DEBUG tắt (tạo tài khoản với mật khẩu công khai — không dùng trên máy chủ thật)."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "seed_demo tạo tài khoản demo với mật khẩu công khai; chỉ chạy khi DJANGO_DEBUG=1 "
                    "hoặc thêm --force"
                )
            )
        self.stats = {}
        with transaction.atomic():
            units = self._seed_units()
            users = self._seed_users(units)
            campaign = self._seed_campaign(users["city"])
            self._seed_groups(campaign, units)
            self._seed_pledges(campaign, units, users)
            self._seed_reports(campaign, users)
        self._report(campaign, users)

    # -- bookkeeping -------------------------------------------------------------------------------------------

    def _count(self, label: str, outcome: str | None) -> None:
        counts = self.stats.setdefault(label, {"created": 0, "updated": 0, "total": 0})
        counts["total"] += 1
        if outcome:
            counts[outcome] += 1

    def _save(self, label: str, obj, values: dict) -> None:
        """Save ``obj`` with ``values`` if it is new or differs; count what happened."""
        is_new = obj.pk is None
        changed = _assign(obj, values)
        if is_new or changed:
            obj.save()
        self._count(label, "created" if is_new else "updated" if changed else None)

    # -- units -------------------------------------------------------------------------------------------------

    def _seed_units(self) -> dict[str, Unit]:
        """Create or update every demo unit; merged units come after the units they were merged into."""
        existing = Unit.objects.in_bulk([spec["code"] for spec in seed_data.UNITS], field_name="code")
        specs = sorted(seed_data.UNITS, key=lambda spec: bool(spec.get("retired", {}).get("merged_into")))
        units: dict[str, Unit] = {}
        for spec in specs:
            retired = spec.get("retired") or {}
            merged_code = retired.get("merged_into")
            if merged_code and merged_code not in units:
                raise CommandError(
                    _("Dữ liệu demo sai: đơn vị %(code)s sáp nhập vào đơn vị không có: %(target)s.")
                    % {"code": spec["code"], "target": merged_code}
                )
            unit = existing.get(spec["code"]) or Unit(code=spec["code"])
            self._save(
                "units",
                unit,
                {
                    "name": spec["name"],
                    "short_name": spec.get("short_name", ""),
                    "kind": spec["kind"],
                    "retired_on": retired.get("on"),
                    "retirement_reason": retired.get("reason", ""),
                    "merged_into_id": units[merged_code].pk if merged_code else None,
                },
            )
            units[spec["code"]] = unit
        return units

    # -- users -------------------------------------------------------------------------------------------------

    def _seed_users(self, units: dict[str, Unit]) -> dict:
        existing = User.objects.in_bulk([spec["username"] for spec in DEMO_USERS], field_name="username")
        users = {}
        for spec in DEMO_USERS:
            user = existing.get(spec["username"]) or User(username=spec["username"])
            is_new = user.pk is None
            changed = _assign(
                user,
                {
                    "first_name": spec["first_name"],
                    "last_name": spec["last_name"],
                    "role": spec["role"],
                    "unit_id": units[spec["unit"]].pk if spec["unit"] else None,
                    "position": spec["position"],
                    "is_active": True,
                    "is_staff": spec.get("is_staff", False),
                    "is_superuser": spec.get("is_superuser", False),
                },
            )
            # The password is always reset so that the demo logins keep working; an account that is otherwise
            # unchanged saves only the password, which its history (accounts.models.UserHistory) leaves out.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=None if is_new or changed else ["password"])
            self._count("users", "created" if is_new else "updated" if changed else None)
            users[spec["username"]] = user
        return users

    # -- the plan ----------------------------------------------------------------------------------------------

    @staticmethod
    def _campaign_values() -> dict:
        return {field: value for field, value in seed_data.CAMPAIGN.items() if field != "year"}

    @staticmethod
    def _desired_plan() -> dict:
        """The plan's parts in natural-key form, as :meth:`_current_plan` reads them from the database."""
        return {
            "legal_bases": dict(enumerate(seed_data.LEGAL_BASES, start=1)),
            "content_items": {
                position: (item["title"], item.get("description", ""))
                for position, item in enumerate(seed_data.CONTENT_ITEMS, start=1)
            },
            "indicators": {
                spec["code"]: (
                    position,
                    spec["name"],
                    spec.get("measure_unit", ""),
                    spec.get("city_value"),
                    spec["direction"],
                    spec["area"],
                    spec.get("content_item"),
                )
                for position, spec in enumerate(seed_data.INDICATORS, start=1)
            },
            "periods": {
                str(period["name"]): (period["end_date"], period["deadline"])
                for period in default_periods(seed_data.CAMPAIGN["year"])
            },
        }

    @staticmethod
    def _current_plan(campaign: Campaign) -> dict:
        return {
            "legal_bases": dict(campaign.legal_bases.values_list("position", "text")),
            "content_items": {
                position: (title, description)
                for position, title, description in campaign.content_items.values_list(
                    "position", "title", "description"
                )
            },
            "indicators": {
                row[0]: row[1:]
                for row in campaign.indicators.values_list(
                    "code",
                    "position",
                    "name",
                    "measure_unit",
                    "city_value",
                    "direction",
                    "area",
                    "content_item__position",
                )
            },
            "periods": {
                name: (end_date, deadline)
                for name, end_date, deadline in campaign.periods.values_list("name", "end_date", "deadline")
            },
        }

    def _plan_matches(self, campaign: Campaign) -> bool:
        """Whether the campaign already holds every demo value (rows added by hand are ignored)."""
        if any(getattr(campaign, field) != value for field, value in self._campaign_values().items()):
            return False
        desired = self._desired_plan()
        current = self._current_plan(campaign)
        for part, rows in desired.items():
            for key, value in rows.items():
                if current[part].get(key, object()) != value:
                    return False
        return True

    def _seed_campaign(self, city_user) -> Campaign:
        year = seed_data.CAMPAIGN["year"]
        campaign = Campaign.objects.filter(year=year).first()
        if campaign is None:
            campaign = Campaign(year=year, status=Campaign.Status.DRAFT)
            self._save("campaign", campaign, self._campaign_values())
            self._write_plan(campaign)
        elif self._plan_matches(campaign):
            self._count("campaign", None)
        else:
            # The document of an issued plan is read-only: reopen it (recorded, with a reason) to correct it.
            while campaign.status != Campaign.Status.DRAFT:
                change_status(
                    campaign,
                    "reopen",
                    city_user,
                    reason=_("Nạp lại dữ liệu demo (seed_demo): đưa kế hoạch về nội dung mẫu."),
                )
                campaign.refresh_from_db()
            self._save("campaign", campaign, self._campaign_values())
            self._write_plan(campaign)
        if campaign.status == Campaign.Status.DRAFT:
            change_status(campaign, "issue", city_user)
        elif campaign.status == Campaign.Status.CLOSED:
            change_status(
                campaign,
                "reopen",
                city_user,
                reason=_("Nạp lại dữ liệu demo (seed_demo): kế hoạch demo ở trạng thái đã phát động."),
            )
        campaign.refresh_from_db()
        return campaign

    def _write_plan(self, campaign: Campaign) -> None:
        """Create or correct the parts of a draft plan."""
        legal_bases = {basis.position: basis for basis in campaign.legal_bases.all()}
        for position, text in enumerate(seed_data.LEGAL_BASES, start=1):
            basis = legal_bases.get(position) or LegalBasis(campaign=campaign, position=position)
            self._save("legal_bases", basis, {"text": text})

        items = {item.position: item for item in campaign.content_items.all()}
        for position, spec in enumerate(seed_data.CONTENT_ITEMS, start=1):
            item = items.get(position) or ContentItem(campaign=campaign, position=position)
            self._save(
                "content_items", item, {"title": spec["title"], "description": spec.get("description", "")}
            )
            items[position] = item

        indicators = {indicator.code: indicator for indicator in campaign.indicators.all()}
        for position, spec in enumerate(seed_data.INDICATORS, start=1):
            indicator = indicators.get(spec["code"]) or Indicator(campaign=campaign, code=spec["code"])
            item_number = spec.get("content_item")
            self._save(
                "indicators",
                indicator,
                {
                    "position": position,
                    "name": spec["name"],
                    "measure_unit": spec.get("measure_unit", ""),
                    "city_value": spec.get("city_value"),
                    "direction": spec["direction"],
                    "area": spec["area"],
                    "content_item_id": items[item_number].pk if item_number else None,
                },
            )

        periods = {period.name: period for period in campaign.periods.all()}
        for spec in default_periods(campaign.year):
            name = str(spec["name"])
            period = periods.get(name) or ReportingPeriod(campaign=campaign, name=name)
            self._save("periods", period, {"end_date": spec["end_date"], "deadline": spec["deadline"]})

    # -- groups ------------------------------------------------------------------------------------------------

    def _seed_groups(self, campaign: Campaign, units: dict[str, Unit]) -> None:
        """Bring the demo blocs and clusters, their members and roles to the demo data.

        A demo unit found in another group of the campaign is taken out of it first (a unit is in one group a
        year); other units and groups added by hand are left alone.
        """
        wanted_group = {units[code].pk: spec["name"] for spec in seed_data.GROUPS for code in spec["members"]}
        misplaced = [
            membership.pk
            for membership in Membership.objects.filter(
                campaign=campaign, unit_id__in=wanted_group
            ).select_related("group")
            if membership.group.name != wanted_group[membership.unit_id]
        ]
        if misplaced:
            Membership.objects.filter(pk__in=misplaced).delete()

        existing = {group.name: group for group in campaign.groups.prefetch_related("memberships")}
        for spec in seed_data.GROUPS:
            roles = {units[code].pk: Membership.Role.MEMBER for code in spec["members"]}
            for role in ROLE_FIELDS:
                if spec.get(role):
                    roles[units[spec[role]].pk] = role
            group = existing.get(spec["name"])
            if group is None:
                save_group(Group(campaign=campaign, name=spec["name"], kind=spec["kind"]), roles)
                self._count("groups", "created")
                continue
            current = {membership.unit_id: membership.role for membership in group.memberships.all()}
            changed = _assign(group, {"kind": spec["kind"]})
            if changed or current != roles:
                save_group(group, roles)
                self._count("groups", "updated")
            else:
                self._count("groups", None)

    # -- pledges ----------------------------------------------------------------------------------------------

    def _seed_pledges(self, campaign: Campaign, units: dict[str, Unit], users: dict) -> None:
        """Build the demo pledges through the pledge workflows, for the demo groups that have none."""
        groups = {
            group.name: group
            for group in campaign.groups.filter(name__in=[s["group"] for s in seed_data.PLEDGES])
        }
        have_pledge = set(Pledge.objects.filter(group__in=groups.values()).values_list("group_id", flat=True))
        city = users["city"]
        officers = {user.unit_id: user for user in users.values() if user.is_unit_officer}
        codes = {unit.pk: code for code, unit in units.items()}
        for spec in seed_data.PLEDGES:
            group = groups[spec["group"]]
            if group.pk in have_pledge:
                self._count("pledges", None)
                continue
            self._build_pledge(group, spec, city, officers, codes)
            self._count("pledges", "created")

    def _build_pledge(self, group: Group, spec: dict, city, officers: dict, codes: dict) -> None:
        members = list(Membership.objects.filter(group=group).in_display_order())
        with _acting_as(city):
            pledge = pledge_services.create_pledge(group, city)
        lines = list(pledge.lines.all())
        left_empty = {code: set(line_codes) for code, line_codes in spec.get("left_empty", {}).items()}
        for index, membership in enumerate(members):
            code = codes.get(membership.unit_id, "")
            user = officers.get(membership.unit_id, city)
            with _acting_as(user):
                for line in lines:
                    if not line.applies_to(membership.unit_id) or line.code in left_empty.get(code, ()):
                        continue
                    status, value = parse_cell(demo_target_text(line, code, index, len(members)), line)
                    pledge_services.save_target(
                        pledge, line, membership.unit_id, user, status=status, value=value, expected_version=0
                    )
        if spec["state"] == Pledge.Status.DRAFT:
            return
        pledge = pledge_services.open_for_signing(pledge, city)
        unsigned = set(spec.get("unsigned", ()))
        for membership in members:
            code = codes.get(membership.unit_id, "")
            if code in unsigned:
                continue
            name, position = seed_data.PLEDGE_SIGNERS.get(
                code, (membership.unit.name, _("Thủ trưởng đơn vị"))
            )
            # Only an officer of the unit signs for it in the application; a unit without a demo login signs
            # with nobody recorded as having confirmed it.
            pledge_services.sign(
                pledge,
                membership.unit_id,
                officers.get(membership.unit_id),
                signer_name=name,
                signer_position=position,
            )
        self._date_pledge_in_its_year(pledge)

    @staticmethod
    def _date_pledge_in_its_year(pledge: Pledge) -> None:
        """The demo is of 2024: opened and signed in the weeks before the pledge deadline, not today.

        A plain UPDATE on purpose: the workflow stamps the current time, and a signed pledge refuses ``save()``."""
        deadline = pledge.campaign.pledge_deadline or datetime.date(pledge.campaign.year, 3, 31)
        tz = timezone.get_current_timezone()
        opened = datetime.datetime.combine(deadline - datetime.timedelta(days=20), datetime.time(8, 0), tzinfo=tz)
        Pledge.objects.filter(pk=pledge.pk).update(opened_at=opened)
        last = opened
        for index, signature in enumerate(pledge.signatures.order_by("pk")):
            last = opened + datetime.timedelta(days=2 + index, hours=index % 3)
            Signature.objects.filter(pk=signature.pk).update(signed_at=last)
        Pledge.objects.filter(pk=pledge.pk, status=Pledge.Status.SIGNED).update(signed_at=last)

    # -- progress reports -------------------------------------------------------------------------------------

    def _seed_reports(self, campaign: Campaign, users: dict) -> None:
        """Reports of the signed bloc, period by period (``seed_data.REPORTS``): submitted, returned, a draft and
        missing ones, so every dashboard shows something real. Only when the bloc has no report yet."""
        group = campaign.groups.get(name=seed_data.REPORTS_GROUP)
        if Report.objects.filter(group=group).exists():
            self._count("reports", None)
            return
        members = list(Membership.objects.filter(group=group).in_display_order())
        officers = {user.unit_id: user for user in users.values() if user.is_unit_officer}
        city = users["city"]
        for period in campaign.periods.all():
            plan = seed_data.REPORTS.get(period.name)
            if not plan:
                continue
            share = rules.elapsed_share(period.end_date)
            for index, membership in enumerate(members):
                state = plan[index] if index < len(plan) else None
                if state is None:
                    continue  # missing: late from the day after the deadline
                officer = officers.get(membership.unit_id)
                report = report_services.open_report(period, membership.unit_id, officer)
                values = list(report.values.select_related("line"))
                entries = {v.pk: demo_actual(v, share, index) for v in values}
                if state == "draft":  # half typed in
                    entries = dict(list(entries.items())[: len(entries) // 2])
                report_services.save_values(report, entries, officer)
                if state == "draft":
                    self._count("reports", "created")
                    continue
                report_services.submit(report, officer)
                if state == "returned":
                    report_services.return_report(report, city, seed_data.RETURN_COMMENT)
                when = datetime.datetime.combine(period.deadline - datetime.timedelta(days=2 + index % 3),
                                                 datetime.time(9, 30), tzinfo=timezone.get_current_timezone())
                Report.objects.filter(pk=report.pk).exclude(submitted_at=None).update(submitted_at=when)
                ReportEvent.objects.filter(report=report).update(at=when)
                self._count("reports", "created")

    # -- report ------------------------------------------------------------------------------------------------

    def _report(self, campaign: Campaign, users: dict) -> None:
        labels = {
            "units": _("Đơn vị"),
            "users": _("Tài khoản demo"),
            "campaign": _("Kế hoạch"),
            "legal_bases": _("Căn cứ"),
            "content_items": _("Nội dung thi đua"),
            "indicators": _("Chỉ tiêu"),
            "periods": _("Kỳ báo cáo"),
            "groups": _("Cụm, khối thi đua"),
        }
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                _("Đã nạp dữ liệu demo: %(title)s (%(number)s), trạng thái: %(status)s.")
                % {
                    "title": campaign.title,
                    "number": campaign.document_number,
                    "status": campaign.get_status_display(),
                }
            )
        )
        for key, label in labels.items():
            counts = self.stats.get(key)
            if counts is None:  # the plan's parts are not read when the plan already matched
                continue
            out.write(
                "  "
                + _("%(label)s: %(total)d (tạo mới %(created)d, cập nhật %(updated)d)")
                % {"label": label, **counts}
            )
        out.write(
            "  "
            + _(
                "Kế hoạch hiện có: %(items)d nội dung, %(indicators)d chỉ tiêu, %(periods)d kỳ báo cáo, "
                "%(groups)d cụm, khối."
            )
            % {
                "items": campaign.content_items.count(),
                "indicators": campaign.indicators.count(),
                "periods": campaign.periods.count(),
                "groups": campaign.groups.count(),
            }
        )

        pledges = list(Pledge.objects.filter(campaign=campaign).current().values_list("status", flat=True))
        pledge_counts = self.stats.get("pledges", {"created": 0})
        out.write(
            "  "
            + _(
                "Giao ước thi đua: tạo mới %(created)d; hiện có %(signed)d đã ký kết, %(open)d đang ký kết, "
                "%(draft)d dự thảo, %(none)d cụm, khối chưa lập."
            )
            % {
                "created": pledge_counts["created"],
                "signed": pledges.count(Pledge.Status.SIGNED),
                "open": pledges.count(Pledge.Status.OPEN),
                "draft": pledges.count(Pledge.Status.DRAFT),
                "none": campaign.groups.count() - len(pledges),
            }
        )

        reports = Report.objects.filter(campaign=campaign)
        out.write(
            "  "
            + _("Báo cáo tiến độ: %(submitted)d đã nộp, %(returned)d bị trả lại, %(draft)d đang soạn.")
            % {
                "submitted": reports.filter(status=Report.Status.SUBMITTED).count(),
                "returned": reports.filter(status=Report.Status.RETURNED).count(),
                "draft": reports.filter(status=Report.Status.DRAFT).count(),
            }
        )

        out.write("")
        out.write(self.style.MIGRATE_HEADING(_("Tài khoản demo")))
        header = [_("Tên đăng nhập"), _("Vai trò"), _("Đơn vị"), _("Mật khẩu")]
        rows = []
        for spec in DEMO_USERS:
            user = users[spec["username"]]
            role = str(user.get_role_display())
            if user.is_superuser:
                role = _("%(role)s, quản trị hệ thống") % {"role": role}
            unit = user.unit
            rows.append([user.username, role, unit.name if unit else "—", DEMO_PASSWORD])
        widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
        line = "  ".join("-" * width for width in widths)
        for row in [header, None, *rows]:
            if row is None:
                out.write(line)
            else:
                out.write(
                    "  ".join(
                        str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)
                    ).rstrip()
                )
