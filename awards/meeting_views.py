"""The year-end meeting pages: the city list of meetings, a group's meeting with its ballots (recorded by the
leader unit or city staff), finalising and reopening. The rules are :mod:`awards.meetings`'; a GET stores
nothing (the meeting row is made by the first save)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.collation import sort_key
from evaluation.display import class_label
from groups.models import Membership

from . import meetings
from .access import get_campaign_for_user, get_meeting_group_for_user, meeting_groups_seen
from .forms import ReopenForm
from .meeting_forms import BallotForm, MeetingForm, attendance_forms, candidate_forms
from .meetings import QUESTIONS, TITLE_OF, Conflict
from .models import Ballot, Candidate, Meeting
from .wording import MEETING_STATES, meeting_state, meeting_state_key

# --- the city list ------------------------------------------------------------------------------------------


#: Groups per page of the city list of meetings.
MEETINGS_PAGE_SIZE = 20


@login_required
def meetings_list(request, year):
    """Each group's meeting state (chưa họp / đang ghi / đã chốt), quorum and the flag's unit, 20 groups a page
    (``?page=``); the counts of states cover every group."""
    campaign = get_campaign_for_user(request.user, year)
    groups = list(meeting_groups_seen(request.user, campaign).only("pk", "kind", "name").annotate(
        member_count=Count("memberships", distinct=True)))
    groups.sort(key=lambda g: (g.kind, sort_key(g.name)))
    counts = dict.fromkeys(MEETING_STATES, 0)
    finals = Meeting.objects.filter(group__in=[g.pk for g in groups]).values_list("status", flat=True)
    for status in finals:
        counts["final" if status == Meeting.Status.FINAL else "draft"] += 1
    counts["none"] = len(groups) - len(finals)
    page = Paginator(groups, MEETINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = page.object_list
    by_group = {m.group_id: m for m in Meeting.objects.filter(group__in=shown).select_related("rotating_flag_to")
                .annotate(present=Count("attendances", filter=Q(attendances__present=True)))}
    leaders = dict(Membership.objects.filter(group__in=shown, role=Membership.Role.LEADER)
                   .values_list("group_id", "unit__name"))
    flag = {}
    for meeting_id, unit_name in (Candidate.objects.filter(
            ballot__meeting__in=by_group.values(), ballot__question=Ballot.Question.CITY_FLAG, elected=True,
            ballot__meeting__status=Meeting.Status.FINAL).values_list("ballot__meeting_id",
                                                                                   "unit__name")):
        flag.setdefault(meeting_id, []).append(unit_name)
    led = set(Membership.objects.filter(group__in=shown, unit_id=request.user.unit_id, role=Membership.Role.LEADER)
              .values_list("group_id", flat=True)) if request.user.unit_id else set()
    rows = []
    for group in shown:
        meeting = by_group.get(group.pk)
        state = meeting_state_key(meeting)
        reads = request.user.sees_everything or group.pk in led or state == "final"
        rows.append({"group": group, "meeting": meeting, "state": state, "label": MEETING_STATES[state],
                     "leader": leaders.get(group.pk, ""), "present": meeting.present if meeting else None,
                     "flag": flag.get(meeting.pk, []) if meeting else [], "link": reads})
    return render(request, "awards/meetings.html", {
        "campaign": campaign, "rows": rows, "page": page, "total": len(groups),
        "counts": [(k, MEETING_STATES[k], counts[k]) for k in MEETING_STATES]})


# --- a group's meeting --------------------------------------------------------------------------------------


@dataclass
class CandidateRow:
    membership: object
    form: object
    rank: object
    unit_class: str
    unregistered: bool


@dataclass
class BallotSection:
    question: str
    result: object
    form: object = None
    rows: list = None

    @property
    def label(self):
        return meetings.question_label(self.question)

    @property
    def proposes_title(self) -> bool:
        return self.question in TITLE_OF

    @property
    def shows_rank(self) -> bool:
        return self.question == Ballot.Question.CITY_FLAG

    @property
    def seats_editable(self) -> bool:
        return self.question == Ballot.Question.MERIT


def _ballot_sections(state, rights, posted=None, posted_form=None):
    ranks = {s.unit_id: s.final_rank for s in state.ranking}
    out = []
    for question in QUESTIONS:
        result = state.result(question)
        section = BallotSection(question, result)
        if rights.edit and state.quorum.met and state.meeting is not None:
            ballot = state.ballots.get(question)
            if posted == question:
                section.form, cands = posted_form
            else:
                section.form = BallotForm(initial={
                    "version": state.version, "seats": ballot.seats if ballot else meetings.DEFAULT_SEATS[question],
                    "issued": ballot.issued if ballot else None, "returned": ballot.returned if ballot else None,
                    "valid": ballot.valid if ballot else None}, prefix=question)
                cands = candidate_forms(question, state.members, ballot)
            code = TITLE_OF.get(question)
            members = cands
            if question == Ballot.Question.CITY_FLAG:  # offered from the ranking, best first, HTXS only
                members = sorted((mc for mc in cands if state.classes.get(mc[0].unit_id) == meetings.FLAG_CLASS),
                                 key=lambda mc: (ranks.get(mc[0].unit_id) or 10 ** 6, sort_key(mc[0].unit.name)))
            section.rows = [CandidateRow(m, f, ranks.get(m.unit_id), class_label(state.classes.get(m.unit_id)),
                                         bool(code) and (m.unit_id, code) not in state.registered)
                            for m, f in members]
        out.append(section)
    return out


def _page(request, group, rights, state=None, *, meeting_form=None, attendance=None, posted=None, posted_form=None,
          conflict=None, status=200):
    state = state or meetings.load(group)
    rights = rights.__class__.of(request.user, group, state.meeting)
    if rights.edit:
        meeting_form = meeting_form or MeetingForm(initial=MeetingForm.initial_of(state.meeting),
                                                   members=state.members)
        attendance = attendance or attendance_forms(state.members, state.attendance)
    sections = _ballot_sections(state, rights, posted, posted_form)
    results = [s.result for s in sections]
    return render(request, "awards/meeting.html", {
        "group": group, "campaign": group.campaign, "state": state, "meeting": state.meeting, "rights": rights,
        "quorum": state.quorum, "meeting_form": meeting_form, "attendance_forms": attendance,
        "attendance_rows": [(m, state.attendance.get(m.unit_id)) for m in state.members],
        "ranking": [(s.final_rank, s.unit, s.final_total, class_label(s.final_class)) for s in state.ranking],
        "sections": sections, "problems": state.problems(results) if rights.edit else [],
        "both_elected": meetings._both_leader_and_deputy(results),
        "reopen_form": ReopenForm() if rights.reopen and not state.decided else None,
        "decided": state.decided, "reopenings": list(state.meeting.reopenings.select_related("reopened_by"))
        if state.meeting else [], "state_key": meeting_state_key(state.meeting),
        "state_label": meeting_state(state.meeting), "quorum_text": state.quorum.text(),
        "quorum_missing": state.quorum.missing_text(),
        "finalised_by": str(state.meeting.finalised_by) if state.meeting and state.meeting.finalised_by else "",
        "conflict": conflict, "conflict_who": str(conflict.updated_by) if isinstance(conflict, Meeting)
        and conflict.updated_by else "", "conflict_when": conflict.updated_at if isinstance(conflict, Meeting) else None,
    }, status=status)


def _conflict_data(post, version, prefix=""):
    data = post.copy()
    data[f"{prefix}-version" if prefix else "version"] = version
    return data


@login_required
def meeting(request, group_id):
    """GET shows the meeting (nothing stored); POST saves its details and the attendance list."""
    group, rights = get_meeting_group_for_user(request.user, group_id)
    if request.method != "POST":
        return _page(request, group, rights)
    rights.require("edit")
    state = meetings.load(group)
    form = MeetingForm(request.POST, members=state.members)
    attendance = attendance_forms(state.members, state.attendance, request.POST)
    if not (form.is_valid() and all(f.is_valid() for _m, f in attendance)):
        return _page(request, group, rights, state, meeting_form=form, attendance=attendance, status=422)
    try:
        meetings.save_meeting(group, request.user, version=form.cleaned_data["version"], details=form.details(),
                              attendance={m.unit_id: f.presence() for m, f in attendance})
    except Conflict as conflict:
        # Keep what this user typed; the version moves on, so saving again overwrites knowingly.
        data = _conflict_data(request.POST, conflict.current.version if conflict.current else 0)
        state = meetings.load(group)
        form = MeetingForm(data, members=state.members)
        form.is_valid()
        return _page(request, group, rights, state, meeting_form=form,
                     attendance=attendance_forms(state.members, state.attendance, data),
                     conflict=conflict.current or True, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("awards:meeting", group.pk)
    messages.success(request, _("Đã lưu thông tin hội nghị và danh sách đơn vị dự họp."))
    return redirect(reverse("awards:meeting", args=[group.pk]) + "#attendance")


@login_required
@require_POST
def meeting_ballot(request, group_id, question):
    """One ballot's counts and votes; every wrong count is listed and nothing is stored."""
    group, rights = get_meeting_group_for_user(request.user, group_id)
    if question not in QUESTIONS:
        raise Http404
    rights.require("edit")
    state = meetings.load(group)
    form = BallotForm(request.POST, prefix=question)
    cands = candidate_forms(question, state.members, state.ballots.get(question), request.POST)
    if not (form.is_valid() and all(f.is_valid() for _m, f in cands)):
        return _page(request, group, rights, state, posted=question, posted_form=(form, cands), status=422)
    data = form.cleaned_data
    try:
        meetings.save_ballot(
            group, request.user, version=data["version"], question=question,
            seats=data.get("seats") or meetings.DEFAULT_SEATS[question], issued=data["issued"],
            returned=data["returned"], valid=data["valid"],
            candidates=[(m.unit_id, f.cleaned_data["votes"], f.cleaned_data.get("reason", ""))
                        for m, f in cands if f.cleaned_data.get("chosen")])
    except Conflict as conflict:
        data = _conflict_data(request.POST, conflict.current.version if conflict.current else 0, question)
        state = meetings.load(group)
        form = BallotForm(data, prefix=question)
        form.is_valid()
        cands = candidate_forms(question, state.members, state.ballots.get(question), data)
        return _page(request, group, rights, state, posted=question, posted_form=(form, cands),
                     conflict=conflict.current or True, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, group, rights, state, posted=question, posted_form=(form, cands), status=422)
    messages.success(request, _("Đã lưu kết quả bỏ phiếu: %(q)s.") % {"q": meetings.question_label(question)})
    return redirect(reverse("awards:meeting", args=[group.pk]) + f"#ballot-{question}")


@login_required
@require_POST
def meeting_finalise(request, group_id):
    group, rights = get_meeting_group_for_user(request.user, group_id)
    rights.require("edit")
    try:
        meetings.finalise(group, request.user, version=int(request.POST.get("version") or 0))
    except Conflict:
        messages.error(request, _("Biên bản vừa được người khác thay đổi. Hãy xem lại rồi chốt lại."))
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [_("Dữ liệu gửi lên không hợp lệ.")])))
    else:
        messages.success(request, _("Đã chốt biên bản; các đề nghị khen thưởng đã được gửi Ban Thi đua – Khen "
                                    "thưởng."))
    return redirect("awards:meeting", group.pk)


@login_required
@require_POST
def meeting_reopen(request, group_id):
    group, rights = get_meeting_group_for_user(request.user, group_id)
    rights.require("reopen")
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Cần nêu lý do mở lại biên bản."))
        meetings.reopen(group, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã mở lại biên bản; các đề nghị chờ xét từ biên bản đã được rút lại."))
    return redirect("awards:meeting", group.pk)
