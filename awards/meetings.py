"""The rules of a group's year-end meeting (hội nghị tổng kết cụm, khối) and its minutes (biên bản).

================================  ==========================================================================
Rule                              What it says
================================  ==========================================================================
quorum                            present × denominator ≥ members × numerator (AwardSettings, 2/3 by default):
                                  4 of 6 passes, 3 of 6 fails; 8 members need 6. No ballot without quorum.
a ballot's counts                 valid ≤ returned ≤ issued ≤ members present; each candidate's votes ≤ valid;
                                  all votes together ≤ valid × seats (a ballot names at most ``seats`` units)
elected                           votes × 2 > base, base = members | present | valid (AwardSettings.elected_base):
                                  exactly half is not elected
seats                             the top ``seats`` candidates above the bar; a tie at the cut elects none of
                                  the tied units and asks for a revote (finalising waits for it)
the flag                          candidates have class HTXS in the group's published evaluation
flag and Bằng khen                a candidate who did not register the title needs a reason before finalising
leader and deputy                 one unit cannot be elected both
finalise                          all of the above, every ballot recorded, time, place, chair and secretary;
                                  stores Candidate.elected, creates the Proposal rows, locks the minutes
reopen                            with a reason, by city staff or the leader's officer; refused once the council
                                  decided a proposal of the meeting; removes its pending proposals
================================  ==========================================================================

Every change is a compare-and-set on ``Meeting.version`` (``UPDATE … WHERE version = n AND status = 'draft'``):
a stale form raises :class:`Conflict` with what the other person saved, and nothing changes. The page and the
PDF word the values through the functions here (:func:`count_text`, :meth:`Quorum.text`, …).
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.collation import sort_key
from common.numbers import format_percent, number_words, percent
from evaluation.models import Evaluation, ScoreSheet
from groups.models import Membership

from .models import (
    MINUTES_FINAL,
    Attendance,
    AwardSettings,
    Ballot,
    Candidate,
    Meeting,
    MeetingReopening,
    Proposal,
    RegisteredTitle,
    Title,
)

Q = Ballot.Question
QUESTIONS = [Q.CITY_FLAG, Q.MERIT, Q.LEADER, Q.DEPUTY]
DEFAULT_SEATS = {Q.CITY_FLAG: 1, Q.MERIT: 2, Q.LEADER: 1, Q.DEPUTY: 1}
#: The title a ballot proposes (the others elect next year's leader and deputy).
TITLE_OF = {Q.CITY_FLAG: Title.Code.CITY_FLAG, Q.MERIT: Title.Code.MERIT}
FLAG_CLASS = "htxs"


class Conflict(Exception):
    """Someone saved the minutes since the form was opened; ``current`` is the meeting as they left it."""

    def __init__(self, current: Meeting | None):
        super().__init__("meeting changed")
        self.current = current


# --- wording shared by the page and the PDF -----------------------------------------------------------------


def count_text(number: int) -> str:
    """"7 (bảy) phiếu"."""
    return _("%(n)s (%(words)s) phiếu") % {"n": number, "words": number_words(number)}


def share_text(votes: int, valid: int) -> str:
    """The votes as a share of the valid ballots: "85,7 %"; "" without valid ballots."""
    return format_percent(percent(votes * 100 / valid)) if valid else ""


def question_label(question) -> str:
    return str(Q(question).label)


# --- quorum and the elected bar -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    members: int
    present: int
    numerator: int
    denominator: int

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present * self.denominator >= self.members * self.numerator

    @property
    def needed(self) -> int:
        """The fewest units present that make the quorum (ceiling of members × fraction, in integers)."""
        return -(-self.members * self.numerator // self.denominator)

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.present)

    @property
    def fraction(self) -> str:
        return f"{self.numerator}/{self.denominator}"

    def text(self) -> str:
        """"Có mặt 7/8 đơn vị, đủ 2/3 theo quy định" (or "chưa đủ")."""
        args = {"present": self.present, "members": self.members, "fraction": self.fraction}
        if self.met:
            return _("Có mặt %(present)s/%(members)s đơn vị, đủ %(fraction)s theo quy định") % args
        return _("Có mặt %(present)s/%(members)s đơn vị, chưa đủ %(fraction)s theo quy định") % args

    def missing_text(self) -> str:
        """"Cần thêm 2 đơn vị có mặt để đủ 2/3 số thành viên (6/8) mới bỏ phiếu được."."""
        return _("Cần thêm %(n)s đơn vị có mặt để đủ %(fraction)s số thành viên (%(needed)s/%(members)s) mới "
                 "bỏ phiếu được.") % {"n": self.missing, "fraction": self.fraction, "needed": self.needed,
                                      "members": self.members}


def elected_base(settings: AwardSettings, quorum: Quorum, valid: int) -> int:
    return {AwardSettings.ElectedBase.MEMBERS: quorum.members, AwardSettings.ElectedBase.PRESENT: quorum.present,
            AwardSettings.ElectedBase.VALID: valid}[settings.elected_base]


def rule_text(settings: AwardSettings, base: int) -> str:
    """"Trúng cử khi được quá nửa tổng số thành viên của cụm, khối (≥ 5/8 phiếu)"."""
    return _("Trúng cử khi được %(rule)s (≥ %(least)s/%(base)s phiếu)") % {
        "rule": AwardSettings.ElectedBase(settings.elected_base).label, "least": base // 2 + 1, "base": base}


# --- one ballot ---------------------------------------------------------------------------------------------


@dataclass
class CandidateResult:
    unit: object
    votes: int
    reason: str = ""
    share: str = ""
    elected: bool = False
    tied: bool = False
    unregistered: bool = False   # a flag or Bằng khen candidate that did not register the title
    unit_class: str = ""          # its class in the published evaluation

    @property
    def needs_reason(self) -> bool:
        return self.unregistered and not self.reason.strip()

    def line(self) -> str:
        """"Sở Tài chính: 6 (sáu) phiếu, 85,7 % số phiếu hợp lệ"."""
        text = _("%(unit)s: %(votes)s") % {"unit": self.unit.name, "votes": count_text(self.votes)}
        if self.share:
            text += _(", %(share)s số phiếu hợp lệ") % {"share": self.share}
        return text


@dataclass
class BallotResult:
    question: str
    seats: int
    issued: int = 0
    returned: int = 0
    valid: int = 0
    recorded: bool = False
    base: int = 0
    rule: str = ""
    candidates: list[CandidateResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    revote: bool = False

    @property
    def label(self) -> str:
        return question_label(self.question)

    @property
    def elected(self) -> list[CandidateResult]:
        return [c for c in self.candidates if c.elected]

    def counts_text(self) -> str:
        """"Số phiếu phát ra: 7 (bảy) phiếu; số phiếu thu về: …; số phiếu hợp lệ: …"."""
        return _("Số phiếu phát ra: %(issued)s; số phiếu thu về: %(returned)s; số phiếu hợp lệ: %(valid)s.") % {
            "issued": count_text(self.issued), "returned": count_text(self.returned),
            "valid": count_text(self.valid)}

    def elected_text(self) -> str:
        if self.revote:
            return _("Có đơn vị bằng phiếu nhau ở vị trí cuối cùng được chọn: cần bỏ phiếu lại giữa các đơn vị "
                     "này.")
        if not self.elected:
            return _("Không có đơn vị nào trúng cử.")
        return _("Trúng cử: %(units)s.") % {"units": ", ".join(c.unit.name for c in self.elected)}


def count_ballot(question, seats, issued, returned, valid, candidates, *, quorum: Quorum, settings: AwardSettings,
                 classes: dict, registered: set, published: bool) -> BallotResult:
    """The checks and the result of one ballot. ``candidates`` are (unit, votes, reason); ``classes`` the
    members' classes in the published evaluation; ``registered`` the (unit id, title code) registered."""
    result = BallotResult(question, seats, issued, returned, valid, recorded=True)
    errors = result.errors
    if seats < 1:
        errors.append(_("Số đơn vị được chọn phải từ 1 trở lên."))
    if valid > returned:
        errors.append(_("Số phiếu hợp lệ (%(valid)s) không được lớn hơn số phiếu thu về (%(returned)s).")
                      % {"valid": valid, "returned": returned})
    if returned > issued:
        errors.append(_("Số phiếu thu về (%(returned)s) không được lớn hơn số phiếu phát ra (%(issued)s).")
                      % {"returned": returned, "issued": issued})
    if issued > quorum.present:
        errors.append(_("Số phiếu phát ra (%(issued)s) không được lớn hơn số đơn vị có mặt (%(present)s).")
                      % {"issued": issued, "present": quorum.present})
    code = TITLE_OF.get(question)
    for unit, votes, reason in candidates:
        if votes > valid:
            errors.append(_("%(unit)s được %(votes)s phiếu, nhiều hơn số phiếu hợp lệ (%(valid)s).")
                          % {"unit": unit.name, "votes": votes, "valid": valid})
        if question == Q.CITY_FLAG and classes.get(unit.pk) != FLAG_CLASS:
            errors.append(_("%(unit)s không đạt xếp loại Hoàn thành xuất sắc trong kết quả chấm điểm đã công bố: "
                            "không đề nghị Cờ thi đua được.") % {"unit": unit.name} if published else
                          _("Cụm, khối chưa công bố kết quả chấm điểm: chưa chọn được đơn vị đề nghị Cờ thi đua "
                            "(cần xếp loại Hoàn thành xuất sắc)."))
        result.candidates.append(CandidateResult(
            unit, votes, reason or "", share_text(votes, valid), unit_class=classes.get(unit.pk, ""),
            unregistered=bool(code) and (unit.pk, code) not in registered))
    if sum(c.votes for c in result.candidates) > valid * max(seats, 1):
        errors.append(_("Tổng số phiếu của các đơn vị (%(total)s) vượt số phiếu hợp lệ nhân số đơn vị được chọn "
                        "(%(valid)s × %(seats)s).") % {"total": sum(c.votes for c in result.candidates),
                                                      "valid": valid, "seats": seats})
    errors[:] = list(dict.fromkeys(errors))
    result.base = elected_base(settings, quorum, valid)
    result.rule = rule_text(settings, result.base)
    result.candidates.sort(key=lambda c: (-c.votes, sort_key(c.unit.name)))
    if not errors:
        _elect(result)
    return result


