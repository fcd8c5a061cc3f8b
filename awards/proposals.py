"""Award proposals, the council's decisions and the award register: the rules, with the models; the views, the
workbook and the annex PDF read what this module works out.

What the city list checks for each proposal (each problem is one Vietnamese sentence, worded here only):

| Rule | Data | Problem when |
| --- | --- | --- |
| Class | the unit's sheet in its group's **published** evaluation | no published result; class below ``title.min_class`` |
| Registration | the unit's :class:`RegisteredTitle` rows (draft or submitted) | the title is not registered (the reason is shown) |
| Earlier title | :class:`AwardRecord` of ``title.earlier_title_code`` for the unit in year − 1 | no such record |
| Per group | ``max_per_group`` | the group's proposals of the title (not rejected) are more |
| Share of members | ``max_share_of_members`` % × the group's members, rounded down | more proposals than that |
| Share of groups | ``max_share_of_groups`` % × the plan's groups, rounded down | more proposals in the city |

A quota problem flags every proposal of the group (or of the city) that exceeds it: the council decides which
one goes. Recording the decision is always possible; approving a proposal that makes the *approved* ones exceed
a quota needs a confirmation (:class:`NeedsConfirmation`).

Decisions: approved needs a decision number and a date, not approved a date; approving writes the unit's
:class:`AwardRecord` (year of the plan, title name and code, decision number and date), any other decision
removes it. Every save is a compare-and-set on ``Proposal.version``.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.collation import sort_key
from common.dates import short_date
from common.numbers import format_number
from evaluation.display import class_label
from evaluation.models import Evaluation, ScoreSheet
from groups.models import Group, Membership

from .models import CLASS_ORDER, AwardRecord, Proposal, RegisteredTitle, Title
from .services import Conflict

# --- wording: one function per sentence, for the page, the workbook and the PDF ------------------------------


def no_result_text(year) -> str:
    return _("Chưa có kết quả chấm điểm năm %(year)s.") % {"year": year}


def class_below_text(grade, needed) -> str:
    return _("Xếp loại %(grade)s, danh hiệu cần %(needed)s trở lên.") % {
        "grade": class_label(grade) or "—", "needed": class_label(needed)}


def not_registered_text(title) -> str:
    return _("Không đăng ký danh hiệu %(title)s đầu năm.") % {"title": title.name}


def earlier_title_missing_text(code, year) -> str:
    return _("Chưa nhận %(title)s năm %(year)s.") % {"title": Title.Code(code).label, "year": year}


def group_quota_text(group_name, count, title_name, limit, excess) -> str:
    return _("%(group)s: %(count)s đề nghị %(title)s, tối đa %(limit)s mỗi cụm, khối — vượt %(excess)s.") % {
        "group": group_name, "count": count, "title": title_name, "limit": limit, "excess": excess}


def members_quota_text(group_name, count, title_name, limit, percent, members, excess) -> str:
    return _("%(group)s: %(count)s đề nghị %(title)s, tối đa %(limit)s (%(percent)s %% của %(members)s thành "
             "viên) — vượt %(excess)s.") % {
        "group": group_name, "count": count, "title": title_name, "limit": limit,
        "percent": format_number(percent), "members": members, "excess": excess}


def groups_quota_text(count, title_name, limit, percent, groups, excess) -> str:
    return _("Toàn thành phố: %(count)s đề nghị %(title)s, tối đa %(limit)s (%(percent)s %% của %(groups)s cụm, "
             "khối) — vượt %(excess)s.") % {
        "count": count, "title": title_name, "limit": limit, "percent": format_number(percent),
        "groups": groups, "excess": excess}


def votes_text(proposal) -> str:
    """"6/7 phiếu hợp lệ"; "" for a proposal added by city staff (no vote)."""
    if proposal.votes is None:
        return ""
    if proposal.valid_ballots is None:
        return _("%(votes)s phiếu") % {"votes": proposal.votes}
    return _("%(votes)s/%(valid)s phiếu hợp lệ") % {"votes": proposal.votes, "valid": proposal.valid_ballots}


def registered_text(registered: bool) -> str:
    return _("Có đăng ký") if registered else _("Không đăng ký")


def decision_text(proposal) -> str:
    """"Được khen thưởng (QĐ 123/QĐ-UBND ngày 20/01/2025)", "Chờ Hội đồng xét"."""
    label = proposal.get_decision_display()
    if proposal.decision == Proposal.Decision.PENDING:
        return str(label)
    if proposal.decision_number:
        return _("%(label)s (QĐ số %(number)s ngày %(date)s)") % {
            "label": label, "number": proposal.decision_number, "date": short_date(proposal.decision_date)}
    return _("%(label)s (ngày %(date)s)") % {"label": label, "date": short_date(proposal.decision_date)}


def title_rules_text(title) -> str:
    """The rules of a title as the titles page lists them; "" when it has none."""
    parts = []
    if title.min_class:
        parts.append(_("xếp loại từ %(grade)s") % {"grade": class_label(title.min_class)})
    if title.max_per_group is not None:
        parts.append(_("tối đa %(n)s mỗi cụm, khối") % {"n": title.max_per_group})
    if title.max_share_of_members is not None:
        parts.append(_("tối đa %(p)s %% số thành viên cụm, khối") % {"p": format_number(title.max_share_of_members)})
    if title.max_share_of_groups is not None:
        parts.append(_("tối đa %(p)s %% số cụm, khối") % {"p": format_number(title.max_share_of_groups)})
    if title.earlier_title_code:
        parts.append(_("đã nhận %(title)s năm trước") % {"title": Title.Code(title.earlier_title_code).label})
    text = "; ".join(str(p) for p in parts)
    return text[:1].upper() + text[1:]


# --- the city list ---------------------------------------------------------------------------------------------


def share_limit(percent: Decimal, base: int) -> int:
    """floor(percent % × base): 30 % of 8 members is 2."""
    return math.floor(Decimal(percent) * base / 100)


@dataclass
class ProposalRow:
    """One line of the city list, of the workbook and (approved) of the annex."""

    proposal: Proposal
    sheet: ScoreSheet | None
    registered: bool
    problems: list = field(default_factory=list)        # eligibility, one sentence each
    quota_problems: list = field(default_factory=list)  # the quotas this proposal's group or the city exceeds

    @property
    def unit(self):
        return self.proposal.unit

    @property
    def group(self):
        return self.proposal.group

    @property
    def total(self):
        return self.sheet.final_total if self.sheet else None

    @property
    def grade(self):
        return self.sheet.final_class if self.sheet else ""

    @property
    def grade_text(self) -> str:
        return class_label(self.grade)

    @property
    def rank(self):
        return self.sheet.final_rank if self.sheet else None

    @property
    def votes_text(self) -> str:
        return votes_text(self.proposal)

    @property
    def registered_text(self) -> str:
        return registered_text(self.registered)

    @property
    def decision_text(self) -> str:
        return decision_text(self.proposal)

    @property
    def all_problems(self) -> list:
        return self.problems + self.quota_problems

    @property
    def over_quota(self) -> bool:
        return bool(self.quota_problems)


@dataclass
class TitleList:
    """A title's proposals with their problems, and the quota sentences for the banner."""

    title: Title
    rows: list
    quota_problems: list

    @property
    def over_quota_count(self) -> int:
        return sum(1 for row in self.rows if row.over_quota)

    @property
    def problem_count(self) -> int:
        return sum(1 for row in self.rows if row.problems)


