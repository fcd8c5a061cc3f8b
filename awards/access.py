"""Who may see and do what with registrations. 404 for what a user may not see, 403 for what they may not do.

| Who | Sees | Does |
| --- | --- | --- |
| City staff | every unit's registration, the city list, the titles | the titles; reopens a submitted registration |
| Leaders (viewer) | every unit's registration, the city list | nothing |
| An officer of a group's leader unit | its own unit's, and its group's members' (read-only), the city list of its group | its own unit's |
| Any other officer of a unit in a group of the plan | its own unit's | its own unit's: edit, import, submit |
| Anyone else (no unit, a unit in no group) | nothing | nothing |

A registration exists only for a unit that is a member of a group of the plan, and only once the plan is issued.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.access import is_officer_of
from campaigns.models import Campaign
from groups.models import Group, Membership
from units.models import Unit

from .models import Registration
from .services import why_unchangeable


def get_campaign_for_user(user, year) -> Campaign:
    """An issued or closed plan the user may see (registrations do not exist for a draft)."""
    return get_object_or_404(Campaign.objects.visible_to(user).exclude(status=Campaign.Status.DRAFT), year=year)


def groups_seen(user, campaign):
    """The groups whose members' registrations the user reads on the city list: all for city staff and leaders,
    those led by the officer's unit; 404 for anyone else."""
    groups = Group.objects.filter(campaign=campaign)
    if user.sees_everything:
        return groups
    if user.is_unit_officer and user.unit_id is not None:
        led = groups.filter(memberships__unit_id=user.unit_id, memberships__role=Membership.Role.LEADER)
        if led.exists():
            return led
    raise Http404


def get_member_for_user(user, campaign, unit_id) -> Membership:
    """The unit's place in a group of the plan, if the user may see its registration (see the table above)."""
    memberships = Membership.objects.filter(campaign=campaign).select_related("unit", "group")
    if not user.sees_everything:
        if not user.is_unit_officer or user.unit_id is None:
            raise Http404
        if unit_id != user.unit_id:
            led = Membership.objects.filter(campaign=campaign, unit_id=user.unit_id,
                                            role=Membership.Role.LEADER).values("group_id")
            memberships = memberships.filter(group_id__in=led)
    return get_object_or_404(memberships, unit_id=unit_id)


def require_title_manager(user) -> None:
    if not user.is_city_staff:
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng quản lý danh mục danh hiệu."))


@dataclass(frozen=True)
class RegistrationRights:
    """What the user may do on a unit's registration page; the template reads it, the views check it again."""

    own: bool = False      # the registration of the user's own unit
    edit: bool = False     # save, import, submit: own unit, plan issued, not submitted
    reopen: bool = False   # city staff, a submitted registration of an issued plan
    lists_group: bool = False  # link to the city list of the groups the user reads

    @classmethod
    def of(cls, user, campaign, membership, registration) -> "RegistrationRights":
        own = is_officer_of(user, membership.unit_id)
        return cls(
            own=own,
            edit=own and why_unchangeable(campaign, registration) is None,
            reopen=(user.is_city_staff and campaign.is_issued and registration is not None
                    and registration.is_submitted),
            lists_group=user.sees_everything or (own and membership.role == Membership.Role.LEADER),
        )

    def require(self, right: str) -> None:
        if not getattr(self, right):
            if right == "reopen":
                raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng mở lại được bản đăng ký đã nộp."))
            raise PermissionDenied(_("Bạn không thể thay đổi bản đăng ký này."))


def registration_of(campaign, unit_id) -> Registration | None:
    return (Registration.objects.filter(campaign=campaign, unit_id=unit_id)
            .select_related("submitted_by", "reopened_by", "updated_by").first())


# --- the meeting rules page (awards:settings) ----------------------------------------------------------------


def get_rules_campaign(user, year) -> Campaign:
    """A plan whose meeting rules the user reads: city staff (who change them) and leaders (who read them), any
    status; 404 for officers and anyone else."""
    from campaigns.access import get_campaign_for_user as get_plan

    campaign = get_plan(user, year)
    if not user.sees_everything:
        raise Http404
    return campaign


def require_rules_manager(user) -> None:
    if not user.is_city_staff:
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng sửa quy định bình xét."))


# --- the submission (tờ trình) of a group's proposals --------------------------------------------------------


