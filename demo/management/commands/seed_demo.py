"""``manage.py seed_demo``: load the 2024 demo campaign of Đà Nẵng and the demo logins.

The demo year (the plan, its blocs and clusters, the pledges and the progress reports) is built in one go, through
the apps' own services, as users would build it. A later run:

- changes nothing when the year is still as seeded (no row written, no history);
- leaves the year alone when someone changed it (a plan reopened, a pledge signed, a report returned, a unit
  renamed…), and says which parts differ from the seed and that ``--reset`` rebuilds it;
- with ``--reset``, purges the year (plan, groups, pledges, reports and their history) and the demo accounts, and
  builds them again; units are kept and matched by code, as ``generate_scale_data --replace`` does.

Whatever the state of the year, the demo accounts get their password back and are active again, so that the table
of logins the command prints always works (the password is not in the accounts' history: nothing is recorded).

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
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.models import HistoricalRecords

from campaigns.models import Campaign, ContentItem, Indicator, LegalBasis, ReportingPeriod
from campaigns.services import change_status, default_periods
from demo import seed_awards, seed_data, seed_evaluation, seed_meetings
from demo.purge import purge_campaign
from groups.models import Group, Membership
from groups.services import save_group
from pledges import services as pledge_services
from pledges.forms import parse_cell
from pledges.models import Pledge, PledgeLine, Signature, Target
from progress import attainment as rules
from progress import services as report_services
from progress.models import Evidence, PeriodClosure, Report, ReportEvent, ReportValue
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
USER_FIELDS = ("first_name", "last_name", "role", "position", "is_staff", "is_superuser")


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


# -- the seed, as pure functions of the data: the build writes them, the comparison reads them back -------------


def demo_targets(spec: dict, members: list, lines: list, codes: dict):
    """(membership, line, status, value) of every cell the members of a demo pledge fill in."""
    left_empty = {code: set(line_codes) for code, line_codes in spec.get("left_empty", {}).items()}
    for index, membership in enumerate(members):
        code = codes.get(membership.unit_id, "")
        for line in lines:
            if line.applies_to(membership.unit_id) and line.code not in left_empty.get(code, ()):
                yield membership, line, *parse_cell(demo_target_text(line, code, index, len(members)), line)


def demo_signatures(spec: dict, members: list, codes: dict):
    """(membership, signer name, signer position, capacity) of every member that signs a demo pledge."""
    if spec["state"] == Pledge.Status.DRAFT:
        return
    unsigned = set(spec.get("unsigned", ()))
    for membership in members:
        code = codes.get(membership.unit_id, "")
        if code not in unsigned:
            yield (membership, *seed_data.PLEDGE_SIGNERS.get(code, (membership.unit.name, _("Thủ trưởng đơn vị"))),
                   seed_data.PLEDGE_SIGNER_CAPACITIES.get(code, ""))


def demo_report_states(period_name: str, members: list):
    """(index, membership, state) of the members that have a report for the period: "submitted", "returned" or
    "draft" (half typed in); the others have none (late from the day after the deadline)."""
    plan = seed_data.REPORTS.get(period_name) or []
    for index, membership in enumerate(members):
        if index < len(plan) and plan[index] is not None:
            yield index, membership, plan[index]


def demo_entries(values: list, share: Decimal, index: int, state: str) -> dict[int, Entry]:
    """What the officer types in a report (by ReportValue id): every value, or the first half of a draft."""
    entries = {value.pk: demo_actual(value, share, index) for value in values}
    return dict(list(entries.items())[: len(entries) // 2]) if state == "draft" else entries


def _stored(value: ReportValue, entry: Entry | None) -> tuple:
    """(actual, done, note) as ``progress.services.save_values`` stores an entry (none: as opened)."""
    if entry is None:
        return None, None, ""
    done_kind = value.direction == ReportValue.Direction.DONE
    return (None if done_kind else entry.actual, entry.done if done_kind else None, entry.note.strip()[:500])


class Command(BaseCommand):
    requires_migrations_checks = True

    @property
    def help(self):
        return _(
            "Nạp dữ liệu demo: kế hoạch thi đua năm 2024 của Đà Nẵng (căn cứ, 10 nội dung, chỉ tiêu, kỳ báo "
            "cáo), đơn vị, cụm, khối thi đua, giao ước, báo cáo tiến độ và các tài khoản demo (mật khẩu "
            "%(password)s). Chạy lại không thay đổi gì; năm demo đã bị sửa thì được giữ nguyên, trừ khi có "
            "--reset."
        ) % {"password": DEMO_PASSWORD}

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_(
                "Chạy cả khi DEBUG tắt (tạo tài khoản với mật khẩu công khai — không dùng trên máy chủ thật)."
            ),
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help=_(
                "Xóa năm demo (kế hoạch, cụm, khối, giao ước, báo cáo và lịch sử của chúng) cùng các tài khoản "
                "demo rồi dựng lại từ đầu; đơn vị được giữ lại và dùng lại theo mã."
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
            campaign = Campaign.objects.filter(year=seed_data.CAMPAIGN["year"]).first()
            reset = campaign is not None and options["reset"]
            if reset:
                self._purge(campaign)
                campaign = None
            if campaign is None:
                units = self._seed_units()
                users = self._seed_users(units)
                campaign = self._build_year(units, users)
                differences = None
            else:
                users = self._restore_logins()
                differences = self._differences(campaign)
        self._report(campaign, users, reset, differences)

    def _purge(self, campaign: Campaign) -> None:
        """The year and the demo accounts, with their history (units stay)."""
        purge_campaign(campaign)
        accounts = User.objects.filter(username__in=[spec["username"] for spec in DEMO_USERS])
        ids = list(accounts.values_list("pk", flat=True))
        try:
            accounts.delete()
        except ProtectedError as error:
            raise CommandError(
                _("Không xóa được tài khoản demo: tài khoản đã xác nhận ký giao ước của năm khác (%(rows)s).")
                % {"rows": ", ".join(str(row) for row in error.protected_objects)}
            ) from error
        User.history.filter(id__in=ids).delete()

    # -- bookkeeping -------------------------------------------------------------------------------------------

    def _count(self, label: str, outcome: str | None) -> None:
        counts = self.stats.setdefault(label, {"created": 0, "updated": 0, "total": 0})
        counts["total"] += 1
        if outcome:
            counts[outcome] += 1

    def _save(self, label: str, obj, values: dict) -> bool:
        """Save ``obj`` with ``values`` if it is new or differs; count what happened; tell whether it saved."""
        is_new = obj.pk is None
        changed = False
        for field, value in values.items():
            if getattr(obj, field) != value:
                setattr(obj, field, value)
                changed = True
        if is_new or changed:
            obj.save()
        self._count(label, "created" if is_new else "updated" if changed else None)
        return is_new or changed

    # -- units and accounts ------------------------------------------------------------------------------------

    @staticmethod
    def _unit_values(spec: dict) -> dict:
        retired = spec.get("retired") or {}
        return {
            "name": spec["name"],
            "short_name": spec.get("short_name", ""),
            "kind": spec["kind"],
            "retired_on": retired.get("on"),
            "retirement_reason": retired.get("reason", ""),
        }

    def _seed_units(self) -> dict[str, Unit]:
        """Create the demo units, or bring back to the demo values the ones found by code; merged units come
        after the units they were merged into."""
        existing = Unit.objects.in_bulk([spec["code"] for spec in seed_data.UNITS], field_name="code")
        specs = sorted(seed_data.UNITS, key=lambda spec: bool(spec.get("retired", {}).get("merged_into")))
        units: dict[str, Unit] = {}
        for spec in specs:
            merged_code = (spec.get("retired") or {}).get("merged_into")
            if merged_code and merged_code not in units:
                raise CommandError(
                    _("Dữ liệu demo sai: đơn vị %(code)s sáp nhập vào đơn vị không có: %(target)s.")
                    % {"code": spec["code"], "target": merged_code}
                )
            unit = existing.get(spec["code"]) or Unit(code=spec["code"])
            values = self._unit_values(spec) | {"merged_into_id": units[merged_code].pk if merged_code else None}
            self._save("units", unit, values)
            units[spec["code"]] = unit
        return units

    def _seed_users(self, units: dict[str, Unit]) -> dict:
        existing = User.objects.in_bulk([spec["username"] for spec in DEMO_USERS], field_name="username")
        users = {}
        for spec in DEMO_USERS:
            user = existing.get(spec["username"]) or User(username=spec["username"])
            user.set_password(DEMO_PASSWORD)
            values = {field: spec.get(field, False) for field in USER_FIELDS}
            unit_id = units[spec["unit"]].pk if spec["unit"] else None
            if not self._save("users", user, values | {"unit_id": unit_id, "is_active": True}):
                user.save(update_fields=["password"])  # the password alone: no history row
            users[spec["username"]] = user
        return users

    def _restore_logins(self) -> dict:
        """The demo logins work again: password set, account active; nothing else of the accounts changes. A
        save of the password alone writes no history (``accounts.models.UserHistory``)."""
        users = User.objects.select_related("unit").in_bulk(
            [spec["username"] for spec in DEMO_USERS], field_name="username"
        )
        for user in users.values():
            user.set_password(DEMO_PASSWORD)
            fields = ["password"]
            if not user.is_active:
                user.is_active = True
                fields.append("is_active")
            user.save(update_fields=fields)
        return users

    # -- building the year ---------------------------------------------------------------------------------------

    def _build_year(self, units: dict[str, Unit], users: dict) -> Campaign:
        city = users["city"]
        campaign = Campaign.objects.create(status=Campaign.Status.DRAFT, **seed_data.CAMPAIGN)
        for position, text in enumerate(seed_data.LEGAL_BASES, start=1):
            LegalBasis.objects.create(campaign=campaign, position=position, text=text)
        items = {
            position: ContentItem.objects.create(
                campaign=campaign, position=position, title=spec["title"], description=spec.get("description", "")
            )
            for position, spec in enumerate(seed_data.CONTENT_ITEMS, start=1)
        }
        for position, spec in enumerate(seed_data.INDICATORS, start=1):
            Indicator.objects.create(
                campaign=campaign, position=position, code=spec["code"], name=spec["name"],
                measure_unit=spec.get("measure_unit", ""), city_value=spec.get("city_value"),
                direction=spec["direction"], area=spec["area"], content_item=items.get(spec.get("content_item")),
            )
        for spec in default_periods(campaign.year):
            ReportingPeriod.objects.create(campaign=campaign, **spec | {"name": str(spec["name"])})
        change_status(campaign, "issue", city)
        campaign.refresh_from_db()

        for spec in seed_data.GROUPS:
            roles = {units[code].pk: Membership.Role.MEMBER for code in spec["members"]}
            for role in ROLE_FIELDS:
                if spec.get(role):
                    roles[units[spec[role]].pk] = role
            save_group(Group(campaign=campaign, name=spec["name"], kind=spec["kind"]), roles)

        officers = {user.unit_id: user for user in users.values() if user.is_unit_officer}
        codes = {unit.pk: code for code, unit in units.items()}
        for spec in seed_data.PLEDGES:
            self._build_pledge(campaign.groups.get(name=spec["group"]), spec, city, officers, codes)
            self._count("pledges", "created")
        self._build_reports(campaign.groups.get(name=seed_data.REPORTS_GROUP), city, officers)
        seed_evaluation.build(campaign, city, officers)
        self.stats["registrations"] = seed_awards.build(campaign, city, officers)
        seed_meetings.build(campaign, city, officers)
        return campaign

    def _build_pledge(self, group: Group, spec: dict, city, officers: dict, codes: dict) -> None:
        members = list(Membership.objects.filter(group=group).in_display_order())
        with _acting_as(city):
            pledge = pledge_services.create_pledge(group, city)
        for membership, line, status, value in demo_targets(spec, members, list(pledge.lines.all()), codes):
            user = officers.get(membership.unit_id, city)
            with _acting_as(user):
                pledge_services.save_target(
                    pledge, line, membership.unit_id, user, status=status, value=value, expected_version=0
                )
        if spec["state"] == Pledge.Status.DRAFT:
            return
        number, symbol = spec.get("number", ("", ""))
        Pledge.objects.filter(pk=pledge.pk).update(document_number=number, document_symbol=symbol)
        pledge = pledge_services.open_for_signing(pledge, city)
        for membership, name, position, capacity in demo_signatures(spec, members, codes):
            # Only an officer of the unit signs for it in the application; a unit without a demo login signs
            # with nobody recorded as having confirmed it.
            pledge_services.sign(
                pledge, membership.unit_id, officers.get(membership.unit_id), signer_name=name,
                signer_position=position, signer_capacity=capacity,
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

    def _build_reports(self, group: Group, city, officers: dict) -> None:
        """Reports of the signed bloc, period by period (``seed_data.REPORTS``): submitted, returned, a draft and
        missing ones, so every dashboard shows something real."""
        members = list(Membership.objects.filter(group=group).in_display_order())
        for period in group.campaign.periods.all():
            share = rules.elapsed_share(period.end_date)
            for index, membership, state in demo_report_states(period.name, members):
                officer = officers.get(membership.unit_id)
                report = report_services.open_report(period, membership.unit_id, officer)
                values = list(report.values.select_related("line"))
                report_services.save_values(report, demo_entries(values, share, index, state), officer)
                if state == "draft":
                    continue
                report_services.submit(report, officer)
                if state == "returned":
                    report_services.return_report(report, city, seed_data.RETURN_COMMENT)
                when = datetime.datetime.combine(period.deadline - datetime.timedelta(days=2 + index % 3),
                                                 datetime.time(9, 30), tzinfo=timezone.get_current_timezone())
                Report.objects.filter(pk=report.pk).exclude(submitted_at=None).update(submitted_at=when)
                ReportEvent.objects.filter(report=report).update(at=when)

    # -- is the year as seeded? ----------------------------------------------------------------------------------

    def _differences(self, campaign: Campaign) -> list[str]:
        """The parts of the demo that differ from what a first run builds, by natural keys (codes, names,
        usernames), read the same way from the data and from the database."""
        labels = {
            "units": _("đơn vị"),
            "users": _("tài khoản demo"),
            "plan": _("kế hoạch"),
            "groups": _("cụm, khối"),
            "pledges": _("giao ước"),
            "reports": _("báo cáo tiến độ"),
        }
        expected, current = self._seeded(campaign), self._current(campaign)
        return [label for part, label in labels.items() if expected[part] != current[part]]

    def _seeded(self, campaign: Campaign) -> dict:
        """What the seed makes. Where it depends on rows (the members' order, the pledge lines, the report values),
        those rows are read from the database: they are compared in their own part."""
        codes = dict(Unit.objects.filter(code__in=[s["code"] for s in seed_data.UNITS]).values_list("pk", "code"))
        members = {
            name: list(Membership.objects.filter(group__campaign=campaign, group__name=name).in_display_order())
            for name in {spec["group"] for spec in seed_data.PLEDGES} | {seed_data.REPORTS_GROUP}
        }
        lines = {
            pledge.group.name: list(pledge.lines.all())
            for pledge in Pledge.objects.filter(campaign=campaign).select_related("group").prefetch_related("lines")
        }
        seeded_lines = [
            (spec["code"], spec["name"], spec.get("measure_unit", ""), spec.get("city_value"), spec["direction"], None)
            for spec in seed_data.INDICATORS
        ]
        pledges = {}
        for spec in seed_data.PLEDGES:
            group_members = members[spec["group"]]
            targets = demo_targets(spec, group_members, lines.get(spec["group"], []), codes)
            signatures = demo_signatures(spec, group_members, codes)
            pledges[spec["group"]] = (
                spec["state"], 1, seeded_lines,
                {(codes.get(m.unit_id), line.code, status, value) for m, line, status, value in targets},
                {(codes.get(m.unit_id), name, position, capacity) for m, name, position, capacity in signatures},
            )

        reports = {}
        values = {}
        for value in ReportValue.objects.filter(report__campaign=campaign).select_related("line"):
            values.setdefault(value.report_id, []).append(value)
        existing = {(r.period_id, r.unit_id): r.pk for r in Report.objects.filter(campaign=campaign)}
        for period in campaign.periods.all():
            share = rules.elapsed_share(period.end_date)
            for index, membership, state in demo_report_states(period.name, members[seed_data.REPORTS_GROUP]):
                report_values = values.get(existing.get((period.pk, membership.unit_id)), [])
                entries = demo_entries(report_values, share, index, state)
                reports[(period.name, codes.get(membership.unit_id))] = (
                    state, seed_data.RETURN_COMMENT if state == "returned" else "",
                    tuple((value.line.code, *_stored(value, entries.get(value.pk))) for value in report_values),
                )

        return {
            "units": {
                spec["code"]: (*self._unit_values(spec).values(), (spec.get("retired") or {}).get("merged_into"))
                for spec in seed_data.UNITS
            },
            "users": {
                spec["username"]: (*(spec.get(field, False) for field in USER_FIELDS), spec["unit"])
                for spec in DEMO_USERS
            },
            "plan": (
                {**seed_data.CAMPAIGN, "status": Campaign.Status.ISSUED},
                list(enumerate(seed_data.LEGAL_BASES, start=1)),
                [(position, spec["title"], spec.get("description", ""))
                 for position, spec in enumerate(seed_data.CONTENT_ITEMS, start=1)],
                [(position, spec["code"], spec["name"], spec.get("measure_unit", ""), spec.get("city_value"),
                  spec["direction"], spec["area"], spec.get("content_item"))
                 for position, spec in enumerate(seed_data.INDICATORS, start=1)],
                [(str(spec["name"]), spec["end_date"], spec["deadline"]) for spec in default_periods(campaign.year)],
            ),
            "groups": {
                spec["name"]: (spec["kind"], {
                    code: next((role for role in ROLE_FIELDS if spec.get(role) == code), Membership.Role.MEMBER)
                    for code in spec["members"]
                })
                for spec in seed_data.GROUPS
            },
            "pledges": pledges,
            "reports": (reports, 0),
        }

    def _current(self, campaign: Campaign) -> dict:
        units = {row[0]: row[1:] for row in Unit.objects.filter(code__in=[s["code"] for s in seed_data.UNITS])
                 .values_list("code", "name", "short_name", "kind", "retired_on", "retirement_reason",
                              "merged_into__code")}
        users = {row[0]: row[1:] for row in User.objects.filter(username__in=[s["username"] for s in DEMO_USERS])
                 .values_list("username", *USER_FIELDS, "unit__code")}
        groups = {}
        for name, kind, code, role in Membership.objects.filter(campaign=campaign).values_list(
            "group__name", "group__kind", "unit__code", "role"
        ):
            groups.setdefault(name, (kind, {}))[1][code] = role
        for name, kind in campaign.groups.values_list("name", "kind"):
            groups.setdefault(name, (kind, {}))

        lines, targets, signatures = {}, {}, {}
        for pledge_id, *row in PledgeLine.objects.filter(pledge__campaign=campaign).values_list(
            "pledge_id", "code", "name", "measure_unit", "city_value", "direction", "unit__code"
        ):
            lines.setdefault(pledge_id, []).append(tuple(row))
        for pledge_id, *row in Target.objects.filter(pledge__campaign=campaign).exclude(
            status=Target.Status.EMPTY
        ).values_list("pledge_id", "unit__code", "line__code", "status", "value"):
            targets.setdefault(pledge_id, set()).add(tuple(row))
        for pledge_id, *row in Signature.objects.filter(pledge__campaign=campaign).values_list(
            "pledge_id", "unit__code", "signer_name", "signer_position", "signer_capacity"
        ):
            signatures.setdefault(pledge_id, set()).add(tuple(row))
        pledges = {}
        for pk, group, status, version in Pledge.objects.filter(campaign=campaign).values_list(
            "pk", "group__name", "status", "version"
        ):
            # A second pledge of a group (an amendment) is no part of the seed.
            pledges[group] = None if group in pledges else (
                status, version, lines.get(pk, []), targets.get(pk, set()), signatures.get(pk, set())
            )

        values = {}
        for report_id, *row in ReportValue.objects.filter(report__campaign=campaign).order_by(
            "report", "line__position", "line_id"
        ).values_list("report_id", "line__code", "actual", "done", "note"):
            values.setdefault(report_id, []).append(tuple(row))
        reports = {
            (period, code): (status, comment, tuple(values.get(pk, [])))
            for pk, period, code, status, comment in Report.objects.filter(campaign=campaign).values_list(
                "pk", "period__name", "unit__code", "status", "return_comment")
        }
        extras = (Evidence.objects.filter(report__campaign=campaign).count()
                  + PeriodClosure.objects.filter(period__campaign=campaign).count())
        return {
            "units": units,
            "users": users,
            "plan": (
                {**{f: getattr(campaign, f) for f in seed_data.CAMPAIGN}, "status": campaign.status},
                list(campaign.legal_bases.values_list("position", "text")),
                list(campaign.content_items.values_list("position", "title", "description")),
                list(campaign.indicators.values_list(
                    "position", "code", "name", "measure_unit", "city_value", "direction", "area",
                    "content_item__position")),
                list(campaign.periods.order_by("end_date").values_list("name", "end_date", "deadline")),
            ),
            "groups": groups,
            "pledges": pledges,
            "reports": (reports, extras),
        }

    # -- report ------------------------------------------------------------------------------------------------

    def _report(self, campaign: Campaign, users: dict, reset: bool, differences: list[str] | None) -> None:
        out = self.stdout
        values = {"year": campaign.year, "title": campaign.title, "number": campaign.document_number,
                  "status": campaign.get_status_display()}
        if differences is None:
            headline = (_("Đã xóa và dựng lại dữ liệu demo năm %(year)s: %(title)s (%(number)s), trạng thái: "
                          "%(status)s.") if reset else
                        _("Đã nạp dữ liệu demo: %(title)s (%(number)s), trạng thái: %(status)s."))
            out.write(self.style.SUCCESS(headline % values))
        elif not differences:
            out.write(self.style.SUCCESS(
                _("Dữ liệu demo năm %(year)s đã có, đúng như bản mẫu: không thay đổi gì.") % values))
        else:
            out.write(self.style.WARNING(
                _("Dữ liệu demo năm %(year)s khác bản mẫu (%(parts)s): giữ nguyên, không sửa gì. Chạy "
                  "“manage.py seed_demo --reset” để xóa năm demo và các tài khoản demo rồi dựng lại từ đầu.")
                % {**values, "parts": "; ".join(differences)}))
        labels = {"units": _("Đơn vị"), "users": _("Tài khoản demo")}
        for key, label in labels.items():
            if key in self.stats:
                out.write("  " + _("%(label)s: %(total)d (tạo mới %(created)d, cập nhật %(updated)d)")
                          % {"label": label, **self.stats[key]})
        if "registrations" in self.stats:
            out.write("  " + _("Đăng ký thi đua: %(on_time)d đúng hạn, %(late)d nộp muộn, %(draft)d đang soạn, "
                               "%(missing)d chưa đăng ký") % self.stats["registrations"])
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
        out.write(
            "  "
            + _(
                "Giao ước thi đua: tạo mới %(created)d; hiện có %(signed)d đã ký kết, %(open)d đang ký kết, "
                "%(draft)d dự thảo, %(none)d cụm, khối chưa lập."
            )
            % {
                "created": self.stats.get("pledges", {"created": 0})["created"],
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
            user = users.get(spec["username"])
            if user is None:  # deleted by hand: ``--reset`` brings it back
                continue
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
