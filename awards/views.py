"""Registration pages: the titles of a plan (city staff), the city list, a unit's registration."""

from datetime import datetime, time, timedelta
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from common.collation import sort_key
from common.dates import short_date
from common.downloads import attachment
from common.xlsx import XLSX_CONTENT_TYPE
from groups.models import Membership

from . import excel, services
from .access import (
    RegistrationRights,
    get_campaign_for_user,
    get_member_for_user,
    groups_seen,
    registration_of,
    require_title_manager,
)
from .forms import (
    BLANK_ROWS,
    ImportForm,
    PersonFormSet,
    RegistrationForm,
    RenameTitleForm,
    ReopenForm,
    TitleForm,
)
from .models import RegisteredPerson, RegisteredTitle, Registration, Title
from .wording import STATES, registration_state_key

# --- titles -------------------------------------------------------------------------------------------------


def _titles_page(request, campaign, form=None, status=200):
    titles = list(Title.objects.filter(campaign=campaign).annotate(
        units=Count("registered_titles", distinct=True), people=Count("registered_people", distinct=True)))
    return render(request, "awards/titles.html", {
        "campaign": campaign, "form": form or TitleForm(),
        "collective": [t for t in titles if t.is_collective],
        "individual": [t for t in titles if not t.is_collective],
    }, status=status)


@login_required
def titles(request, year):
    campaign = get_campaign_for_user(request.user, year)
    require_title_manager(request.user)
    if request.method != "POST":
        return _titles_page(request, campaign)
    form = TitleForm(request.POST)
    if form.is_valid():
        try:
            services.add_title(campaign, form.cleaned_data["name"], form.cleaned_data["scope"])
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("Đã thêm danh hiệu."))
            return redirect("awards:titles", year)
    return _titles_page(request, campaign, form, status=422)


def _title(request, year, pk):
    campaign = get_campaign_for_user(request.user, year)
    require_title_manager(request.user)
    return get_object_or_404(Title, campaign=campaign, pk=pk)