def _elect(result: BallotResult) -> None:
    """The top ``seats`` above the bar; a tie at the cut elects none of the tied candidates."""
    above = [c for c in result.candidates if c.votes * 2 > result.base]
    if len(above) > result.seats and above[result.seats - 1].votes == above[result.seats].votes:
        cut = above[result.seats - 1].votes
        result.revote = True
        for c in above:
            c.elected, c.tied = c.votes > cut, c.votes == cut
        return
    for c in above[:result.seats]:
        c.elected = True


# --- the whole meeting --------------------------------------------------------------------------------------


@dataclass
class MeetingState:
    """Everything the meeting page, the minutes PDF and finalising read, in a fixed number of queries."""

    group: object
    meeting: Meeting | None
    members: list            # memberships, leader first, with their units
    attendance: dict         # unit id → Attendance
    ballots: dict            # question → Ballot (with its candidates)
    ranking: list            # the published evaluation's sheets by rank ([] when not published)
    classes: dict            # unit id → class in the published evaluation
    registered: set          # (unit id, title code) registered for the flag and Bằng khen
    settings: AwardSettings
    proposals: list

    @property
    def units(self) -> dict:
        return {m.unit_id: m.unit for m in self.members}

    @property
    def published(self) -> bool:
        return bool(self.ranking)

    @property
    def quorum(self) -> Quorum:
        present = sum(1 for m in self.members if (a := self.attendance.get(m.unit_id)) is not None and a.present)
        return Quorum(len(self.members), present, self.settings.quorum_numerator, self.settings.quorum_denominator)

    @property
    def version(self) -> int:
        return self.meeting.version if self.meeting else 0

    @property
    def is_final(self) -> bool:
        return self.meeting is not None and self.meeting.is_final

    @property
    def decided(self) -> bool:
        return any(p.decision != Proposal.Decision.PENDING for p in self.proposals)

    def result(self, question) -> BallotResult:
        ballot = self.ballots.get(question)
        if ballot is None:
            return BallotResult(question, DEFAULT_SEATS[question],
                                rule=rule_text(self.settings, elected_base(self.settings, self.quorum, 0)))
        candidates = [(c.unit, c.votes, c.reason) for c in ballot.candidates.all()]
        result = count_ballot(question, ballot.seats, ballot.issued, ballot.returned, ballot.valid, candidates,
                              quorum=self.quorum, settings=self.settings, classes=self.classes,
                              registered=self.registered, published=self.published)
        if self.is_final:  # finalised minutes read as they were signed, whatever the rules say since
            stored = {c.unit_id: c.elected for c in ballot.candidates.all()}
            result.revote = False
            for c in result.candidates:
                c.elected, c.tied = stored.get(c.unit.pk, False), False
        return result

    def results(self) -> list[BallotResult]:
        return [self.result(q) for q in QUESTIONS]

    def problems(self, results=None) -> list[str]:
        """What keeps the minutes from being finalised, in the order the page lists it; [] when ready."""
        results = results if results is not None else self.results()
        meeting, out = self.meeting, []
        if meeting is None:
            return [_("Chưa ghi thông tin hội nghị.")]
        if meeting.held_at is None:
            out.append(_("Chưa nhập thời gian hội nghị."))
        if not meeting.place.strip():
            out.append(_("Chưa nhập địa điểm."))
        if not meeting.chair_name.strip():
            out.append(_("Chưa nhập người chủ trì."))
        if not meeting.secretary_name.strip():
            out.append(_("Chưa nhập thư ký."))
        quorum = self.quorum
        if not quorum.met:
            out.append(quorum.missing_text())
        for result in results:
            if not result.recorded:
                out.append(_("Chưa nhập kết quả bỏ phiếu: %(q)s.") % {"q": result.label})
                continue
            out += [f"{result.label}: {error}" for error in result.errors]
            if result.revote:
                out.append(_("%(q)s: cần bỏ phiếu lại vì có đơn vị bằng phiếu nhau.") % {"q": result.label})
            for c in result.candidates:
                if c.needs_reason:
                    out.append(_("%(q)s – %(unit)s: Đơn vị chưa đăng ký danh hiệu này: cần nêu lý do.")
                               % {"q": result.label, "unit": c.unit.name})
        out += _both_leader_and_deputy(results)
        return out


