"""Workflows of a pledge: drafting from the plan, filling in targets, signing, amending, importing.

Views call these; every rule that spans several rows (completeness before signing, who must sign, the copy an
amendment starts from) lives here, next to the row-level rules of the models.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from campaigns.models import Campaign
from groups.models import Group, Membership

from .models import Commitment, Pledge, PledgeLine, PledgeMember, Signature, Target


def default_title(group: Group) -> str:
    return _("Giao ước thi đua năm %(year)s — %(group)s") % {"year": group.campaign.year, "group": group.name}


@transaction.atomic
def create_pledge(group: Group, user, **header) -> Pledge:
    """Draft the group's pledge from its plan: legal bases, purpose, commitments (the plan's content items) and
    one line per indicator of the plan."""
    campaign = group.campaign
    if campaign.status != Campaign.Status.ISSUED:
        raise ValidationError(_("Chỉ lập giao ước khi kế hoạch thi đua đã được phát động."))
    if Pledge.objects.filter(group=group).exists():
        raise ValidationError(_("Cụm, khối này đã có giao ước."))
    header.setdefault("title", default_title(group))
    header.setdefault("legal_bases", "\n".join(basis.text for basis in campaign.legal_bases.all()))
    header.setdefault("purpose", campaign.purpose)
    header.setdefault("sign_place", campaign.issue_place)
    header.setdefault("sign_date", campaign.pledge_deadline)
    pledge = Pledge.objects.create(campaign=campaign, group=group, created_by=user, **header)
    Commitment.objects.bulk_create(
        Commitment(pledge=pledge, position=item.position, text=item.title, content_item=item)
        for item in campaign.content_items.all()
    )
    PledgeLine.objects.bulk_create(
        PledgeLine.from_indicator(pledge, indicator, position)
        for position, indicator in enumerate(campaign.indicators.all(), start=1)
    )
    return pledge


@transaction.atomic
def set_commitments(pledge: Pledge, texts: list[str]) -> None:
    """Replace the commitments by ``texts`` in order, keeping the link to the plan's item where the text is
    unchanged."""
    pledge.ensure_draft()
    links = {c.text: c.content_item_id for c in pledge.commitments.all()}
    pledge.commitments.all().delete()
    Commitment.objects.bulk_create(
        Commitment(pledge=pledge, position=i, text=text, content_item_id=links.get(text))
        for i, text in enumerate(texts, start=1)
    )


def next_own_code(pledge: Pledge) -> str:
    codes = set(pledge.lines.values_list("code", flat=True))
    n = 1
    while f"R{n:02d}" in codes:
        n += 1
    return f"R{n:02d}"


@transaction.atomic
def add_line(pledge: Pledge, line: PledgeLine) -> PledgeLine:
    """Add an item of the group's own (``line.unit`` empty) or of one member's own, at the end."""
    pledge.ensure_draft()
    line.pledge = pledge
    if not line.code:
        line.code = next_own_code(pledge)
    line.position = (pledge.lines.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    if line.direction == PledgeLine.Direction.DONE:
        line.city_value = None
    line.save()
    return line


# --- targets ---------------------------------------------------------------------------------------------


class TargetConflict(Exception):
    """Someone saved the cell since the form was loaded; ``current`` is what is stored now."""

    def __init__(self, current: Target):
        super().__init__("conflict")
        self.current = current


@transaction.atomic
def save_target(pledge: Pledge, line: PledgeLine, unit_id: int, user, *, status: str, value: Decimal | None,
                expected_version: int) -> Target:
    """Store one cell, if nobody saved it since ``expected_version`` (0: the cell had never been filled).

    The version check is a compare-and-set in one UPDATE, so of two concurrent saves of the same version
    exactly one wins and the other raises :class:`TargetConflict` with the winner's value. First of all the
    pledge's row is locked and checked to be a draft (:meth:`Pledge.ensure_draft`): opening for signing holds
    the same lock while it checks completeness, so a cell is never emptied under a pledge being opened.
    """
    pledge.ensure_draft()
    if status != Target.Status.SET:
        value = None
    elif value is None and not line.is_done_kind:
        raise ValidationError(_("Hãy nhập giá trị cam kết."))
    if line.is_done_kind:
        value = None
    value = line.clean_value(value)
    if expected_version == 0:
        try:
            with transaction.atomic():
                return Target.objects.create(
                    pledge=pledge, line=line, unit_id=unit_id, status=status, value=value, updated_by=user
                )
        except IntegrityError:
            raise TargetConflict(_current_target(line, unit_id)) from None
    claimed = Target.objects.filter(line=line, unit_id=unit_id, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise TargetConflict(_current_target(line, unit_id))
    target = Target.objects.get(line=line, unit_id=unit_id)
    target.status, target.value, target.updated_by = status, value, user
    target.save()  # recorded by simple-history with the user of the request
    return target


@dataclass
class TargetSave:
    """One cell to store with :func:`save_targets`; after the call ``target`` is the stored target, or on a
    conflict (``conflict``) the one someone else stored meanwhile."""

    line: PledgeLine
    status: str
    value: Decimal | None
    expected_version: int
    target: Target | None = None
    conflict: bool = False


def save_targets(pledge: Pledge, unit_id: int, user, saves: list[TargetSave]) -> bool:
    """Store a member's cells all or nothing, each through :func:`save_target`: the grid saves one cell, the
    one-member form all of its changed cells. True when every cell is stored; on any conflict none is (the
    transaction is rolled back) and each conflicting :class:`TargetSave` carries the stored target. A
    ValidationError (the pledge is no longer a draft, a value out of range) is raised as is."""
    with transaction.atomic():
        for save in saves:
            try:
                save.target = save_target(pledge, save.line, unit_id, user, status=save.status, value=save.value,
                                          expected_version=save.expected_version)
            except TargetConflict as conflict:
                save.target, save.conflict = conflict.current, True
        if any(save.conflict for save in saves):
            transaction.set_rollback(True)
            return False
    return True


def _current_target(line, unit_id):
    return Target.objects.select_related("updated_by").filter(line=line, unit_id=unit_id).first()


# --- completeness and signing ---------------------------------------------------------------------------


@dataclass
class MemberCompleteness:
    membership: Membership
    required: int
    filled: int
    signature: Signature | None = None

    @property
    def unit(self):
        return self.membership.unit

    @property
    def is_complete(self) -> bool:
        return self.filled >= self.required


def member_completeness(members, lines, targets, signatures=()) -> list[MemberCompleteness]:
    """Per member: how many lines apply, how many are filled, and its signature; from rows already loaded."""
    filled = {}
    for target in targets:
        if target.is_filled:
            filled[target.unit_id] = filled.get(target.unit_id, 0) + 1
    signed = {s.unit_id: s for s in signatures}
    result = []
    for membership in members:
        required = sum(1 for line in lines if line.applies_to(membership.unit_id))
        result.append(MemberCompleteness(membership, required, filled.get(membership.unit_id, 0),
                                     signed.get(membership.unit_id)))
    return result


def member_lines(members, lines):
    """(unit, line) for each member and each line that applies to it, in the pledge's order: the rows of the
    pledge's workbooks (the import template and the export)."""
    for membership in members:
        for line in lines:
            if line.applies_to(membership.unit_id):
                yield membership.unit, line


