"""The city's proposals per title, the council's decisions, the title rules and each unit's award register.

The rules are :mod:`awards.proposals`'s; these views read the request, call them and render.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.collation import sort_key
from common.dates import short_date
from groups.models import Membership

from . import proposals as rules
from .access import (
    get_campaign_for_user,
    get_register_unit_for_user,
    require_proposals_manager,
    require_proposals_reader,
    require_register_manager,
    require_title_manager,
)
from .models import AwardRecord, Proposal, Title
from .proposal_forms import AddProposalForm, AwardRecordForm, DecisionForm, TitleRulesForm
from .services import Conflict

# --- the city list -----------------------------------------------------------------------------------------


#: Rows per page of a year's register across units.
REGISTER_PAGE_SIZE = 25
#: Proposals per page of a title's list; the quotas, the counts and the exports cover every proposal.
PROPOSALS_PAGE_SIZE = 20


def _list_url(year, title_id=None, anchor="", page=None) -> str:
    url = reverse("awards:proposals", args=[year])
    query = {"title": title_id} if title_id else {}
    if page and str(page).isdigit() and int(page) > 1:
        query["page"] = page
    if query:
        url += "?" + urlencode(query)
    return url + (f"#{anchor}" if anchor else "")


class Documents:
    """The supporting papers of a row, one click away: the group's minutes (the meeting page, whose buttons give
    the biên bản PDF), its submission (tờ trình) PDF, its results page and the unit's score sheet PDF. The URLs are
    built once per group, not per row."""

    def __init__(self, year):
        self.year = year
        self.results, self.minutes = {}, {}
        self.sheet_pdf = reverse("exports:download", kwargs={"kind": "sheet_pdf"})
        self.submission_pdf = reverse("exports:download", kwargs={"kind": "submission_pdf"})

    def of(self, row) -> list[tuple[str, str]]:
        group_id = row.proposal.group_id
        out = []
        if row.proposal.meeting_id is not None:
            if group_id not in self.minutes:
                self.minutes[group_id] = reverse("awards:meeting", kwargs={"group_id": group_id})
            out.append((_("Biên bản"), self.minutes[group_id]))
            out.append((_("Tờ trình (PDF)"), f"{self.submission_pdf}?group={group_id}"))
        if row.sheet is not None:
            if group_id not in self.results:
                self.results[group_id] = reverse("evaluation:results", args=[group_id])
            out.append((_("Kết quả cụm, khối"), self.results[group_id]))
            out.append((_("Phiếu chấm điểm (PDF)"), f"{self.sheet_pdf}?sheet={row.sheet.pk}"))
        return out


def _form_state(row, **typed):
    """What the row's decision form shows: the stored decision, or what was typed when it was refused."""
    p = row.proposal
    row.form = {
        "version": p.version, "decision": p.decision, "number": p.decision_number,
        "date": short_date(p.decision_date), "state": "", "message": "", "confirm": False, **typed,
    }


