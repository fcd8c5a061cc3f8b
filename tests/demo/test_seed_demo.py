"""``manage.py seed_demo``: the 2024 demo campaign, its units, groups and demo logins; idempotent when the demo
year is as seeded, left alone when edited, rebuilt by ``--reset``."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from accounts.models import User
from campaigns.models import (
    Campaign,
    CampaignStatusChange,
    ContentItem,
    Indicator,
    LegalBasis,
    ReportingPeriod,
)
from demo import seed_data
from groups.models import Group, Membership
from pledges import services as pledge_services
from pledges.models import Commitment, Pledge, PledgeLine, Signature, Target
from progress import services as report_services
from progress.models import Report, ReportEvent, ReportValue
from units.models import Unit

pytestmark = pytest.mark.django_db

SNAPSHOT_MODELS = [
    Unit,
    User,
    Campaign,
    CampaignStatusChange,
    LegalBasis,
    ContentItem,
    Indicator,
    ReportingPeriod,
    Group,
    Membership,
    Pledge,
    Commitment,
    PledgeLine,
    Target,
    Target.history.model,
    Signature,
    Report,
    ReportValue,
    ReportEvent,
]
# Written on every save (or, for the password, salted anew on every reset).
VOLATILE_FIELDS = {"updated_at", "last_login", "password"}

SIGNED_GROUP = "Khối các sở kinh tế"
OPEN_GROUP = "Cụm thi đua quận Hải Châu, quận Cẩm Lệ và các huyện"


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out, **options)
    return out.getvalue()


def snapshot() -> dict:
    return {
        model.__name__: [
            {field: value for field, value in row.items() if field not in VOLATILE_FIELDS}
            for row in model.objects.order_by("pk").values()
        ]
        for model in SNAPSHOT_MODELS
    }


def test_refuses_without_force_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())
    assert not Campaign.objects.exists()
    assert not User.objects.exists()
    assert not Unit.objects.exists()


def test_runs_with_force_when_debug_is_off(settings):
    settings.DEBUG = False
    output = seed()
    assert Campaign.objects.filter(year=2024).exists()
    for username in ("city", "officer", "officer2", "viewer", "admin"):
        assert username in output
    assert "demo-2024" in output
    assert "Quận Sơn Trà" in output


def test_runs_without_force_when_debug_is_on(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    assert Campaign.objects.filter(year=2024, status=Campaign.Status.ISSUED).exists()


def test_campaign_is_issued_with_its_document():
    seed()
    campaign = Campaign.objects.get()
    assert campaign.year == 2024
    assert campaign.status == Campaign.Status.ISSUED
    assert campaign.issue_date == seed_data.CAMPAIGN["issue_date"]
    assert campaign.document_number == "45/KH-UBND"
    assert campaign.theme == seed_data.CAMPAIGN["theme"]

    change = campaign.status_changes.get()
    assert (change.from_status, change.to_status) == (Campaign.Status.DRAFT, Campaign.Status.ISSUED)
    assert change.changed_by.username == "city"

    assert list(campaign.legal_bases.values_list("position", "text")) == list(
        enumerate(seed_data.LEGAL_BASES, start=1)
    )
    assert list(campaign.content_items.values_list("position", flat=True)) == list(range(1, 11))
    assert [item.title for item in campaign.content_items.all()] == [
        spec["title"] for spec in seed_data.CONTENT_ITEMS
    ]

    indicators = list(campaign.indicators.select_related("content_item").order_by("position"))
    assert len(indicators) == len(seed_data.INDICATORS) == 12
    for position, (indicator, spec) in enumerate(zip(indicators, seed_data.INDICATORS, strict=True), start=1):
        assert indicator.position == position
        assert indicator.code == spec["code"]
        assert indicator.city_value == spec["city_value"]
        assert indicator.direction == spec["direction"]
        expected_item = spec["content_item"]
        assert (indicator.content_item.position if indicator.content_item else None) == expected_item

    periods = list(campaign.periods.order_by("end_date"))
    assert len(periods) == 4
    assert [period.end_date.month for period in periods] == [3, 6, 9, 12]


def test_groups_have_members_and_one_leader_each():
    seed()
    campaign = Campaign.objects.get(year=2024)
    groups = list(campaign.groups.all())
    assert len(groups) == 9
    assert sum(group.kind == Group.Kind.BLOC for group in groups) == 3
    assert sum(group.kind == Group.Kind.CLUSTER for group in groups) == 6
    for group in groups:
        assert group.memberships.filter(role=Membership.Role.LEADER).count() == 1, group.name
        assert group.memberships.filter(role=Membership.Role.DEPUTY).count() <= 1, group.name

    # Every active unit is in exactly one group; the retired one in none.
    active = Unit.objects.active()
    assert Membership.objects.filter(campaign=campaign).count() == active.count()
    assert not Membership.objects.filter(unit__retired_on__isnull=False).exists()

    without_deputy = campaign.groups.get(name="Cụm thi đua các xã miền núi huyện Hòa Vang")
    assert not without_deputy.memberships.filter(role=Membership.Role.DEPUTY).exists()


def test_units_and_retired_unit():
    seed()
    assert Unit.objects.count() == len(seed_data.UNITS)
    retired = Unit.objects.get(code="P-TTH")
    assert retired.retired_on is not None
    assert retired.retirement_reason
    assert retired.merged_into.code == "P-XH"
    assert Unit.objects.filter(retired_on__isnull=False).count() == 1


def test_demo_users():
    seed()
    expected_roles = {
        "city": User.Role.CITY_STAFF,
        "officer": User.Role.UNIT_OFFICER,
        "officer2": User.Role.UNIT_OFFICER,
        "officer3": User.Role.UNIT_OFFICER,
        "officer4": User.Role.UNIT_OFFICER,
        "officer5": User.Role.UNIT_OFFICER,
        "viewer": User.Role.VIEWER,
        "admin": User.Role.CITY_STAFF,
    }
    for username, role in expected_roles.items():
        user = User.objects.get(username=username)
        assert user.role == role, username
        assert user.check_password("demo-2024"), username
        assert user.is_active
        assert user.first_name and user.last_name, username

    city = User.objects.get(username="city")
    assert city.get_full_name() == "Nguyễn Thị Thu Hà"
    assert city.position == "Chuyên viên Ban Thi đua – Khen thưởng"
    assert city.unit is None and city.is_city_staff and not city.is_superuser

    viewer = User.objects.get(username="viewer")
    assert viewer.position == "Lãnh đạo UBND thành phố"
    assert viewer.unit is None and not viewer.is_city_staff and viewer.sees_everything

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff

    officer = User.objects.get(username="officer")
    officer2 = User.objects.get(username="officer2")
    assert officer.unit.code == seed_data.OFFICER_UNIT
    assert officer2.unit.code == seed_data.OFFICER2_UNIT
    assert officer.is_unit_officer and officer2.is_unit_officer

    cluster = Group.objects.get(campaign__year=2024, name=seed_data.DEMO_CLUSTER_NAME)
    assert cluster.kind == Group.Kind.CLUSTER
    assert cluster.memberships.get(role=Membership.Role.LEADER).unit == officer.unit
    member = cluster.memberships.get(unit=officer2.unit)
    assert member.role == Membership.Role.MEMBER


def test_every_member_of_the_officer_cluster_has_a_login():
    """A tester can finish a signing: each member unit of the demo cluster has an officer login, listed."""
    output = seed()
    cluster = Group.objects.get(campaign__year=2024, name=seed_data.DEMO_CLUSTER_NAME)
    members = set(cluster.memberships.values_list("unit_id", flat=True))
    officers = {
        user.unit_id: user for user in User.objects.filter(unit_id__in=members, role=User.Role.UNIT_OFFICER)
    }
    assert set(officers) == members
    for user in officers.values():
        assert user.is_unit_officer and user.is_active and user.check_password("demo-2024")
        assert user.get_full_name() and user.position
        # Listed among the logins the command prints (``make run`` shows them).
        assert any(line.split()[:1] == [user.username] and user.unit.name in line for line in output.splitlines())
    assert officers[Unit.objects.get(code="Q-NHS").pk].username == "officer4"
    assert officers[Unit.objects.get(code="Q-TK").pk].username == "officer5"


def test_second_run_changes_nothing(django_assert_max_num_queries):
    seed()
    before = snapshot()
    with django_assert_max_num_queries(60):
        output = seed()
    assert snapshot() == before
    assert "demo-2024" in output
    assert User.objects.get(username="officer").check_password("demo-2024")


def test_second_run_writes_no_history():
    """Idempotent down to the audit trail: a second run records no change of plan, group, member or user."""
    seed()
    models = [User, Campaign, Group, Membership, Report]
    before = {model.__name__: model.history.count() for model in models}
    seed()
    assert {model.__name__: model.history.count() for model in models} == before


def test_second_run_resets_passwords():
    seed()
    officer = User.objects.get(username="officer")
    officer.set_password("something-else-42")
    officer.is_active = False
    officer.save()
    seed()
    officer.refresh_from_db()
    assert officer.check_password("demo-2024")
    assert officer.is_active


def test_second_run_says_the_demo_year_is_as_seeded():
    seed()
    output = seed()
    assert "không thay đổi gì" in output
    assert "--reset" not in output


def content() -> dict:
    """The demo by natural keys (codes, names, usernames), without primary keys or timestamps: what a reset must
    give back exactly as a fresh seed does. History is counted: a reset leaves no trace of the purged year."""
    return {
        "units": list(Unit.objects.order_by("code").values_list(
            "code", "name", "short_name", "kind", "retired_on", "retirement_reason", "merged_into__code")),
        "users": list(User.objects.order_by("username").values_list(
            "username", "first_name", "last_name", "role", "unit__code", "position", "is_active", "is_staff",
            "is_superuser")),
        "campaigns": list(Campaign.objects.order_by("year").values_list(
            "year", "title", "status", "document_number", "issue_date", "theme", "purpose")),
        "status_changes": list(CampaignStatusChange.objects.order_by("pk").values_list(
            "campaign__year", "from_status", "to_status", "reason", "changed_by__username")),
        "plan": [
            list(LegalBasis.objects.order_by("position").values_list("position", "text")),
            list(ContentItem.objects.order_by("position").values_list("position", "title", "description")),
            list(Indicator.objects.order_by("position").values_list(
                "position", "code", "name", "measure_unit", "city_value", "direction", "area",
                "content_item__position")),
            list(ReportingPeriod.objects.order_by("end_date").values_list("name", "end_date", "deadline")),
        ],
        "memberships": sorted(Membership.objects.values_list("group__name", "group__kind", "unit__code", "role")),
        "pledges": sorted(Pledge.objects.values_list("group__name", "status", "version", "created_by__username")),
        "lines": sorted(PledgeLine.objects.values_list("pledge__group__name", "code", "name", "city_value")),
        "targets": sorted(Target.objects.values_list(
            "pledge__group__name", "unit__code", "line__code", "status", "value", "version",
            "updated_by__username")),
        "signatures": sorted(Signature.objects.values_list(
            "pledge__group__name", "unit__code", "signer_name", "signer_position", "signed_by__username")),
        "reports": sorted(Report.objects.values_list(
            "period__name", "unit__code", "status", "revision", "attainment", "return_comment")),
        "values": sorted(ReportValue.objects.values_list(
            "report__period__name", "report__unit__code", "line__code", "actual", "done", "note", "attainment")),
        "events": sorted(ReportEvent.objects.values_list(
            "report__period__name", "report__unit__code", "from_status", "to_status", "comment")),
        "history": {model.__name__: model.history.count() for model in [User, Campaign, Group, Membership, Report]}
        | {"Target": Target.history.count()},
    }


def fresh_content() -> dict:
    """What a first run builds, rolled back."""
    with transaction.atomic():
        seed()
        result = content()
        transaction.set_rollback(True)
    return result


def edit_the_demo_year():
    """What people do while trying the demo, through the application's services or behind its back."""
    campaign = Campaign.objects.get(year=2024)
    city = User.objects.get(username="city")
    officer = User.objects.get(username="officer")
    Indicator.objects.filter(campaign=campaign, code="CT01").update(name="Đã sửa", city_value=1)
    Unit.objects.filter(code="SYT").update(name="Sở Y tế (đã sửa)")
    User.objects.filter(username="officer2").update(role=User.Role.VIEWER, unit=None)
    cluster = campaign.groups.get(name=seed_data.DEMO_CLUSTER_NAME)
    Membership.objects.filter(group=cluster, unit__code="Q-ST").update(role=Membership.Role.MEMBER)
    Membership.objects.filter(group=cluster, unit__code="Q-NHS").update(role=Membership.Role.LEADER)
    # The officer completes the draft pledge of the cluster and opens it for signing.
    pledge = Pledge.objects.get(group=cluster)
    leader = Unit.objects.get(code=seed_data.OFFICER_UNIT)
    filled = set(Target.objects.filter(pledge=pledge, unit=leader).values_list("line_id", flat=True))
    for line in pledge.lines.exclude(pk__in=filled):
        pledge_services.save_target(pledge, line, leader.pk, officer, status=Target.Status.SET, value=1,
                                    expected_version=0)
    pledge_services.open_for_signing(pledge, city)
    # City staff return a submitted report.
    report = Report.objects.filter(status=Report.Status.SUBMITTED).first()
    report_services.return_report(report, city, "Đề nghị bổ sung số liệu.")
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)


