"""Who may do what with a pledge. 404 for what a user may not see, 403 for what they may see but not do."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import is_officer_of
from groups.access import is_leader_or_city

from .models import Pledge


def get_pledge_for_user(user, pk) -> Pledge:
    return get_object_or_404(Pledge.objects.visible_to(user).select_related("group", "campaign"), pk=pk)


def can_manage(user, group_id, leader_id=None) -> bool:
    """City staff, and the officers of the group's leader unit, draft the pledge and run its signing."""
    return is_leader_or_city(user, group_id, leader_id)


def require_manage(user, group_id, leader_id=None) -> None:
    if not can_manage(user, group_id, leader_id):
        raise PermissionDenied(_("Chỉ đơn vị trưởng cụm, khối và Ban Thi đua – Khen thưởng được thực hiện thao tác này."))


def require_draft(pledge: Pledge) -> None:
    if pledge.status != Pledge.Status.DRAFT:
        raise PermissionDenied(
            _("Giao ước không còn là dự thảo nên không thể thay đổi. Giao ước đã ký chỉ thay đổi bằng bản sửa đổi.")
        )


def can_edit_unit(user, pledge: Pledge, unit_id: int) -> bool:
    """Officers fill in their own unit's targets; city staff any member's. Only while the pledge is a draft."""
    if pledge.status != Pledge.Status.DRAFT:
        return False
    return user.is_city_staff or is_officer_of(user, unit_id)


def require_edit_unit(user, pledge: Pledge, unit_id: int) -> None:
    require_draft(pledge)
    if not can_edit_unit(user, pledge, unit_id):
        raise PermissionDenied(_("Bạn chỉ được nhập chỉ tiêu của đơn vị mình."))


@dataclass(frozen=True)
class PledgeRights:
    """What the user may do on a pledge's page, decided once by the view from the rules above; the template
    reads it instead of re-checking roles, units or status strings. The views that act check the same rules
    again (``require_*``): this only decides which controls to show."""

    manage: bool = False             # leader or city: runs the pledge (open/return signing, amend, own lines)
    edit: bool = False               # change the header and commitments (a draft)
    open: bool = False               # open for signing (a draft)
    return_to_draft: bool = False    # send an open pledge back to draft
    sign: bool = False               # sign for the user's unit (open, member, not signed yet)
    amend: bool = False              # start an amendment (the current, signed version)
    add_own_line: bool = False       # add a line of one's own (a draft, manager or member officer)
    fill_in: bool = False            # targets are being filled in (a draft): the grid's help and refresh
    excel_template: bool = False     # download the import template (city staff)
    excel_import: bool = False       # import targets from Excel (city staff, a draft)
    unit_forms: frozenset = field(default_factory=frozenset)    # units whose one-form page the grid links to
    own_unit_id: int | None = None   # the user's unit: its row and column are marked "Đơn vị của bạn"

    @classmethod
    def of(cls, user, pledge: Pledge, member_ids, *, leader_id=None, my_signature_missing=False, is_current=True):
        """The rights of ``user`` on ``pledge``, whose members are ``member_ids`` (leader: ``leader_id``)."""
        manage = can_manage(user, pledge.group_id, leader_id)
        draft, is_open = pledge.status == Pledge.Status.DRAFT, pledge.status == Pledge.Status.OPEN
        member_officer = user.is_unit_officer and user.unit_id in member_ids
        return cls(
            manage=manage,
            edit=manage and draft,
            open=manage and draft,
            return_to_draft=manage and is_open,
            sign=is_open and member_officer and my_signature_missing,
            amend=manage and pledge.status == Pledge.Status.SIGNED and is_current,
            add_own_line=draft and (manage or member_officer),
            fill_in=draft,
            excel_template=user.is_city_staff,
            excel_import=user.is_city_staff and draft,
            unit_forms=frozenset(unit_id for unit_id in member_ids
                                 if draft and (user.is_city_staff or unit_id == user.unit_id)),
            own_unit_id=user.unit_id,
        )

    def may_delete_line(self, user, line) -> bool:
        """An own line is dropped by the manager or by an officer of the unit it belongs to, while a draft."""
        return self.fill_in and line.is_own and (self.manage or is_officer_of(user, line.unit_id))


@dataclass(frozen=True)
class PledgeOverviewRights:
    """What the user may do on the year's signing overview (``pledges:overview``)."""

    export: bool = False   # the PDF of every pledge (city staff and leaders: accounts.access.require_sees_everything)
    create: bool = False   # draft a group's pledge from its row: city staff, who manage every group
                           # (:func:`can_manage`), once the plan is issued

    @classmethod
    def of(cls, user, campaign) -> "PledgeOverviewRights":
        return cls(export=user.sees_everything, create=user.is_city_staff and campaign.is_issued)