def _list_context(request, campaign, chosen_id, edited=None):
    titles = rules.collective_titles(campaign)
    counts = dict(Proposal.objects.filter(campaign=campaign).values_list("title_id").annotate(n=Count("pk")))
    chosen = (next((t for t in titles if str(t.pk) == str(chosen_id)), None)
              or next((t for t in titles if counts.get(t.pk)), None) or (titles[0] if titles else None))
    title_list = rules.title_lists(campaign, [chosen])[0] if chosen else None
    rows = title_list.rows if title_list else []
    number = request.GET.get("page")
    if edited:  # the page that holds the row just decided (htmx swaps the list in place)
        number = next((i // PROPOSALS_PAGE_SIZE + 1 for i, row in enumerate(rows) if row.proposal.pk == edited[0]),
                      request.POST.get("page"))
    page = Paginator(rows, PROPOSALS_PAGE_SIZE).get_page(number)
    documents = Documents(campaign.year)
    manages = request.user.is_city_staff
    for row in page.object_list:
        row.documents = documents.of(row)
        row.removable = manages and row.proposal.meeting_id is None and row.proposal.decision == "pending"
        _form_state(row)
        if edited and edited[0] == row.proposal.pk:
            row.form.update(edited[1])
    return {
        "campaign": campaign, "titles": [(t, counts.get(t.pk, 0)) for t in titles], "chosen": chosen,
        "title_list": title_list, "manages": manages, "decision_choices": Proposal.Decision.choices,
        "page": page, "page_query": urlencode({"title": chosen.pk}) if chosen else "",
    }


@login_required
def proposals(request, year):
    """One title's proposals (``?title=``), each with its score, class, votes, registration and problems."""
    campaign = get_campaign_for_user(request.user, year)
    require_proposals_reader(request.user)
    return render(request, "awards/proposals.html", _list_context(request, campaign, request.GET.get("title")))


def _proposal(request, year, pk):
    campaign = get_campaign_for_user(request.user, year)
    require_proposals_manager(request.user)
    proposal = get_object_or_404(Proposal.objects.select_related("title", "unit", "group", "campaign"),
                                 campaign=campaign, pk=pk)
    return campaign, proposal


@login_required
@require_POST
def proposal_decide(request, year, pk):
    """The council's decision on one proposal: the htmx row form swaps the list back in (quotas move with a
    decision); without JavaScript the page comes back with a message. A refusal changes nothing."""
    campaign, proposal = _proposal(request, year, pk)
    form = DecisionForm(request.POST)
    typed = {"decision": request.POST.get("decision", ""), "number": request.POST.get("decision_number", ""),
             "date": request.POST.get("decision_date", ""), "confirm": bool(request.POST.get("confirm"))}
    state, message, status = "saved", _("Đã ghi kết quả xét: %(unit)s.") % {"unit": proposal.unit.name}, 200
    if not form.is_valid():
        state, status = "error", 422
        message = " ".join(e for errors in form.errors.values() for e in errors)
    else:
        data = form.cleaned_data
        try:
            rules.record_decision(proposal, request.user, version=data["version"], decision=data["decision"],
                                  number=data["decision_number"], date=data["decision_date"],
                                  confirm=data["confirm"])
        except rules.NeedsConfirmation as over:
            state, status = "confirm", 422
            message = " ".join(over.messages) + " " + _("Đánh dấu “Vẫn ghi được khen thưởng dù vượt chỉ tiêu” rồi "
                                                       "ghi lại nếu Hội đồng đã quyết định như vậy.")
        except Conflict as conflict:
            current = conflict.current
            state, status = "conflict", 409
            message = _("%(who)s vừa ghi “%(decision)s”. Kết quả bạn chọn chưa được ghi; ghi lại nếu vẫn muốn "
                        "thay thế.") % {"who": current.decided_by or _("Người khác"),
                                        "decision": rules.decision_text(current)}
            typed["version"] = current.version
        except ValidationError as error:
            state, status, message = "error", 422, " ".join(error.messages)
    if request.htmx:
        edited = (proposal.pk, {"state": state, "message": message, **({} if state == "saved" else typed)})
        context = _list_context(request, campaign, proposal.title_id, edited)
        return render(request, "awards/proposals.html#title-list", context, status=status)
    if state == "saved":
        messages.success(request, message)
    else:
        messages.error(request, message)
    return redirect(_list_url(year, proposal.title_id, f"proposal-{proposal.pk}", request.POST.get("page")))


@login_required
@require_POST
def proposal_bulk_decide(request, year):
    """One decision number and date for the proposals ticked on the list, all or nothing."""
    campaign = get_campaign_for_user(request.user, year)
    require_proposals_manager(request.user)
    form = DecisionForm({**request.POST.dict(), "version": 0})
    ids = [int(pk) for pk in request.POST.getlist("selected") if pk.isdigit()]
    chosen = list(Proposal.objects.filter(campaign=campaign, pk__in=ids).select_related("title", "unit", "campaign"))
    title_id = chosen[0].title_id if chosen else request.POST.get("title")
    versions = {p.pk: int(v) for p in chosen if (v := request.POST.get(f"version-{p.pk}", "")).isdigit()}
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        data = form.cleaned_data
        count = rules.record_decisions(chosen, request.user, versions=versions, decision=data["decision"],
                                       number=data["decision_number"], date=data["decision_date"],
                                       confirm=data["confirm"])
    except rules.NeedsConfirmation as over:
        messages.error(request, " ".join(over.messages) + " " + _("Chưa ghi đề nghị nào. Đánh dấu “Vẫn ghi được "
                                                                  "khen thưởng dù vượt chỉ tiêu” nếu Hội đồng đã "
                                                                  "quyết định như vậy."))
    except Conflict:
        messages.error(request, _("Có đề nghị vừa được người khác ghi kết quả; chưa ghi đề nghị nào. Hãy xem lại "
                                  "rồi ghi lại."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages) + " " + _("Chưa ghi đề nghị nào."))
    else:
        messages.success(request, _("Đã ghi kết quả xét cho %(n)s đề nghị.") % {"n": count})
    return redirect(_list_url(year, title_id, page=request.POST.get("page")))


@login_required
def proposal_add(request, year):
    campaign = get_campaign_for_user(request.user, year)
    require_proposals_manager(request.user)
    titles = rules.collective_titles(campaign)
    memberships = list(Membership.objects.filter(campaign=campaign).select_related("unit", "group"))
    form = AddProposalForm(request.POST or None, titles=titles, memberships=memberships,
                           initial={"title": request.GET.get("title")})
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            title = next(t for t in titles if t.pk == form.cleaned_data["title"])
            try:
                rules.add_proposal(campaign, title, form.cleaned_data["unit"], form.cleaned_data["reason"],
                                   request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã thêm đề nghị %(title)s.") % {"title": title.name})
                return redirect(_list_url(year, title.pk))
    return render(request, "awards/proposal_form.html", {"campaign": campaign, "form": form,
                                                        "cancel_url": _list_url(year)}, status=status)


@login_required
@require_POST
def proposal_delete(request, year, pk):
    campaign, proposal = _proposal(request, year, pk)
    try:
        rules.remove_proposal(proposal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa đề nghị %(title)s của %(unit)s.") % {
            "title": proposal.title.name, "unit": proposal.unit.name})
    return redirect(_list_url(year, proposal.title_id, page=request.POST.get("page")))


# --- a title's rules ---------------------------------------------------------------------------------------


@login_required
def title_rules(request, year, pk):
    campaign = get_campaign_for_user(request.user, year)
    require_title_manager(request.user)
    title = get_object_or_404(Title, campaign=campaign, pk=pk)
    form = TitleRulesForm(request.POST or None, instance=title)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Đã lưu quy định xét khen của “%(name)s”.") % {"name": title.name})
            return redirect(reverse("awards:titles", args=[year]) + f"#title-{pk}")
    return render(request, "awards/proposal_title_rules.html", {
        "campaign": campaign, "title": title, "form": form,
        "cancel_url": reverse("awards:titles", args=[year]),
    }, status=422 if request.method == "POST" else 200)


# --- the award register --------------------------------------------------------------------------------------


def _backfill_title_names() -> list[str]:
    """The collective titles of every plan, offered when back-filling the register, in Vietnamese order."""
    return sorted(set(Title.objects.collective().values_list("name", flat=True)), key=sort_key)


def _register_page(request, unit, form=None, status=200):
    records = list(AwardRecord.objects.filter(unit=unit).select_related("proposal__campaign"))
    manages = request.user.is_city_staff
    names = _backfill_title_names() if manages else []
    return render(request, "awards/register.html", {
        "unit": unit, "years": rules.register_years(records), "count": len(records), "manages": manages,
        "form": form or (AwardRecordForm() if manages else None), "title_names": names,
    }, status=status)


@login_required
def register(request, unit_id):
    """A unit's awards across years; city staff back-fill the years before the app (POST)."""
    unit = get_register_unit_for_user(request.user, unit_id)
    if request.method != "POST":
        return _register_page(request, unit)
    require_register_manager(request.user)
    form = AwardRecordForm(request.POST, instance=AwardRecord(unit=unit))
    if form.is_valid():
        try:
            rules.save_backfilled(form.instance, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi bổ sung vào sổ khen thưởng."))
            return redirect("awards:register", unit_id)
    return _register_page(request, unit, form, status=422)


def _backfilled(request, unit_id, pk):
    unit = get_register_unit_for_user(request.user, unit_id)
    require_register_manager(request.user)
    record = get_object_or_404(AwardRecord, unit=unit, pk=pk)
    if record.proposal_id is not None:
        raise PermissionDenied(_("Dòng này ghi theo quyết định khen thưởng; thay đổi kết quả xét để sửa."))
    return unit, record


@login_required
def register_edit(request, unit_id, pk):
    unit, record = _backfilled(request, unit_id, pk)
    form = AwardRecordForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        try:
            rules.save_backfilled(form.instance, request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã sửa dòng của sổ khen thưởng."))
            return redirect("awards:register", unit_id)
    return render(request, "awards/register_form.html", {
        "unit": unit, "record": record, "form": form, "cancel_url": reverse("awards:register", args=[unit_id]),
        "title_names": _backfill_title_names(),
    }, status=422 if request.method == "POST" else 200)


@login_required
@require_POST
def register_delete(request, unit_id, pk):
    unit, record = _backfilled(request, unit_id, pk)
    rules.delete_backfilled(record)
    messages.success(request, _("Đã xóa “%(title)s” năm %(year)s khỏi sổ khen thưởng.") % {
        "title": record.title_name, "year": record.year})
    return redirect("awards:register", unit_id)


@login_required
def register_year(request, year):
    """The register across units for one year, by title: what the city awarded (and back-filled) that year, 25
    rows a page (``?page=``). The order is worked out on three columns of every row; only the page's rows are
    read whole."""
    require_proposals_reader(request.user)
    order = sorted(AwardRecord.objects.filter(year=year).values_list("pk", "title_name", "unit__name"),
                   key=lambda r: (sort_key(r[1]), sort_key(r[2])))
    page = Paginator(order, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    sizes, first_of = {}, {}
    for index, (_pk, name, _unit) in enumerate(order):
        first_of.setdefault(name, index)
        sizes[name] = sizes.get(name, 0) + 1
    records = AwardRecord.objects.select_related("unit").in_bulk([pk for pk, _n, _u in page.object_list])
    titles = []
    for index, (pk, name, _unit) in enumerate(page.object_list, start=page.start_index() - 1):
        if not titles or titles[-1][0] != name:
            titles.append((name, [], sizes[name]))
        record = records[pk]
        record.number = index - first_of[name] + 1  # STT within the title, across pages
        titles[-1][1].append(record)
    return render(request, "awards/register_year.html", {
        "year": year, "titles": titles, "count": len(order), "page": page,
    })