def test_rerun_leaves_an_edited_demo_year_alone_and_tells_how_to_rebuild_it():
    seed()
    edit_the_demo_year()
    before = snapshot()
    output = seed()
    # Nothing of the year is reconciled (the plan stays closed, the pledge open, the report returned) ...
    after = snapshot()
    users_before, users_after = before.pop("User"), after.pop("User")
    assert after == before
    # ... except that the demo logins work again: passwords are reset (nothing else of the accounts).
    assert users_after == users_before
    assert User.objects.get(username="officer2").role == User.Role.VIEWER
    assert "seed_demo --reset" in output
    assert "khác bản mẫu" in output
    for part in ("đơn vị", "tài khoản demo", "kế hoạch", "cụm, khối", "giao ước", "báo cáo"):
        assert part in output.split("khác bản mẫu", 1)[1].splitlines()[0], part
    # The logins table is still printed, as the accounts are now.
    assert "demo-2024" in output and "officer2" in output


def first_pk(queryset) -> int:
    return queryset.order_by("pk").values_list("pk", flat=True)[0]


def test_each_edit_alone_is_seen():
    """A single change in one part of the year is enough for the run to say so."""
    seed()
    edits = [
        lambda: ContentItem.objects.filter(position=3).update(title="Đã sửa"),
        lambda: ReportingPeriod.objects.filter(name="Quý I").update(deadline=datetime.date(2024, 4, 30)),
        lambda: Target.objects.filter(pk=first_pk(Target.objects.filter(value__gt=1))).update(value=1),
        lambda: Signature.objects.filter(pk=first_pk(Signature.objects)).delete(),
        lambda: ReportValue.objects.filter(pk=first_pk(ReportValue.objects.exclude(actual=None))).update(
            note="Ghi chú thêm"),
        lambda: LegalBasis.objects.bulk_create(  # behind the back: save() refuses to change an issued plan
            [LegalBasis(campaign=Campaign.objects.get(), position=99, text="Căn cứ thêm")]),
    ]
    for edit in edits:
        with transaction.atomic():
            edit()
            assert "khác bản mẫu" in seed()
            transaction.set_rollback(True)