@login_required
@require_POST
def title_rename(request, year, pk):
    title = _title(request, year, pk)
    form = RenameTitleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Cần nhập tên danh hiệu."))
        services.rename_title(title, form.cleaned_data["name"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đổi tên danh hiệu."))
    return redirect("awards:titles", year)


@login_required
@require_POST
def title_move(request, year, pk):
    services.move_title(_title(request, year, pk), request.POST.get("direction", "up"))
    return redirect(reverse("awards:titles", args=[year]) + f"#title-{pk}")


@login_required
@require_POST
def title_delete(request, year, pk):
    title = _title(request, year, pk)
    try:
        services.delete_title(title)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa danh hiệu “%(name)s”.") % {"name": title.name})
    return redirect("awards:titles", year)


# --- the city list ------------------------------------------------------------------------------------------


#: Groups per page of the city list: a group's table is never split across two pages.
OVERVIEW_PAGE_GROUPS = 5
#: The units named in the "not registered" box; the others are counted, and found in their group's table.
MISSING_SHOWN = 30


def _with_registration(memberships, campaign):
    """The memberships joined to their unit's registration of the plan as ``reg`` (none: the unit saved
    nothing)."""
    return memberships.annotate(reg=FilteredRelation("unit__registrations",
                                                     condition=Q(unit__registrations__campaign=campaign)))


def _state_counts(campaign, groups):
    """Each group's number of units per state (:data:`STATES`), counted in SQL over every member (one join, not
    a subquery per row and count): the page shows a few groups, its totals cover them all."""
    late_from = _late_from(campaign)
    submitted = Q(reg__status=Registration.Status.SUBMITTED)
    late = submitted & Q(reg__first_submitted_at__gte=late_from) if late_from else Q(pk__in=[])
    members = _with_registration(Membership.objects.filter(group__in=groups), campaign)
    counted = (members.order_by().values("group_id").annotate(
                   missing=Count("pk", filter=Q(reg__id__isnull=True)),
                   draft=Count("pk", filter=Q(reg__status=Registration.Status.DRAFT)),
                   late=Count("pk", filter=late),
                   on_time=Count("pk", filter=submitted & ~late) if late_from else Count("pk", filter=submitted)))
    return {row["group_id"]: {key: row[key] for key in STATES} for row in counted}


def _late_from(campaign):
    """The first moment a submission is late: the day after the deadline begins, in the city's time zone
    (``Registration.is_late``, as a bound SQL can compare)."""
    deadline = campaign.registration_deadline
    if deadline is None:
        return None
    return datetime.combine(deadline + timedelta(days=1), time.min, tzinfo=timezone.get_current_timezone())


def _rows(memberships, campaign):
    """The table rows of these memberships: plain rows, only what they show (at 1,000 units, building every
    membership, unit and group as a model was a third of the page: issue 14's profile). The registration is
    joined, its counts are subqueries on its key."""
    out = []
    for unit_id, group_id, unit_name, group_name, status, first, titles, people in (
            _with_registration(memberships, campaign)
            .annotate(reg_titles=_count_of(RegisteredTitle), reg_people=_count_of(RegisteredPerson))
            .in_display_order().select_related(None)
            .values_list("unit_id", "group_id", "unit__name", "group__name", "reg__status",
                         "reg__first_submitted_at", "reg_titles", "reg_people")):
        registration = None
        if status is not None:
            registration = Registration(campaign=campaign, unit_id=unit_id, status=status, first_submitted_at=first)
            registration.title_count, registration.people_count = titles, people
        membership = SimpleNamespace(unit_id=unit_id, group_id=group_id, unit=SimpleNamespace(name=unit_name),
                                     group=SimpleNamespace(name=group_name))
        out.append({"membership": membership, "registration": registration,
                    "state": registration_state_key(registration)})
    return out


def _count_of(model):
    """The number of ``model`` rows of the joined registration (``reg``), as a subquery."""
    return Coalesce(Subquery(model.objects.filter(registration=OuterRef("reg__id")).order_by()
                             .values("registration").annotate(n=Count("pk")).values("n")), 0)


@login_required
def overview(request, year):
    """The units of the groups the user reads, five groups a page (``&page=``), with their registration's
    state; ``?group=`` keeps one group. The counts and the "not registered" box cover every group shown, not
    only the page's."""
    campaign = get_campaign_for_user(request.user, year)
    groups = sorted(groups_seen(request.user, campaign), key=lambda g: sort_key(g.name))
    chosen = next((g for g in groups if str(g.pk) == request.GET.get("group")), None)
    shown = [chosen] if chosen else groups
    by_group = _state_counts(campaign, shown)
    empty = dict.fromkeys(STATES, 0)
    counts = {key: sum(by_group.get(g.pk, empty)[key] for g in shown) for key in STATES}
    page = Paginator(shown, OVERVIEW_PAGE_GROUPS).get_page(request.GET.get("page"))
    sections = {g.pk: [] for g in page.object_list}
    for row in _rows(Membership.objects.filter(group__in=page.object_list), campaign):
        sections[row["membership"].group_id].append(row)
    # The units not registered, in the list's order: only the first groups that hold MISSING_SHOWN of them.
    missing_groups, named = [], 0
    for group in shown:
        if named >= MISSING_SHOWN:
            break
        if by_group.get(group.pk, empty)["missing"]:
            missing_groups.append(group)
            named += by_group[group.pk]["missing"]
    missing = []
    if missing_groups:
        order = {g.pk: i for i, g in enumerate(missing_groups)}
        rows = _with_registration(Membership.objects.filter(group__in=missing_groups), campaign).filter(
            reg__id__isnull=True).in_display_order().select_related(None).values_list(
            "unit_id", "group_id", "unit__name", "group__name")
        missing = [{"membership": SimpleNamespace(unit_id=unit_id, unit=SimpleNamespace(name=unit_name),
                                                  group=SimpleNamespace(name=group_name))}
                   for unit_id, _group_id, unit_name, group_name in
                   sorted(rows, key=lambda r: order[r[1]])][:MISSING_SHOWN]
    return render(request, "awards/overview.html", {
        "campaign": campaign, "groups": groups, "chosen": chosen, "page": page,
        "page_query": urlencode({"group": chosen.pk}) if chosen else "",
        "sections": [(g, sections[g.pk], sum(by_group.get(g.pk, empty).values())) for g in page.object_list],
        "counts": [(key, STATES[key], counts[key]) for key in STATES],
        "total": sum(counts.values()),
        "missing": missing, "missing_count": counts["missing"],
        "missing_more": counts["missing"] - len(missing),
        "manages_titles": request.user.is_city_staff,
        "sees_rules": request.user.sees_everything,  # the meeting rules page (awards:settings)
    })


# --- a unit's registration -----------------------------------------------------------------------------------


def _context(request, year, unit_id):
    campaign = get_campaign_for_user(request.user, year)
    membership = get_member_for_user(request.user, campaign, unit_id)
    registration = registration_of(campaign, unit_id)
    rights = RegistrationRights.of(request.user, campaign, membership, registration)
    titles = list(Title.objects.filter(campaign=campaign))
    return campaign, membership, registration, rights, titles


def _page(request, campaign, membership, registration, rights, titles, *, form=None, formset=None,
          import_form=None, import_result=None, conflict=None, conflicted=False, status=200):
    collective = [t for t in titles if t.is_collective]
    individual = [t for t in titles if not t.is_collective]
    people = list(registration.people.select_related("title")) if registration else []
    chosen = set(registration.registered_titles.values_list("title_id", flat=True)) if registration else set()
    version = registration.version if registration else 0
    if rights.edit:
        if form is None:
            form = RegistrationForm(initial={"version": version, "titles": sorted(chosen)}, collective=collective)
        if formset is None:
            initial = [{"full_name": p.full_name, "position": p.position, "title": p.title_id} for p in people]
            extra = int(request.GET.get("rows", 0) or 0) if request.GET.get("rows", "").isdigit() else 0
            initial += [{}] * (BLANK_ROWS + min(extra, 50))
            formset = PersonFormSet(initial=initial, prefix="people", form_kwargs={
                "individual_choices": [(t.pk, t.name) for t in individual]})
        import_form = import_form or ImportForm(initial={"version": version})
    return render(request, "awards/registration.html", {
        "campaign": campaign, "membership": membership, "unit": membership.unit, "registration": registration,
        "rights": rights, "form": form, "formset": formset, "import_form": import_form,
        "import_result": import_result, "conflict": conflict, "conflicted": conflicted, "people": people,
        "chosen_titles": [t for t in collective if t.pk in chosen], "collective": collective,
        "individual": individual, "state": registration_state_key(registration),
        "reopen_form": ReopenForm() if rights.reopen else None,
    }, status=status)


@login_required
def registration(request, year, unit_id):
    """GET shows the registration (nothing is stored); POST saves the titles and people (the unit's officer)."""
    campaign, membership, reg, rights, titles = _context(request, year, unit_id)
    if request.method != "POST":
        return _page(request, campaign, membership, reg, rights, titles)
    rights.require("edit")
    collective = [t for t in titles if t.is_collective]
    form = RegistrationForm(request.POST, collective=collective)
    formset = PersonFormSet(request.POST, prefix="people", form_kwargs={
        "individual_choices": [(t.pk, t.name) for t in titles if not t.is_collective]})
    if not (form.is_valid() and formset.is_valid()):
        return _page(request, campaign, membership, reg, rights, titles, form=form, formset=formset, status=422)
    people = [row for row in (f.row() for f in formset.forms) if row is not None]
    try:
        services.save_registration(campaign, membership.unit, request.user, version=form.cleaned_data["version"],
                                   title_ids=form.cleaned_data["titles"], people=people)
    except services.Conflict as conflict:
        # Keep what this user typed; the version moves on, so saving again overwrites knowingly.
        data = request.POST.copy()
        data["version"] = conflict.current.version if conflict.current else 0
        form = RegistrationForm(data, collective=collective)
        form.is_valid()
        reg = registration_of(campaign, unit_id)
        return _page(request, campaign, membership, reg, rights, titles, form=form, formset=formset,
                     conflict=conflict.current, conflicted=True, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("awards:registration", year, unit_id)
    messages.success(request, _("Đã lưu bản đăng ký. Bản đăng ký chưa được nộp."))
    url = reverse("awards:registration", args=[year, unit_id])
    if "more" in request.POST:
        url += f"?rows={BLANK_ROWS}#people"
    return redirect(url)


@login_required
@require_POST
def submit(request, year, unit_id):
    campaign, membership, reg, rights, titles = _context(request, year, unit_id)
    rights.require("edit")
    if reg is None:
        messages.error(request, _("Chưa đăng ký danh hiệu tập thể hay cá nhân nào: hãy chọn danh hiệu rồi lưu "
                                  "trước khi nộp."))
        return redirect("awards:registration", year, unit_id)
    try:
        reg = services.submit(reg, request.user, version=int(request.POST.get("version") or 0))
    except services.Conflict:
        messages.error(request, _("Bản đăng ký vừa được người khác thay đổi. Hãy xem lại rồi nộp lại."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if reg.is_late:
            messages.warning(request, _("Đã nộp bản đăng ký sau hạn %(date)s: bản đăng ký được ghi nhận là nộp "
                                        "muộn.") % {"date": short_date(campaign.registration_deadline)})
        else:
            messages.success(request, _("Đã nộp bản đăng ký thi đua."))
    return redirect("awards:registration", year, unit_id)


@login_required
@require_POST
def reopen(request, year, unit_id):
    campaign, membership, reg, rights, titles = _context(request, year, unit_id)
    rights.require("reopen")
    form = ReopenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Cần nhập lý do mở lại."))
        services.reopen(reg, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã mở lại bản đăng ký; đơn vị có thể sửa và nộp lại."))
    return redirect("awards:registration", year, unit_id)


@login_required
@require_POST
def import_people(request, year, unit_id):
    """The people from an Excel file, all or nothing; the page lists every wrong row."""
    campaign, membership, reg, rights, titles = _context(request, year, unit_id)
    rights.require("edit")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, campaign, membership, reg, rights, titles, import_form=form, status=422)
    individual = [t for t in titles if not t.is_collective]
    result = excel.read_import(form.cleaned_data["file"], individual)
    if not result.ok:
        return _page(request, campaign, membership, reg, rights, titles, import_form=form, import_result=result,
                     status=422)
    try:
        services.replace_people(campaign, membership.unit, request.user, version=form.cleaned_data["version"],
                                people=result.people)
    except services.Conflict:
        messages.error(request, _("Bản đăng ký vừa được người khác thay đổi; chưa nhập tệp. Hãy xem lại rồi tải "
                                  "tệp lên lại."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã nhập %(n)s cá nhân từ tệp Excel. Bản đăng ký chưa được nộp.")
                         % {"n": len(result.people)})
    return redirect("awards:registration", year, unit_id)


@login_required
def template(request, year, unit_id):
    """The Excel template with the people saved now; for whoever may read the registration (a GET stores
    nothing)."""
    campaign = get_campaign_for_user(request.user, year)
    membership = get_member_for_user(request.user, campaign, unit_id)
    reg = registration_of(campaign, unit_id)
    people = list(reg.people.select_related("title")) if reg else []
    individual = list(Title.objects.filter(campaign=campaign).individual())
    return attachment(excel.template_workbook(campaign, membership.unit, people, individual),
                      excel.template_filename(campaign, membership.unit), XLSX_CONTENT_TYPE)