@dataclass
class PlanFacts:
    """What the checks read, loaded once for a plan: groups with member counts, the published sheets, the
    registered titles and last year's awards of the proposed units."""

    groups: dict            # group pk -> Group (with ``member_count``)
    sheets: dict            # (group pk, unit pk) -> ScoreSheet of the published evaluation
    registered: set         # (unit pk, title pk)
    earlier: set            # (unit pk, title code) received in year − 1


def plan_facts(campaign, proposals) -> PlanFacts:
    unit_ids = {p.unit_id for p in proposals}
    groups = {g.pk: g for g in Group.objects.filter(campaign=campaign).annotate(member_count=Count("memberships"))}
    sheets = {}
    if unit_ids:
        for sheet in ScoreSheet.objects.filter(
                evaluation__group__campaign=campaign, evaluation__status=Evaluation.Status.PUBLISHED,
                unit_id__in=unit_ids).select_related("evaluation").only(
                "pk", "unit_id", "evaluation__group_id", "final_total", "final_class", "final_rank"):
            sheets[(sheet.evaluation.group_id, sheet.unit_id)] = sheet
    registered = set(RegisteredTitle.objects.filter(registration__campaign=campaign,
                                                    registration__unit_id__in=unit_ids)
                     .values_list("registration__unit_id", "title_id")) if unit_ids else set()
    earlier = set(AwardRecord.objects.filter(year=campaign.year - 1, unit_id__in=unit_ids).exclude(title_code="")
                  .values_list("unit_id", "title_code")) if unit_ids else set()
    return PlanFacts(groups, sheets, registered, earlier)