def test_reset_rebuilds_an_edited_demo_year_exactly_as_a_first_run():
    fresh = fresh_content()
    seed()
    units = dict(Unit.objects.values_list("code", "pk"))
    edit_the_demo_year()
    assert content() != fresh

    output = seed(reset=True)

    assert content() == fresh
    assert dict(Unit.objects.values_list("code", "pk")) == units  # units are kept, by code
    assert Campaign.objects.get(year=2024).status == Campaign.Status.ISSUED
    assert "--reset" not in output.splitlines()[0]
    assert "dựng lại" in output
    assert "demo-2024" in output
    # And the rebuilt year is as seeded: the next run changes nothing.
    assert "không thay đổi gì" in seed()


def test_reset_keeps_the_other_years_and_units():
    seed()
    other = Campaign.objects.create(year=2025, title="Kế hoạch 2025")
    extra = Unit.objects.create(code="X-1", name="Đơn vị thêm", kind=Unit.objects.first().kind)
    seed(reset=True)
    assert Campaign.objects.filter(pk=other.pk).exists()
    assert Unit.objects.filter(pk=extra.pk).exists()
    assert Campaign.history.filter(id=other.pk).exists()


def test_reset_on_an_empty_database_is_a_first_run():
    output = seed(reset=True)
    assert Campaign.objects.get().status == Campaign.Status.ISSUED
    assert "demo-2024" in output


