"""How the evaluation pages word points and classes: ``{% load scores %}{{ value|points }}``, ``|class_label``,
``|held_back``; the city overview's rows (``{% overview_rows rows %}``), the results' rows
(``{% result_rows result_rows own_unit_id %}``) and a group page's members (``{% member_rows states … %}``)."""

from types import SimpleNamespace

from django import template
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _

from common.translation import once_per_language
from groups.models import Group
from groups.templatetags.group_wording import role_badge

from .. import display
from ..scoring import points_text

register = template.Library()


@register.filter
def points(value):
    """Points as :func:`evaluation.scoring.points_text` words them (two decimals); nothing for no points."""
    if value is None or value == "":
        return ""
    return points_text(value)


@register.filter
def class_label(grade):
    return display.class_label(grade)


@register.filter
def held_back(criterion):
    return display.held_back_text(criterion)


@register.filter
def round_label(key):
    return display.round_label(key)


@register.simple_tag
def overview_rows(rows):
    """Every row of the city overview's table of groups (:class:`evaluation.display.GroupOverview`), the HTML the
    template's loop wrote. Written in Python: a city of 1,000 units has some 60 groups, and the loop (two
    ``{% url %}`` and a dozen filters a row) was most of the page's time (issue 14's profile)."""
    words = _overview_words()
    tables = {}  # a kind's table is in force for most of its groups: its link written once
    return mark_safe("".join(_overview_row(row, words, tables) for row in rows))


@once_per_language
def _overview_words():
    return SimpleNamespace(
        no_table=f'<span class="warn">{escape(_("Chưa có bảng đã ban hành"))}</span>',
        published=f'<span class="ok">{escape(_("Đã công bố"))}</span><br>',
        unpublished=escape(_("Chưa công bố")),
        not_open=f'<td colspan="4" class="muted">{escape(_("Chưa mở chấm điểm"))}</td>',
        classes={grade: escape(display.class_label(grade)) for grade in display.CLASS_LABELS},
        kinds={kind: escape(label) for kind, label in Group.Kind.choices},
    )


_SENTINEL = 2**31 - 1  # a pk no row has: one reverse() per page, the pk put in by replace


@once_per_language
def _overview_urls():
    return SimpleNamespace(group=reverse("evaluation:group", args=[_SENTINEL]),
                           table=reverse("evaluation:table", args=[_SENTINEL]))


def _count(value) -> str:
    """A count as ``{{ value }}`` writes it (localized; below 1,000 that is the digits)."""
    return str(value) if 0 <= value < 1000 else localize(value)


def _url(pattern, pk) -> str:
    return pattern.replace(str(_SENTINEL), str(pk))


def _overview_row(row, words, tables) -> str:
    urls = _overview_urls()
    group, table, evaluation = row.group, row.table, row.evaluation
    kind = words.kinds.get(group.kind)
    out = [f'<tr><td class="unit-name"><a href="{_url(urls.group, group.pk)}">{escape(group.name)}</a><br>'
           f'<small class="muted">{escape(group.get_kind_display()) if kind is None else kind}</small></td><td>']
    if table and table.pk not in tables:
        tables[table.pk] = f'<a href="{_url(urls.table, table.pk)}">{escape(table)}</a>'
    out.append(tables[table.pk] if table else words.no_table)
    out.append("</td>")
    if evaluation is None:
        out.append(words.not_open)
    else:
        expected = _count(evaluation.expected)
        out.append(f'<td class="num">{_count(evaluation.self_done)}/{expected}</td>'
                   f'<td class="num">{_count(evaluation.cross_done)}/{expected}</td><td class="num">')
        if evaluation.self_late or evaluation.cross_late:
            out.append(f'<span class="warn">{_count(evaluation.self_late)} / {_count(evaluation.cross_late)}</span>')
        else:
            out.append("0 / 0")
        out.append("</td><td>")
        if evaluation.is_published:
            out.append(words.published)
            last = len(evaluation.class_counts) - 1
            for i, (grade, count) in enumerate(evaluation.class_counts):
                if count:
                    out.append(f"<small>{words.classes.get(grade, '')}: {_count(count)}</small>")
                    if i != last:
                        out.append("<br>")
        else:
            out.append(words.unpublished)
        out.append("</td>")
    out.append("</tr>")
    return "".join(out)


@register.simple_tag
def result_rows(rows, own_unit_id=None):
    """Every row of a group's results table (:class:`evaluation.display.ResultRow`), the HTML the template's loop
    wrote: a group of 23 units × 3 sections had some 200 ``{% blocktranslate %}`` and 400 filters in the loop,
    most of the page's time after its queries (issue 14's profile)."""
    words = _result_words()
    return mark_safe("".join(_result_row(row, own_unit_id, words) for row in rows))


@once_per_language
def _result_words():
    return SimpleNamespace(self=_("tự chấm %(self)s"), cross=_("chéo %(cross)s"),
                           classes={grade: escape(display.class_label(grade)) for grade in display.CLASS_LABELS})


def _points_or_dash(value) -> str:
    """``{{ value|points|default:"—" }}``."""
    return "—" if value is None or value == "" else escape(points_text(value))