def get_meeting_for_submission(user, group_id):
    """The group's year-end meeting, if the user may print its submission: city staff, leaders and the leader
    unit's officers always (a draft prints as DỰ THẢO), the other members once the minutes are final; 404 for
    anyone else and for a group without a meeting."""
    from groups.access import get_group_for_user, leader_unit_id

    from .models import Meeting

    group = get_group_for_user(user, group_id)
    meeting = get_object_or_404(Meeting, group=group)
    meeting.group = group
    if user.sees_everything or is_officer_of(user, leader_unit_id(group)):
        return meeting
    if meeting.is_final and user.is_unit_officer and any(is_officer_of(user, m.unit_id)
                                                         for m in group.memberships.all()):
        return meeting
    raise Http404


# --- the year-end meeting (hội nghị tổng kết) -----------------------------------------------------------------
#
# | Who | Reads | Records |
# | --- | --- | --- |
# | City staff | every group's meeting, draft or final | ballots, finalise, reopen |
# | Leaders (viewer) | every group's meeting, draft or final | nothing (403) |
# | An officer of the group's leader unit | its group's meeting | ballots, finalise, reopen |
# | An officer of another member unit | its group's **finalised** minutes (a draft: 404) | nothing (403) |
# | Anyone else (another group, no unit) | nothing (404) | nothing |


@dataclass(frozen=True)
class MeetingRights:
    """What the user may do on a group's meeting page; the template reads it, the views check it again."""

    record: bool = False    # city staff or the leader unit's officer (whatever the state)
    edit: bool = False      # record, and the minutes are not final
    reopen: bool = False    # record, and the minutes are final

    @classmethod
    def of(cls, user, group, meeting) -> "MeetingRights":
        from groups.access import is_leader_or_city, leader_unit_id

        record = is_leader_or_city(user, group.pk, leader_unit_id(group) or 0)
        final = meeting is not None and meeting.is_final
        return cls(record=record, edit=record and not final, reopen=record and final)

    def require(self, right: str) -> None:
        if getattr(self, right):
            return
        if self.record and right == "edit":
            raise PermissionDenied(_("Biên bản đã chốt, không thể thay đổi. Cần mở lại biên bản (có ghi lý do) "
                                     "để sửa."))
        if self.record and right == "reopen":
            raise PermissionDenied(_("Biên bản chưa chốt, không cần mở lại."))
        raise PermissionDenied(_("Chỉ đơn vị trưởng cụm, khối và Ban Thi đua – Khen thưởng ghi biên bản hội nghị."))


def get_meeting_group_for_user(user, group_id) -> tuple[Group, "MeetingRights"]:
    """The group whose meeting the user may read (404 otherwise: another group, no unit, a draft plan, or a
    member's officer before the minutes are final), and what the user may do there."""
    from groups.access import get_group_for_user

    from .models import Meeting

    group = get_group_for_user(user, group_id)
    if group.campaign.status == Campaign.Status.DRAFT:
        raise Http404
    meeting = Meeting.objects.filter(group=group).only("pk", "status").first()
    rights = MeetingRights.of(user, group, meeting)
    if not (user.sees_everything or rights.record or (meeting is not None and meeting.is_final)):
        raise Http404
    return group, rights


def meeting_groups_seen(user, campaign):
    """The groups on the list of meetings: all for city staff and leaders, the officer's own groups; 404 for an
    account without a unit."""
    groups = Group.objects.filter(campaign=campaign)
    if user.sees_everything:
        return groups
    if user.is_unit_officer and user.unit_id is not None:
        return groups.filter(memberships__unit_id=user.unit_id)
    raise Http404


# --- proposals, decisions and the award register (awards.proposal_views) ---------------------------------------
# | Who | City list of proposals | Decisions, proposals by hand, back-fill | A unit's award register |
# | City staff | reads | does | every unit's |
# | Leaders (viewer) | reads | 403 | every unit's |
# | An officer | 404 | 404 | its own unit's (404 for others') |


def require_proposals_reader(user) -> None:
    if not user.sees_everything:
        raise Http404


def require_proposals_manager(user) -> None:
    require_proposals_reader(user)
    if not user.is_city_staff:
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng ghi đề nghị và kết quả xét khen thưởng."))


def get_register_unit_for_user(user, unit_id):
    """The unit whose award register the user reads: any unit for city staff and leaders, an officer's own."""
    if not user.sees_everything and not is_officer_of(user, unit_id):
        raise Http404
    return get_object_or_404(Unit, pk=unit_id)


def require_register_manager(user) -> None:
    if not user.is_city_staff:
        raise PermissionDenied(_("Chỉ Ban Thi đua – Khen thưởng ghi bổ sung sổ khen thưởng."))