def eligibility_problems(proposal, title, facts: PlanFacts, year: int, sheet) -> list[str]:
    problems = []
    if title.min_class:
        if sheet is None or not sheet.final_class:
            problems.append(no_result_text(year))
        elif CLASS_ORDER.index(sheet.final_class) > CLASS_ORDER.index(title.min_class):
            problems.append(class_below_text(sheet.final_class, title.min_class))
    if (proposal.unit_id, title.pk) not in facts.registered:
        problems.append(not_registered_text(title))
    if title.earlier_title_code and (proposal.unit_id, title.earlier_title_code) not in facts.earlier:
        problems.append(earlier_title_missing_text(title.earlier_title_code, year - 1))
    return problems


def quota_limits(title, facts: PlanFacts, counts_by_group: dict, city_count: int):
    """The quotas the title's counts exceed: [(group pk or None for the city, sentence)]."""
    out = []
    for group_id, count in sorted(counts_by_group.items(), key=lambda item: sort_key(facts.groups[item[0]].name)):
        group = facts.groups[group_id]
        if title.max_per_group is not None and count > title.max_per_group:
            out.append((group_id, group_quota_text(group.name, count, title.name, title.max_per_group,
                                                   count - title.max_per_group)))
        if title.max_share_of_members is not None:
            limit = share_limit(title.max_share_of_members, group.member_count)
            if count > limit:
                out.append((group_id, members_quota_text(group.name, count, title.name, limit,
                                                         title.max_share_of_members, group.member_count,
                                                         count - limit)))
    if title.max_share_of_groups is not None:
        limit = share_limit(title.max_share_of_groups, len(facts.groups))
        if city_count > limit:
            out.append((None, groups_quota_text(city_count, title.name, limit, title.max_share_of_groups,
                                                len(facts.groups), city_count - limit)))
    return out


def _counts(proposals, counted):
    by_group = {}
    for p in proposals:
        if counted(p):
            by_group[p.group_id] = by_group.get(p.group_id, 0) + 1
    return by_group


def _not_rejected(proposal) -> bool:
    return proposal.decision != Proposal.Decision.REJECTED


def title_lists(campaign, titles) -> list[TitleList]:
    """Every proposal of ``titles`` (of ``campaign``) with its score, registration, problems; a fixed number of
    queries (proposals, groups, sheets, registrations, last year's awards) whatever their number. A rejected
    proposal takes no place in a quota."""
    titles = list(titles)
    proposals = list(Proposal.objects.filter(campaign=campaign, title__in=titles)
                     .select_related("unit", "group", "decided_by", "meeting").order_by("pk"))
    facts = plan_facts(campaign, proposals)
    out = []
    for title in titles:
        mine = [p for p in proposals if p.title_id == title.pk]
        by_group = _counts(mine, _not_rejected)
        quotas = quota_limits(title, facts, by_group, sum(by_group.values()))
        rows = []
        for p in mine:
            sheet = facts.sheets.get((p.group_id, p.unit_id))
            p.title = title
            rows.append(ProposalRow(p, sheet, (p.unit_id, title.pk) in facts.registered,
                                    eligibility_problems(p, title, facts, campaign.year, sheet),
                                    [text for group_id, text in quotas
                                     if _not_rejected(p) and group_id in (None, p.group_id)]))
        rows.sort(key=lambda r: (sort_key(r.group.name), r.rank is None, r.rank or 0, sort_key(r.unit.name)))
        out.append(TitleList(title, rows, [text for _g, text in quotas]))
    return out