@dataclass
class PledgeState:
    """A pledge's current members, lines, targets (of current members, as :class:`TargetState`) and signatures,
    and who is complete: what the grid, the signing check and the completeness parts of the page are drawn from.
    Five queries."""

    members: list
    lines: list
    targets: list
    signatures: list
    completeness: list

    @property
    def member_ids(self) -> set:
        return {m.unit_id for m in self.members}

    @property
    def all_complete(self) -> bool:
        return bool(self.completeness) and all(p.is_complete for p in self.completeness)


def pledge_members(pledge) -> list[Membership]:
    """The members a pledge shows, leader first: while it is a draft, the group's members now; once opened for
    signing, the members as they were then (:class:`PledgeMember`), each with a copy of its unit as it was. One
    query (two for a pledge opened before members were kept, which falls back to the group)."""
    if pledge.status != Pledge.Status.DRAFT:
        kept = [m.as_membership(pledge.group_id) for m in pledge.members.all()]
        if kept:
            return kept
    return list(Membership.objects.filter(group_id=pledge.group_id).in_display_order())


def show_units_as_members(members, *rows) -> None:
    """Give ``rows`` (lines, signatures: anything with ``unit_id``) the unit of their member, so an open or
    signed pledge names every unit as it was kept, not as it is called today."""
    units = {m.unit_id: m.unit for m in members}
    for row in rows:
        if row.unit_id in units:
            row.unit = units[row.unit_id]