def _result_row(r, own_unit_id, words) -> str:
    mine = ' class="row-mine"' if r.sheet.unit_id == own_unit_id else ""
    out = [f'<tr{mine}><td class="num">{_count(r.rank)}</td><td class="unit-name">{escape(r.sheet.unit.name)}</td>']
    for self_points, cross_points, final_points in r.sections:
        out.append(f'<td class="num"><strong>{_points_or_dash(final_points)}</strong> '
                   f'<span class="eval-detail">{words.self % {"self": _points_or_dash(self_points)}}</span> '
                   f'<span class="eval-detail">{words.cross % {"cross": _points_or_dash(cross_points)}}</span></td>')
    out.append(f'<td class="num">{escape(points(r.self_total))}</td>'
               f'<td class="num">{_points_or_dash(r.cross_total)}</td>'
               f'<td class="num"><strong>{escape(points(r.total))}</strong></td>'
               f'<td class="eval-class">{words.classes.get(r.grade, "")}')
    if r.held_back_by:
        out.append(f'<small class="eval-detail-wrap warn">{escape(display.held_back_text(r.held_back_by))}</small>')
    out.append('</td><td class="eval-last-year">')
    if r.last_year:
        out.append(f"{escape(points(r.last_year.final_total))} · "
                   f"{words.classes.get(r.last_year.final_class, '')}")
    else:
        out.append("—")
    out.append("</td></tr>")
    return "".join(out)


@register.simple_tag
def member_rows(states, members, group_kind, may_assign=False, own_unit_id=None):
    """Every row of a group page's table of members (:class:`evaluation.display.MemberState`), the HTML the
    template's loop wrote: some forty nodes a member (and while scorers are assigned, a list of every other member
    in each row: 30 × 29 options) were most of the page's time after its queries (issue 14's profile)."""
    words = _member_words()
    urls = _member_urls()
    options = [(m.unit_id, f'<option value="{m.unit_id}"', f">{escape(m.unit.name)}</option>") for m in members]
    return mark_safe("".join(_member_row(i, s, group_kind, may_assign, own_unit_id, options, words, urls)
                             for i, s in enumerate(states, start=1)))


@once_per_language
def _member_words():
    return SimpleNamespace(
        yours=f'<span class="badge">{escape(_("Đơn vị của bạn"))}</span>',
        submitted=f'<span class="ok">✓ {escape(_("Đã nộp"))}</span>',
        scoring=f'<span class="muted">{escape(_("Đang chấm"))}</span>',
        late=f'<span class="warn">{escape(_("trễ hạn"))}</span>',
        scorer_for=_("Đơn vị chấm chéo cho %(unit)s"),
        unassigned_option=f'<option value="">{escape(_("— chưa phân công —"))}</option>',
        unassigned=f'<span class="muted">{escape(_("Chưa phân công"))}</span>',
        awaiting_self=f'<span class="muted">{escape(_("Chờ tự chấm"))}</span>',
        awaiting_scorer=f'<span class="warn">{escape(_("Chờ phân công"))}</span>',
        cross_score=escape(_("Chấm chéo")),
        no_sheet=f'<td colspan="7" class="muted">'
                 f'{escape(_("Không có phiếu chấm điểm (đơn vị vào cụm, khối sau khi mở chấm điểm)."))}</td>',
        classes={grade: escape(display.class_label(grade)) for grade in display.CLASS_LABELS},
    )


@once_per_language
def _member_urls():
    return SimpleNamespace(sheet=reverse("evaluation:sheet", args=[_SENTINEL]))


def _day(value) -> str:
    """``{{ value|date:"d/m/Y" }}`` (in the current time zone, as the template converts it)."""
    return escape(date_filter(template_localtime(value), "d/m/Y"))


def _member_row(counter, s, group_kind, may_assign, own_unit_id, options, words, urls) -> str:
    membership, sheet = s.membership, s.sheet
    unit_id, name = membership.unit_id, escape(membership.unit.name)
    mine = unit_id == own_unit_id
    out = ['<tr class="row-mine">' if mine else "<tr>", f"<td>{counter}</td><td class=\"unit-name\">"]
    if s.rights and s.rights.sees_self:
        out.append(f'<a href="{_url(urls.sheet, sheet.pk)}">{name}</a>')
    else:
        out.append(name)
    out.append(f" {role_badge(membership.role, group_kind)} ")
    if mine:
        out.append(words.yours)
    out.append("</td>")
    if not sheet:
        out.append(words.no_sheet)
        out.append("</tr>")
        return "".join(out)
    out.append("<td>")
    if sheet.self_submitted:
        out.append(f'{words.submitted} <small class="muted">{_day(sheet.self_submitted_at)}</small>')
    else:
        out.append(words.scoring)
    out.append(f" {words.late}</td><td>" if s.self_late else " </td><td>")
    if may_assign and not sheet.cross_submitted:
        label = escape(words.scorer_for % {"unit": membership.unit.name})
        out.append(f' <label class="visually-hidden" for="scorer-{unit_id}">{label}</label> '
                   f'<select name="scorer-{unit_id}" id="scorer-{unit_id}" form="assign-form"> '
                   f"{words.unassigned_option} ")
        for option_id, start, end in options:
            if option_id != unit_id:
                out.append(f"{start} selected{end}" if option_id == sheet.scorer_id else start + end)
        out.append(" </select> ")
    elif s.scorer_name:
        out.append(escape(s.scorer_name))
    else:
        out.append(words.unassigned)
    out.append("</td><td>")
    if sheet.cross_submitted:
        out.append(f'{words.submitted} <small class="muted">{_day(sheet.cross_submitted_at)}</small>')
    elif not sheet.self_submitted:
        out.append(words.awaiting_self)
    elif not sheet.scorer_id:
        out.append(words.awaiting_scorer)
    else:
        out.append(words.scoring)
    if s.cross_late:
        out.append(f" {words.late}")
    if s.rights and s.rights.cross_score:
        out.append(f' <a href="{_url(urls.sheet, sheet.pk)}">{words.cross_score}</a>')
    out.append(f'</td><td class="num">{_points_or_dash(s.self_total)}</td>'
               f'<td class="num">{_points_or_dash(s.cross_total)}</td>'
               f'<td class="num">{_points_or_dash(s.final_total)}</td>'
               f'<td>{words.classes.get(s.final_class) or "—"}</td></tr>')
    return "".join(out)