def _both_leader_and_deputy(results) -> list[str]:
    by_question = {r.question: {c.unit.pk: c.unit for c in r.elected} for r in results}
    both = set(by_question.get(Q.LEADER, {})) & set(by_question.get(Q.DEPUTY, {}))
    return [_("%(unit)s không thể vừa trúng cử đơn vị trưởng vừa trúng cử đơn vị phó.")
            % {"unit": by_question[Q.LEADER][pk].name} for pk in sorted(both)]


def load(group) -> MeetingState:
    """The meeting of ``group`` (None before the first save) with everything around it."""
    members = list(Membership.objects.filter(group=group).in_display_order().select_related("unit"))
    meeting = (Meeting.objects.filter(group=group)
               .select_related("updated_by", "finalised_by", "rotating_flag_to").first())
    attendance, ballots, proposals = {}, {}, []
    if meeting is not None:
        attendance = {a.unit_id: a for a in meeting.attendances.all()}
        ballots = {b.question: b for b in meeting.ballots.prefetch_related("candidates__unit")}
        proposals = list(meeting.proposals.all())
    ranking = list(ScoreSheet.objects.filter(evaluation__group=group, evaluation__status=Evaluation.Status.PUBLISHED)
                   .select_related("unit").order_by("final_rank", "pk"))
    registered = set(RegisteredTitle.objects.filter(
        registration__campaign_id=group.campaign_id, registration__unit__in=[m.unit_id for m in members],
        title__code__in=TITLE_OF.values()).values_list("registration__unit_id", "title__code"))
    return MeetingState(group, meeting, members, attendance, ballots, ranking,
                        {s.unit_id: s.final_class for s in ranking}, registered,
                        AwardSettings.for_campaign(group.campaign), proposals)