def collective_titles(campaign) -> list[Title]:
    return list(Title.objects.filter(campaign=campaign).collective())


# --- adding and removing by hand -----------------------------------------------------------------------------


def add_proposal(campaign, title, unit_id, reason: str, user) -> Proposal:
    """City staff propose a unit of a group of the plan for a collective title of the plan, with a reason."""
    reason = (reason or "").strip()
    if title.campaign_id != campaign.pk or not title.is_collective:
        raise ValidationError(_("Danh hiệu không thuộc danh hiệu tập thể của kế hoạch này."))
    membership = Membership.objects.filter(campaign=campaign, unit_id=unit_id).select_related("unit").first()
    if membership is None:
        raise ValidationError(_("Đơn vị không thuộc cụm, khối nào của kế hoạch này."))
    if not reason:
        raise ValidationError(_("Cần nêu lý do đề nghị."))
    if Proposal.objects.filter(campaign=campaign, title=title, unit_id=unit_id).exists():
        raise ValidationError(_("%(unit)s đã được đề nghị %(title)s.") % {"unit": membership.unit.name,
                                                                          "title": title.name})
    try:
        with transaction.atomic():
            return Proposal.objects.create(campaign=campaign, title=title, unit_id=unit_id,
                                           group_id=membership.group_id, reason=reason, created_by=user)
    except IntegrityError:  # the same proposal added by someone else in between
        raise ValidationError(_("%(unit)s đã được đề nghị %(title)s.") % {"unit": membership.unit.name,
                                                                          "title": title.name}) from None


def remove_proposal(proposal) -> None:
    """Only a pending proposal city staff added; one from the minutes changes with the minutes."""
    if proposal.meeting_id is not None:
        raise ValidationError(_("Đề nghị từ biên bản hội nghị của cụm, khối không xóa được ở đây."))
    if proposal.decision != Proposal.Decision.PENDING:
        raise ValidationError(_("Đề nghị đã có kết quả xét, không xóa được."))
    proposal.delete()


# --- the council's decisions -----------------------------------------------------------------------------------


class NeedsConfirmation(Exception):
    """Approving this proposal makes the approved ones exceed a quota; ``messages`` say which."""

    def __init__(self, messages):
        super().__init__("over quota")
        self.messages = messages


def approval_excess(proposal) -> list[str]:
    """The quotas the *approved* proposals of the title would exceed once ``proposal`` is approved too."""
    title = proposal.title
    approved = list(Proposal.objects.filter(campaign_id=proposal.campaign_id, title=title,
                                            decision=Proposal.Decision.APPROVED).exclude(pk=proposal.pk)
                    .only("pk", "group_id", "unit_id", "decision"))
    approved.append(proposal)
    facts = PlanFacts({g.pk: g for g in Group.objects.filter(campaign_id=proposal.campaign_id)
                       .annotate(member_count=Count("memberships"))}, {}, set(), set())
    by_group = _counts(approved, lambda p: True)
    return [text for group_id, text in quota_limits(title, facts, by_group, len(approved))
            if group_id in (None, proposal.group_id)]


def check_decision(decision, number: str, date) -> None:
    if decision not in Proposal.Decision.values:
        raise ValidationError(_("Kết quả xét không hợp lệ."))
    if decision == Proposal.Decision.APPROVED and not number:
        raise ValidationError(_("Cần nhập số quyết định khen thưởng."))
    if decision != Proposal.Decision.PENDING and date is None:
        raise ValidationError(_("Cần nhập ngày quyết định."))


