"""The pledge of the officer's cluster, from the demo data to signed, in a real browser.

The demo (``seed_demo``) leaves the cluster's pledge as a draft where the leader, Quận Sơn Trà (user
``officer``), still has two values to fill in. The officer fills them in the grid, opens the pledge for
signing; the two other members (demo logins officer4 and officer5) sign directly in the database (not under test);
Quận Liên Chiểu (``officer2``) signs, and the officer signs last: the pledge is signed and read-only.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from accounts.models import User
from demo import seed_data
from groups.models import Membership
from pledges import services
from pledges.models import Pledge, Target
from tests.browser.flows import login
from units.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLEDGE_LINK = re.compile(r"Giao ước thi đua năm 2024 — " + re.escape(seed_data.DEMO_CLUSTER_NAME))


@pytest.fixture
def demo(live_server):
    call_command("seed_demo", force=True, stdout=StringIO())
    return Pledge.objects.get(campaign__year=2024, group__name=seed_data.DEMO_CLUSTER_NAME)


def logout(page: Page):
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_label("Tên đăng nhập", exact=True)).to_be_visible()


def open_pledge_from_home(page: Page):
    """Home page → the unit's cluster → its pledge, as a user would."""
    page.get_by_role("link", name=PLEDGE_LINK).click()
    expect(page.get_by_role("heading", level=1, name=PLEDGE_LINK)).to_be_visible()


def member_row(page: Page, unit_name: str):
    return page.locator("#members tbody tr").filter(has_text=unit_name)


def sign_in_browser(page: Page, unit: Unit, signer_name: str, signer_position: str):
    page.get_by_role("link", name=f"Ký cho {unit.display_name}").click()
    expect(page.get_by_role("heading", name=f"Ký giao ước cho {unit.name}")).to_be_visible()
    page.get_by_label("Họ và tên thủ trưởng đơn vị ký").fill(signer_name)
    page.get_by_label("Chức vụ").fill(signer_position)
    page.get_by_label("Tôi xác nhận thủ trưởng đơn vị đã ký giao ước này.").check()
    page.get_by_role("button", name="Ký giao ước").click()


def test_officer_fills_in_opens_and_the_cluster_signs(page: Page, live_server, demo):
    pledge = demo
    page.on("dialog", lambda dialog: dialog.accept())
    leader = Unit.objects.get(code=seed_data.OFFICER_UNIT)
    member = Unit.objects.get(code=seed_data.OFFICER2_UNIT)
    filled = set(
        Target.objects.filter(pledge=pledge, unit=leader)
        .exclude(status=Target.Status.EMPTY)
        .values_list("line_id", flat=True)
    )
    empty_lines = [
        line for line in pledge.lines.all() if line.applies_to(leader.pk) and line.pk not in filled
    ]
    assert len(empty_lines) == 2

    # The officer opens the draft of its cluster from the home page.
    login(page, live_server.url, "officer")
    open_pledge_from_home(page)
    expect(page.locator(".badge-pledge-draft")).to_have_text("Dự thảo")
    expect(member_row(page, leader.name)).to_contain_text("10/12")
    expect(page.get_by_role("button", name="Mở ký kết")).to_be_disabled()

    # Fills the two empty values of its own column; each cell saves when left (Tab, then Enter).
    for line, text, key in zip(empty_lines, ["4.817", "8750"], ["Tab", "Enter"], strict=True):
        cell = page.locator(f"#cell-{line.pk}-{leader.pk}")
        cell_input = cell.locator("[data-grid-input]")
        expect(cell_input).to_have_value("")
        cell_input.fill(text)
        cell_input.press(key)
        expect(cell.get_by_role("status")).to_have_text(re.compile("Đã lưu"))
    values = dict(
        Target.objects.filter(pledge=pledge, unit=leader, line__in=empty_lines).values_list(
            "line__code", "value"
        )
    )
    assert sorted(values.values()) == [4817, 8750]

    # The member table shows the unit complete, and the pledge can be opened for signing.
    expect(member_row(page, leader.name)).to_contain_text("✓ 12/12")
    open_button = page.get_by_role("button", name="Mở ký kết")
    expect(open_button).to_be_enabled()
    open_button.click()  # confirm dialog accepted above
    expect(page.get_by_text("Đã mở ký kết.")).to_be_visible()
    expect(page.locator(".badge-pledge-open")).to_have_text("Đang ký kết")
    expect(page.locator("[data-grid-input]")).to_have_count(0)

    # The two other members sign outside the browser (their logins officer4, officer5 are not under test).
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.OPEN
    others = (
        Membership.objects.filter(group=pledge.group)
        .exclude(unit__in=[leader, member])
        .select_related("unit")
    )
    assert others.count() == 2
    for membership in others:
        name, position = seed_data.PLEDGE_SIGNERS[membership.unit.code]
        services.sign(pledge, membership.unit_id, None, signer_name=name, signer_position=position)

    # Quận Liên Chiểu signs through its officer.
    logout(page)
    login(page, live_server.url, "officer2")
    open_pledge_from_home(page)
    sign_in_browser(page, member, "Đỗ Văn Hiếu", "Phó Chủ tịch Ủy ban nhân dân quận")
    expect(page.get_by_text(f"Đã ký giao ước cho {member.name}.")).to_be_visible()
    expect(member_row(page, member.name)).to_contain_text(
        "Đã ký: Phó Chủ tịch Ủy ban nhân dân quận Đỗ Văn Hiếu"
    )
    expect(member_row(page, leader.name)).to_contain_text("Chưa ký")
    expect(page.get_by_role("link", name=re.compile("^Ký cho"))).to_have_count(0)

    # The officer signs last: the pledge is signed and nothing can be edited any more.
    logout(page)
    login(page, live_server.url, "officer")
    open_pledge_from_home(page)
    sign_in_browser(page, leader, "Phan Thanh Long", "Chủ tịch Ủy ban nhân dân quận")
    expect(page.get_by_text("Tất cả thành viên đã ký: giao ước đã được ký kết.")).to_be_visible()
    expect(page.locator(".badge-pledge-signed")).to_have_text("Đã ký kết")
    expect(page.locator("[data-grid-input]")).to_have_count(0)
    expect(page.get_by_role("button", name="Mở ký kết")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Ký cho"))).to_have_count(0)

    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.SIGNED and pledge.signed_at is not None
    assert pledge.signatures.count() == 4
    signed_by = dict(pledge.signatures.values_list("unit__code", "signed_by__username"))
    assert signed_by[seed_data.OFFICER_UNIT] == "officer"
    assert signed_by[seed_data.OFFICER2_UNIT] == "officer2"
    assert User.objects.get(username="officer").unit == leader