# --- changes ------------------------------------------------------------------------------------------------


def _claim(group, user, version: int) -> Meeting:
    """The compare-and-set every change starts with: the meeting at ``version`` (0: not saved yet), moved to the
    next version; :class:`Conflict` if someone saved since, ValidationError once final."""
    meeting = Meeting.objects.filter(group=group).first()
    if meeting is None:
        if version != 0:
            raise Conflict(None)
        try:
            with transaction.atomic():
                return Meeting.objects.create(group=group, updated_by=user)
        except IntegrityError:  # another first save came in between
            raise Conflict(Meeting.objects.get(group=group)) from None
    if meeting.is_final:
        raise ValidationError(MINUTES_FINAL)
    updated = Meeting.objects.filter(pk=meeting.pk, version=version, status=Meeting.Status.DRAFT).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now())
    meeting.refresh_from_db()
    if not updated:
        if meeting.is_final:
            raise ValidationError(MINUTES_FINAL)
        raise Conflict(meeting)
    return meeting


DETAIL_FIELDS = ("held_at", "place", "chair_name", "chair_position", "secretary_name", "secretary_position",
                 "agenda", "rotating_flag_to_id", "rotating_flag_note")


@dataclass
class Presence:
    present: bool
    representative_name: str = ""
    representative_position: str = ""