def test_reset_is_refused_without_force_when_debug_is_off(settings):
    seed()
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", reset=True, stdout=StringIO())
    assert Pledge.objects.count() == 3


# --- pledges --------------------------------------------------------------------------------------------


def pledge_of(group_name) -> Pledge:
    return Pledge.objects.select_related("group").get(campaign__year=2024, group__name=group_name)


def progress_of(pledge) -> dict[str, pledge_services.MemberCompleteness]:
    """Per member unit code: lines that apply, lines filled, signature."""
    members = list(Membership.objects.filter(group=pledge.group).in_display_order())
    progress = pledge_services.member_completeness(
        members, list(pledge.lines.all()), list(pledge.targets.all()), list(pledge.signatures.all())
    )
    return {p.unit.code: p for p in progress}


def test_pledges_one_in_each_state_and_none_for_the_other_groups():
    output = seed()
    campaign = Campaign.objects.get(year=2024)
    by_group = dict(Pledge.objects.values_list("group__name", "status"))
    assert by_group == {
        SIGNED_GROUP: Pledge.Status.SIGNED,
        OPEN_GROUP: Pledge.Status.OPEN,
        seed_data.DEMO_CLUSTER_NAME: Pledge.Status.DRAFT,
    }
    assert campaign.groups.exclude(name__in=by_group).count() == 6
    assert (
        "Giao ước thi đua: tạo mới 3; hiện có 1 đã ký kết, 1 đang ký kết, 1 dự thảo, 6 cụm, khối chưa lập."
        in output
    )

    for pledge in Pledge.objects.all():
        # Drafted from the plan: one line per indicator, one commitment per content item, city user as author.
        assert pledge.version == 1 and pledge.created_by.username == "city"
        assert list(pledge.lines.values_list("code", flat=True)) == [
            spec["code"] for spec in seed_data.INDICATORS
        ]
        assert pledge.commitments.count() == len(seed_data.CONTENT_ITEMS)
        assert pledge.legal_bases and pledge.purpose and pledge.title