class TargetState(NamedTuple):
    """What the grid and the completeness read of a stored :class:`Target` (its status, value and version), as a
    tuple: a 30 × 30 grid loads 900 of them, and model instances were a third of the pledge page's time."""

    pk: int
    line_id: int
    unit_id: int
    status: str
    value: Decimal | None
    version: int

    @property
    def is_filled(self) -> bool:
        return self.status != Target.Status.EMPTY


def pledge_state(pledge) -> PledgeState:
    members = pledge_members(pledge)
    member_ids = {m.unit_id for m in members}
    lines = list(pledge.lines.select_related("unit"))
    targets = [TargetState._make(row) for row in Target.objects.filter(pledge=pledge).order_by().values_list(
        "pk", "line_id", "unit_id", "status", "value", "version") if row[2] in member_ids]
    signatures = list(pledge.signatures.select_related("unit"))
    show_units_as_members(members, *lines, *signatures)
    return PledgeState(members, lines, targets, signatures, member_completeness(members, lines, targets, signatures))


def _load_completeness(pledge):
    return pledge_state(pledge).completeness


@transaction.atomic
def open_for_signing(pledge: Pledge, user) -> Pledge:
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != Pledge.Status.DRAFT:
        raise ValidationError(_("Chỉ mở ký kết một giao ước đang là dự thảo."))
    completeness = _load_completeness(pledge)
    if not completeness:
        raise ValidationError(_("Cụm, khối chưa có đơn vị thành viên."))
    missing = [p.unit.name for p in completeness if not p.is_complete]
    if missing:
        raise ValidationError(
            _("Chưa thể mở ký kết: các đơn vị sau chưa nhập đủ chỉ tiêu: %(units)s.") % {"units": ", ".join(missing)}
        )
    # What the members sign: who they are and their names now (the group is frozen from here, see groups.services).
    PledgeMember.objects.bulk_create(
        PledgeMember(pledge=pledge, unit_id=p.unit.pk, position=i, role=p.membership.role, unit_code=p.unit.code,
                     unit_name=p.unit.name, unit_short_name=p.unit.short_name)
        for i, p in enumerate(completeness, start=1)
    )
    pledge.move_to(Pledge.Status.OPEN, opened_at=timezone.now())
    return pledge


@transaction.atomic
def return_to_draft(pledge: Pledge, user) -> Pledge:
    """Back to draft before everybody signed (someone must correct a value); signatures given are withdrawn."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != Pledge.Status.OPEN:
        raise ValidationError(_("Chỉ trả về dự thảo một giao ước đang ký kết."))
    for signature in pledge.signatures.all():
        signature.delete()
    pledge.members.all().delete()  # a draft follows the group again
    pledge.move_to(Pledge.Status.DRAFT, opened_at=None)
    return pledge


@transaction.atomic
def sign(pledge: Pledge, unit_id: int, user, *, signer_name: str, signer_position: str, signer_capacity: str = "",
         scan=None) -> Signature:
    """Record a member's signature (``signer_capacity`` "KT. GIÁM ĐỐC" where a deputy signs for the head); the
    pledge becomes signed with the last member's."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != Pledge.Status.OPEN:
        raise ValidationError(_("Giao ước chưa mở ký kết hoặc đã ký xong."))
    state = pledge_state(pledge)
    member_ids = state.member_ids
    # Targets cannot change while the pledge is open; checked again so that nobody ever signs a hole.
    missing = [p.unit.name for p in state.completeness if not p.is_complete]
    if missing:
        raise ValidationError(
            _("Chưa thể ký: các đơn vị sau chưa nhập đủ chỉ tiêu: %(units)s. Hãy trả giao ước về dự thảo để bổ "
              "sung.") % {"units": ", ".join(missing)}
        )
    if unit_id not in member_ids:
        raise ValidationError(_("Đơn vị không phải thành viên của cụm, khối này."))
    if pledge.signatures.filter(unit_id=unit_id).exists():
        raise ValidationError(_("Đơn vị đã ký giao ước này."))
    signature = Signature(pledge=pledge, unit_id=unit_id, signer_name=signer_name,
                          signer_position=signer_position, signer_capacity=signer_capacity.strip(), signed_by=user)
    signature.full_clean(exclude=["pledge", "unit", "signed_by", "scan"], validate_unique=False,
                         validate_constraints=False)
    if scan:
        signature.scan = scan
    signature.save()
    signed = set(pledge.signatures.values_list("unit_id", flat=True))
    if member_ids <= signed:
        pledge.move_to(Pledge.Status.SIGNED, signed_at=timezone.now())
    return signature