@transaction.atomic
def save_meeting(group, user, *, version: int, details: dict, attendance: dict[int, Presence]) -> Meeting:
    """The meeting's time, place, chair, secretary, agenda, rotating flag and who attended."""
    members = set(Membership.objects.filter(group=group).values_list("unit_id", flat=True))
    flag_to = details.get("rotating_flag_to_id")
    if flag_to is not None and flag_to not in members:
        raise ValidationError(_("Đơn vị nhận cờ luân lưu phải là thành viên của cụm, khối."))
    if set(attendance) - members:
        raise ValidationError(_("Đơn vị điểm danh không thuộc cụm, khối."))
    meeting = _claim(group, user, version)
    clean = {name: (" ".join(value.split()) if isinstance(value, str) and name != "agenda" else value)
             for name, value in details.items() if name in DETAIL_FIELDS}
    Meeting.objects.filter(pk=meeting.pk).update(**clean)
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, unit_id=unit_id, present=p.present,
                   representative_name=" ".join(p.representative_name.split()) if p.present else "",
                   representative_position=" ".join(p.representative_position.split()) if p.present else "")
        for unit_id, p in attendance.items())
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def save_ballot(group, user, *, version: int, question: str, seats: int, issued: int, returned: int, valid: int,
                candidates: list[tuple[int, int, str]]) -> Ballot:
    """One ballot's counts and candidates ((unit id, votes, reason)); refused without quorum or with a count
    that does not add up (every message at once), nothing stored then."""
    if question not in QUESTIONS:
        raise ValidationError(_("Nội dung bỏ phiếu không hợp lệ."))
    state = load(group)
    if state.meeting is None:
        raise ValidationError(_("Hãy lưu thông tin hội nghị và điểm danh trước khi nhập kết quả bỏ phiếu."))
    if state.is_final:
        raise ValidationError(MINUTES_FINAL)
    quorum = state.quorum
    if not quorum.met:
        raise ValidationError(quorum.missing_text())
    units = state.units
    if any(unit_id not in units for unit_id, _votes, _reason in candidates):
        raise ValidationError(_("Đơn vị được bầu chọn không thuộc cụm, khối."))
    if question != Q.MERIT:  # the flag (one a group), next year's leader and deputy: one seat each
        seats = 1
    result = count_ballot(question, seats, issued, returned, valid,
                          [(units[u], votes, reason) for u, votes, reason in candidates], quorum=quorum,
                          settings=state.settings, classes=state.classes, registered=state.registered,
                          published=state.published)
    if result.errors:
        raise ValidationError(result.errors)
    meeting = _claim(group, user, version)
    ballot, _created = Ballot.objects.update_or_create(
        meeting=meeting, question=question,
        defaults={"seats": seats, "issued": issued, "returned": returned, "valid": valid})
    Candidate.objects.filter(ballot=ballot).delete()
    Candidate.objects.bulk_create(
        Candidate(ballot=ballot, unit_id=u, votes=votes, reason=(reason or "").strip() if question in TITLE_OF else "")
        for u, votes, reason in candidates)
    return ballot