def test_signed_pledge_every_member_filled_in_and_signed():
    seed()
    pledge = pledge_of(SIGNED_GROUP)
    assert pledge.is_signed and pledge.opened_at and pledge.signed_at
    progress = progress_of(pledge)
    assert set(progress) == set(next(g for g in seed_data.GROUPS if g["name"] == SIGNED_GROUP)["members"])
    for code, p in progress.items():
        assert p.is_complete and p.required == len(seed_data.INDICATORS), code
        assert p.signature is not None, code
        assert (p.signature.signer_name, p.signature.signer_position) == seed_data.PLEDGE_SIGNERS[code]
    positions = {s.signer_position for s in pledge.signatures.all()}
    assert {"Giám đốc", "Phó Giám đốc phụ trách"} <= positions


def test_open_pledge_waits_on_two_signatures():
    seed()
    pledge = pledge_of(OPEN_GROUP)
    assert pledge.status == Pledge.Status.OPEN and pledge.opened_at and pledge.signed_at is None
    progress = progress_of(pledge)
    assert len(progress) == 4
    assert all(p.is_complete for p in progress.values())
    assert sorted(code for code, p in progress.items() if p.signature is None) == ["H-HS", "H-HV"]
    assert pledge.signatures.count() == 2


def test_draft_pledge_of_the_officer_cluster_lacks_two_values_of_the_leader():
    seed()
    pledge = pledge_of(seed_data.DEMO_CLUSTER_NAME)
    assert pledge.is_draft and pledge.opened_at is None
    assert not pledge.signatures.exists()
    progress = progress_of(pledge)
    leader = Membership.objects.get(group=pledge.group, role=Membership.Role.LEADER).unit
    assert leader.code == seed_data.OFFICER_UNIT
    for code, p in progress.items():
        if code == leader.code:
            assert p.required - p.filled == 2
        else:
            assert p.is_complete, code
    filled = set(
        Target.objects.filter(pledge=pledge, unit=leader)
        .exclude(status=Target.Status.EMPTY)
        .values_list("line_id", flat=True)
    )
    empty = [line for line in pledge.lines.all() if line.applies_to(leader.pk) and line.pk not in filled]
    assert len(empty) == 2
    assert all(not line.is_done_kind and line.city_value is not None for line in empty)

    # Filled in by the officers of the units that have a demo login, by city staff for the others.
    authors = dict(Target.objects.filter(pledge=pledge).values_list("unit__code", "updated_by__username"))
    assert authors[seed_data.OFFICER_UNIT] == "officer"
    assert authors[seed_data.OFFICER2_UNIT] == "officer2"
    assert authors["Q-NHS"] == "officer4" and authors["Q-TK"] == "officer5"
    history_authors = set(
        Target.history.filter(pledge_id=pledge.pk, unit__code=seed_data.OFFICER_UNIT).values_list(
            "history_user__username", flat=True
        )
    )
    assert history_authors == {"officer"}

    # The officer fills the two values in and can open the pledge for signing.
    officer = User.objects.get(username="officer")
    for line in empty:
        pledge_services.save_target(
            pledge,
            line,
            leader.pk,
            officer,
            status=Target.Status.SET,
            value=line.city_value / 4,
            expected_version=0,
        )
    assert pledge_services.open_for_signing(pledge, officer).status == Pledge.Status.OPEN