@transaction.atomic
def amend(pledge: Pledge, user, reason: str) -> Pledge:
    """Open a new version of a signed pledge, a draft copy of it with the reason; the members sign it again."""
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do sửa đổi giao ước."))
    if pledge.status != Pledge.Status.SIGNED:
        raise ValidationError(_("Chỉ lập bản sửa đổi cho giao ước đã ký kết."))
    if Pledge.objects.filter(group_id=pledge.group_id, version__gt=pledge.version).exists():
        raise ValidationError(_("Giao ước này đã có bản sửa đổi mới hơn."))
    new = Pledge.objects.create(
        campaign_id=pledge.campaign_id, group_id=pledge.group_id, version=pledge.version + 1, amends=pledge,
        amendment_reason=reason, title=pledge.title, legal_bases=pledge.legal_bases, purpose=pledge.purpose,
        sign_place=pledge.sign_place, sign_date=None, document_symbol=pledge.document_symbol, created_by=user,
    )
    Commitment.objects.bulk_create(
        Commitment(pledge=new, position=c.position, text=c.text, content_item_id=c.content_item_id)
        for c in pledge.commitments.all()
    )
    old_lines = list(pledge.lines.all())
    new_lines = PledgeLine.objects.bulk_create(
        PledgeLine(pledge=new, position=line.position, indicator_id=line.indicator_id, code=line.code,
                   name=line.name, measure_unit=line.measure_unit, direction=line.direction,
                   city_value=line.city_value, weight=line.weight,
                   allows_negative=line.allows_negative, unit_id=line.unit_id)
        for line in old_lines
    )
    line_map = {old.pk: new_line for old, new_line in zip(old_lines, new_lines, strict=True)}
    copies = [
        Target(pledge=new, line=line_map[t.line_id], unit_id=t.unit_id, status=t.status, value=t.value,
               updated_by=t.updated_by)
        for t in pledge.targets.all()
    ]
    bulk_create_with_history(copies, Target, default_user=user,
                             default_change_reason=_("Sao chép từ phiên bản %(n)s") % {"n": pledge.version})
    return new


# --- bulk import ----------------------------------------------------------------------------------------


@transaction.atomic
def apply_import(pledge: Pledge, rows, user) -> tuple[int, int]:
    """Write validated rows ``(line, unit_id, status, value)`` in one transaction; returns (created, updated).

    Bulk writes bypass ``save()``, so the draft check is done here once, with the pledge row locked.
    """
    pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
    if pledge.status != Pledge.Status.DRAFT:
        raise ValidationError(_("Giao ước không còn là dự thảo nên không thể nhập số liệu."))
    existing = {(t.line_id, t.unit_id): t for t in pledge.targets.select_for_update()}
    to_create, to_update = [], []
    for line, unit_id, status, value in rows:
        value = line.clean_value(value)
        target = existing.get((line.pk, unit_id))
        if target is None:
            to_create.append(Target(pledge=pledge, line=line, unit_id=unit_id, status=status, value=value,
                                    updated_by=user))
        elif target.status != status or target.value != value:
            target.status, target.value, target.updated_by = status, value, user
            target.version += 1
            target.updated_at = timezone.now()
            to_update.append(target)
    reason = _("Nhập từ tệp Excel")
    if to_create:
        bulk_create_with_history(to_create, Target, default_user=user, default_change_reason=reason)
    if to_update:
        bulk_update_with_history(to_update, Target, ["status", "value", "updated_by", "version", "updated_at"],
                                 default_user=user, default_change_reason=reason)
    return len(to_create), len(to_update)