@transaction.atomic
def finalise(group, user, *, version: int) -> Meeting:
    """Check everything, store who is elected, create the proposals of the flag and Bằng khen ballots, lock."""
    state = load(group)
    if state.is_final:
        raise ValidationError(MINUTES_FINAL)
    results = state.results()
    problems = state.problems(results)
    titles = {t.code: t for t in Title.objects.filter(campaign_id=group.campaign_id, code__in=TITLE_OF.values())}
    for question, code in TITLE_OF.items():
        if code not in titles and state.result(question).elected:
            problems.append(_("Kế hoạch chưa có danh hiệu “%(title)s” để đề nghị.") % {"title": Title.Code(code).label})
    elected = [(r, c) for r in results if r.question in TITLE_OF for c in r.elected]
    taken = set(Proposal.objects.filter(campaign_id=group.campaign_id, title__in=titles.values())
                .exclude(meeting=state.meeting).values_list("title__code", "unit_id"))
    for r, c in elected:
        if (TITLE_OF[r.question], c.unit.pk) in taken:
            problems.append(_("%(unit)s đã có đề nghị “%(title)s” khác.") % {"unit": c.unit.name, "title": r.label})
    if problems:
        raise ValidationError(problems)
    meeting = _claim(group, user, version)
    winners = {(r.question, c.unit.pk) for r in results for c in r.elected}
    stored = []
    for ballot in state.ballots.values():
        for c in ballot.candidates.all():
            c.elected = (ballot.question, c.unit_id) in winners
            stored.append(c)
    Candidate.objects.bulk_update(stored, ["elected"])
    Proposal.objects.bulk_create(
        Proposal(campaign_id=group.campaign_id, title=titles[TITLE_OF[r.question]], unit=c.unit, group=group,
                 meeting=meeting, votes=c.votes, valid_ballots=r.valid, reason=c.reason, created_by=user)
        for r, c in elected)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.FINAL, finalised_at=timezone.now(),
                                                 finalised_by=user)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def reopen(group, user, reason: str) -> Meeting:
    """Open finalised minutes again, with a reason kept; refused once the council decided a proposal of the
    meeting. Its pending proposals go (finalising again makes them anew)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Cần nêu lý do mở lại biên bản."))
    meeting = Meeting.objects.select_for_update().filter(group=group).first()
    if meeting is None or not meeting.is_final:
        raise ValidationError(_("Biên bản chưa chốt, không cần mở lại."))
    if meeting.proposals.exclude(decision=Proposal.Decision.PENDING).exists():
        raise ValidationError(_("Hội đồng Thi đua – Khen thưởng đã xét đề nghị từ biên bản này: không mở lại "
                                "được biên bản."))
    meeting.proposals.all().delete()
    MeetingReopening.objects.create(meeting=meeting, reopened_by=user, reason=reason)
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.DRAFT, finalised_at=None,
                                                 finalised_by=None, version=F("version") + 1, updated_by=user,
                                                 updated_at=timezone.now())
    Candidate.objects.filter(ballot__meeting=meeting).update(elected=False)
    meeting.refresh_from_db()
    return meeting