@transaction.atomic
def record_decision(proposal, user, *, version: int, decision: str, number: str = "", date=None,
                    confirm: bool = False) -> Proposal:
    """The council's decision on one proposal, if nobody recorded another since ``version`` (else
    :class:`~awards.services.Conflict` with what they saved). Approving beyond a quota raises
    :class:`NeedsConfirmation` unless ``confirm``. Approved: the award register gets (or updates) its row;
    otherwise the row goes."""
    number = " ".join((number or "").split())
    check_decision(decision, number, date)
    if decision == Proposal.Decision.PENDING:
        number, date = "", None
    if decision == Proposal.Decision.APPROVED and not confirm:
        excess = approval_excess(proposal)
        if excess:
            raise NeedsConfirmation(excess)
    updated = Proposal.objects.filter(pk=proposal.pk, version=version).update(
        decision=decision, decision_number=number, decision_date=date,
        decided_at=None if decision == Proposal.Decision.PENDING else timezone.now(),
        decided_by=None if decision == Proposal.Decision.PENDING else user, version=F("version") + 1)
    title = proposal.title
    proposal.refresh_from_db()
    proposal.title = title
    if not updated:
        raise Conflict(proposal)
    if decision != Proposal.Decision.APPROVED:
        AwardRecord.objects.filter(proposal=proposal).delete()
        return proposal
    fields = {"unit_id": proposal.unit_id, "year": proposal.campaign.year, "title_name": title.name,
              "title_code": title.code, "decision_number": number, "decision_date": date}
    try:
        with transaction.atomic():
            AwardRecord.objects.update_or_create(proposal=proposal, defaults=fields,
                                                 create_defaults={**fields, "created_by": user})
    except IntegrityError:
        raise ValidationError(_("Sổ khen thưởng của %(unit)s đã có %(title)s năm %(year)s (ghi bổ sung): hãy xóa "
                                "dòng ghi bổ sung đó trước.") % {"unit": proposal.unit.name, "title": title.name,
                                                                "year": proposal.campaign.year}) from None
    return proposal


# --- the award register ----------------------------------------------------------------------------------------


def check_record(record: AwardRecord) -> None:
    record.title_name = " ".join((record.title_name or "").split())
    record.decision_number = " ".join((record.decision_number or "").split())
    if not record.title_name:
        raise ValidationError(_("Cần nhập danh hiệu, hình thức khen thưởng."))
    this_year = timezone.localdate().year
    if not 1975 <= (record.year or 0) <= this_year:
        raise ValidationError(_("Năm phải từ 1975 đến %(year)s.") % {"year": this_year})
    # Compared in Python: SQLite folds the case of ASCII letters only ("CỜ" and "Cờ").
    names = AwardRecord.objects.filter(unit_id=record.unit_id, year=record.year).exclude(pk=record.pk)
    if record.title_name.casefold() in {name.casefold() for name in names.values_list("title_name", flat=True)}:
        raise ValidationError(_("Sổ khen thưởng đã có “%(title)s” năm %(year)s.") % {
            "title": record.title_name, "year": record.year})


def save_backfilled(record: AwardRecord, user) -> AwardRecord:
    """A year before the app (or any award the app did not decide), typed in by city staff."""
    if record.pk and record.proposal_id is not None:
        raise ValidationError(_("Dòng này ghi theo quyết định khen thưởng; thay đổi kết quả xét để sửa."))
    check_record(record)
    if record.pk is None:
        record.created_by = user
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError:
        raise ValidationError(_("Sổ khen thưởng đã có “%(title)s” năm %(year)s.") % {
            "title": record.title_name, "year": record.year}) from None
    return record


def delete_backfilled(record: AwardRecord) -> None:
    if record.proposal_id is not None:
        raise ValidationError(_("Dòng này ghi theo quyết định khen thưởng; thay đổi kết quả xét để bỏ."))
    record.delete()


def register_years(records) -> list[tuple[int, list]]:
    """The register's rows grouped by year, latest first."""
    by_year = {}
    for record in records:
        by_year.setdefault(record.year, []).append(record)
    return [(year, sorted(rows, key=lambda r: sort_key(r.title_name))) for year, rows in
            sorted(by_year.items(), reverse=True)]


@transaction.atomic
def record_decisions(proposals, user, *, versions: dict, decision: str, number: str = "", date=None,
                     confirm: bool = False) -> int:
    """The same decision (one decision number, one date) for several proposals, all or nothing: any conflict,
    quota or register clash leaves every one as it was (the exception of :func:`record_decision` is raised)."""
    if not proposals:
        raise ValidationError(_("Chưa chọn đề nghị nào."))
    for proposal in proposals:
        record_decision(proposal, user, version=versions.get(proposal.pk, 0), decision=decision, number=number,
                        date=date, confirm=confirm)
    return len(proposals)