def test_pledge_values_are_plausible():
    seed()
    targets = list(Target.objects.select_related("line", "unit"))
    assert len(targets) == (8 + 4 + 4) * 12 - 2  # members of the three groups × 12 lines, 2 left empty
    for target in targets:
        line = target.line
        assert target.status in (Target.Status.SET, Target.Status.NOT_APPLICABLE), target
        if target.status == Target.Status.NOT_APPLICABLE:
            continue
        if line.is_done_kind:
            assert target.value is None
            continue
        assert target.value is not None and target.value >= 0
        if line.direction == PledgeLine.Direction.LOWER:
            assert target.value <= line.city_value, (target.unit.code, line.code)
        if line.measure_unit == "%" and target.value:  # 0 where there is nothing to count (Hoàng Sa)
            assert target.value <= 100 and abs(target.value - line.city_value) <= line.city_value / 5
    assert any(t.status == Target.Status.SET and t.value == 0 for t in targets)
    done = [t for t in targets if t.line.is_done_kind]
    assert sum(t.status == Target.Status.SET for t in done) >= len(done) - 1
    # Members differ from one another.
    ct01 = {t.value for t in targets if t.line.code == "CT01" and t.value is not None}
    assert len(ct01) > 3


def test_second_run_keeps_the_pledges():
    def counts():
        return (
            Pledge.objects.count(),
            Target.objects.count(),
            Signature.objects.count(),
            Target.history.count(),
            PledgeLine.objects.count(),
            Commitment.objects.count(),
        )

    seed()
    before = counts()
    assert before[:4] == (3, (8 + 4 + 4) * 12 - 2, 8 + 2, (8 + 4 + 4) * 12 - 2)
    output = seed()
    assert counts() == before
    assert "Giao ước thi đua: tạo mới 0;" in output


def test_a_group_that_has_a_pledge_gets_no_demo_pledge():
    """A pledge the users changed (here: sent back to draft) is theirs; a later run leaves it as it is."""
    seed()
    pledge = pledge_of(OPEN_GROUP)
    pledge_services.return_to_draft(pledge, User.objects.get(username="city"))
    seed()
    assert Pledge.objects.filter(group__name=OPEN_GROUP).count() == 1
    pledge.refresh_from_db()
    assert pledge.is_draft and not pledge.signatures.exists()


def test_reports_of_the_signed_bloc_in_every_state():
    """Submitted, returned, a draft and missing reports, so that every dashboard shows something real."""
    seed()
    group = Group.objects.get(campaign__year=2024, name=SIGNED_GROUP)
    members = list(Membership.objects.filter(group=group).in_display_order())
    by_period = {}
    for report in Report.objects.filter(group=group).select_related("period"):
        by_period.setdefault(report.period.name, {})[report.unit_id] = report
    assert {p: len(r) for p, r in by_period.items()} == {"Quý I": 8, "6 tháng": 7, "9 tháng": 3}
    half = by_period["6 tháng"]
    assert [half[m.unit_id].status if m.unit_id in half else None for m in members] == [
        "submitted", "submitted", "submitted", "submitted", "submitted", "returned", "draft", None]
    returned = half[members[5].unit_id]
    assert returned.return_comment == seed_data.RETURN_COMMENT
    assert list(returned.events.values_list("to_status", flat=True)) == ["draft", "submitted", "returned"]
    for report in Report.objects.filter(group=group, status="submitted"):
        assert report.attainment is not None
        assert report.submitted_at.date() < report.period.deadline
        assert not report.values.filter(attainment__isnull=True).exists()
    leader = User.objects.get(username="officer3")
    assert group.memberships.get(role=Membership.Role.LEADER).unit == leader.unit


def test_signed_demo_pledge_is_dated_in_its_year():
    seed()
    pledge = Pledge.objects.get(campaign__year=2024, group__name=SIGNED_GROUP)
    assert pledge.signed_at.year == 2024 and pledge.signed_at.date() <= pledge.campaign.pledge_deadline
    assert {s.signed_at.year for s in pledge.signatures.all()} == {2024}
