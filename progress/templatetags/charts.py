"""Server-rendered charts of the dashboards, as inline SVG that prints and reads without JavaScript.

Every chart names itself (``role="img"`` with a ``<title>`` and an ``aria-label`` that says what it shows) and
writes its values on the marks, so neither colour nor a screen is needed to read it; the bar chart also comes
with its numbers as a table for screen readers. Percent values are shown capped (:func:`displayed`).
"""

import textwrap
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape
from types import SimpleNamespace

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from common.numbers import PERCENT_PLACES, as_decimal, format_number, format_percent
from common.translation import once_per_language
from common.urls import url_of_pk
from groups import wording as group_wording
from groups.models import Group, Membership
from progress import attainment as rules
from progress.wording import actual_text, report_state

register = template.Library()

STATUS_ICONS = {rules.ACHIEVED: "★", rules.ON_TRACK: "✓", rules.AT_RISK: "⚠\ufe0e", rules.BEHIND: "✗"}
NBSP = "\u00a0"

# Bar chart geometry, in pixels; horizontal positions are percentages of the chart's width, so the chart
# takes the width of the page while its text keeps its size.
BAR_TOP = 28          # room for the label of the on-track mark
BAR_NAME_LINE = 16    # a row: the name on one or two lines, the bar under it
BAR_GAP = 12
BAR_HEIGHT = 20
LABEL_INSIDE_FROM = 50   # a bar at least this long carries its label inside
NAME_CHARS = 44          # long Vietnamese names wrap on two lines, so they fit a phone's width

SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 132, 36, 5


def percent_text(value, cap: bool = True) -> str:
    """72.45 → "72,5 %", 100 → "100,0 %" (capped at 100 % unless ``cap`` is false; rounded once, half up, by
    :func:`common.numbers.format_percent`, as the PDF and the workbooks round); None → ""."""
    if value is None or value == "":
        return ""
    value = as_decimal(value)
    return format_percent(rules.displayed(value) if cap else value)


@register.filter
def pct(value):
    """``{{ report.attainment|pct }}`` → "72,5 %", capped at 100 %."""
    return percent_text(value)


@register.filter
def pct_uncapped(value):
    return percent_text(value, cap=False)


@register.filter
def over_cap(value) -> bool:
    """True when the capped display hides a higher attainment (the title then says the real one)."""
    return value is not None and Decimal(value) > rules.DISPLAY_CAP


@register.filter
def status_label(status):
    return rules.status_label(status)


@register.filter
def status_icon(status):
    return STATUS_ICONS.get(status, "")


@register.simple_tag
def matrix_cell(value):
    """One cell of a group's members × targets matrix: the actual and the attainment, coloured by status, with
    the status also as an icon and as text for screen readers. ``value`` is an object or a dict."""
    return mark_safe(_cell_html(value, _cell_words()))


@register.simple_tag
def matrix_cells(cells):
    """Every cell of one member's row of the group matrix (:class:`progress.dashboards.Cell`): a line that does
    not apply to the unit, a value not reported, or :func:`matrix_cell`.

    Written in Python, not as a ``{% for %}`` over cells in the template: a group of 30 units × 30 targets has
    900 cells, and the template loop with a tag per cell was most of the page's time (issue 14's profile)."""
    words = _cell_words()
    return mark_safe("".join(
        words.not_applicable if not cell.applies else words.not_reported if not cell.value
        else _cell_html(cell.value, words)
        for cell in cells
    ))


@once_per_language
def _cell_words():
    """The translated words of a matrix cell, once per language (not once per cell), already escaped: a cell
    adds to them only numbers written by :func:`_number` (digits, dots, commas: nothing to escape) and its
    escaped note."""
    implausible = implausible_text()
    return SimpleNamespace(
        done_title=escape(_("Chỉ tiêu hoàn thành / không hoàn thành")),
        title=escape(_("Cam kết %(target)s, thực hiện %(actual)s")),
        real=" · " + escape(_("mức đạt thực tế %(real)s")),
        implausible=" · " + escape(implausible),
        implausible_mark=str(implausible_mark(True)),
        not_applicable=('<td class="dash-cell dash-na"><span aria-hidden="true">·</span><span class="visually-hidden">'
                        f'{escape(_("không áp dụng"))}</span></td>'),
        not_reported=(f'<td class="dash-cell dash-na" title="{escape(_("Không áp dụng"))}">—'
                      f'<span class="visually-hidden">{escape(_("không áp dụng"))}</span></td>'),
        status={status: (STATUS_ICONS.get(status, ""), escape(rules.status_label(status)))
                for status in [*rules.STATUS_ORDER, None]},
        done={True: escape(actual_text(rules.DONE, done=True)), False: escape(actual_text(rules.DONE, done=False)),
              None: ""},
    )


_ONE = Decimal(1)
_DOT_COMMA = str.maketrans(",.", ".,")
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(7)}


def _number(value, places=None) -> str:
    """:func:`common.numbers.format_number` (grouped, decimal comma) for the Decimals of a cell, without its
    conversions: 900 cells write about 3,500 numbers. Anything but a Decimal goes to ``format_number``;
    ``tests/progress/test_matrix_cells.py`` checks both give the same text."""
    if type(value) is not Decimal:
        return format_number(value, places=places)
    if places is not None:
        number = value.quantize(_QUANTA.get(places) or _ONE.scaleb(-places), rounding=ROUND_HALF_UP)
    elif value == value.to_integral_value():
        number = value.quantize(_ONE)
    else:
        number = value.normalize()
    if not number:
        number = abs(number)   # no "-0"
    return format(number, ",f").translate(_DOT_COMMA)


def _percent(value) -> str:
    """:func:`percent_text` (capped) of a Decimal, by :func:`_number`."""
    return _number(min(value, rules.DISPLAY_CAP), places=PERCENT_PLACES) + NBSP + "%"


#: What a cell reads of a value given as an object (the unit dashboard's cells are dicts too).
_CELL_FIELDS = {"direction": None, "target_value": None, "actual": None, "attainment": None, "note": "",
                "done": None, "status": None, "confirmed": False, "places": None}


def _cell_html(value, words) -> str:
    if not isinstance(value, dict):
        value = {key: getattr(value, key, default) for key, default in _CELL_FIELDS.items()}
    get = value.get
    direction, attainment, status = value["direction"], value["attainment"], get("status")
    confirmed, note = get("confirmed"), get("note")
    done_line = direction == rules.DONE
    if done_line:
        title = words.done_title
    else:
        title = words.title % {"target": _number(value["target_value"]), "actual": _number(value["actual"])}
    if attainment is not None and attainment > rules.DISPLAY_CAP:
        title += words.real % {"real": _number(attainment, places=PERCENT_PLACES) + NBSP + "%"}
    if confirmed:
        title += words.implausible
    if note:
        title += " · " + escape(note)
    icon, label = words.status.get(status) or ("", "")
    if done_line:
        body = f'<span class="dash-actual">{words.done[get("done")]}</span>'
        if status:
            body += f'<span class="dash-pct"><span aria-hidden="true">{icon}</span> {label}</span>'
    else:
        actual = value["actual"]
        shown = _number(actual, places=get("places")) if actual is not None else ""
        body = f'<span class="dash-actual">{shown}{words.implausible_mark if confirmed else ""}</span>'
        if attainment is not None:
            body += (f'<span class="dash-pct"><span aria-hidden="true">{icon}</span> '
                     f'{_percent(attainment)}<span class="visually-hidden"> – {label}</span></span>')
    return f'<td class="num dash-cell dash-s-{escape(status or "none")}" title="{title}">{body}</td>'


def _url_of_unit(name: str, **fixed):
    """``_url_of_unit("progress:report", period_pk=3)(unit_pk)``: a URL whose only varying argument is the unit,
    resolved once per table (as :func:`common.urls.url_of_pk`, with the other arguments fixed)."""
    before, after = reverse(name, kwargs={**fixed, "unit_pk": _SENTINEL}).split(str(_SENTINEL))
    return lambda pk: f"{before}{int(pk)}{after}"


_SENTINEL = 987654321


@register.simple_tag
def matrix_head(lines):
    """The column headers of the group matrix, one per pledge line: code, "lower is better" badge, short name
    (the full name and measure unit in the title). In Python for the reason of :func:`matrix_cells`."""
    words = _matrix_words()
    html = []
    for line in lines:
        title = line.name + (f" ({line.measure_unit})" if line.measure_unit else "")
        html.append(f'<th scope="col" class="num dash-line" title="{escape(title)}">\n'
                    f'<span class="code">{escape(line.code)}</span>{words.lower if line.direction == rules.LOWER else ""}\n'
                    f'<small class="dash-line-name">{escape(Truncator(line.name).chars(40))}</small></th>')
    return mark_safe("".join(html))


@register.simple_tag
def matrix_rows(dashboard, period, year):
    """The body rows of the group matrix (:class:`progress.dashboards.MemberRow`): the unit with its links and
    role, then its cells and average, or its report's state across the row when it has not submitted."""
    words = _matrix_words()
    report_url = _url_of_unit("progress:report", period_pk=period.pk)
    unit_url = _url_of_unit("progress:unit", year=year)
    kind = dashboard.group.kind
    colspan = len(dashboard.lines) + 1
    badges = {}
    html = []
    for row in dashboard.rows:
        membership = row.membership
        role = membership.role
        if role not in badges:
            badges[role] = "" if role == Membership.Role.MEMBER else (
                f'<span class="badge badge-{escape(role)}">{escape(group_wording.role_label(role, kind))}</span>')
        head = (f'<tr>\n<th scope="row" class="dash-sticky dash-unit">\n'
                f'<a href="{escape(report_url(membership.unit_id))}">{escape(membership.unit.name)}</a>\n'
                f'{badges[role]}\n'
                f'<a class="small-link" href="{escape(unit_url(membership.unit_id))}">{words.whole_year}</a>\n</th>\n')
        if row.submitted:
            body = (f'{matrix_cells(row.cells)}\n'
                    f'<td class="num dash-avg">{pct_status(row.average, row.status)}</td>\n')
        else:
            report = row.report
            badge = ("badge badge-pledge-draft" if report is not None and report.is_draft
                     else "badge badge-retired" if report is not None and report.is_returned else "")
            body = (f'<td class="dash-missing" colspan="{colspan}"><span class="dash-missing-text">\n'
                    f'<span class="{badge}">{escape(report_state(row.report_status or None))}</span>\n'
                    f'{words.overdue if row.late else ""}</span>\n</td>\n')
        html.append(f"\n{head}{body}</tr>")
    return mark_safe("".join(html))


@register.simple_tag
def matrix_foot(column_averages):
    """The group matrix's footer cells: each line's average with its status."""
    return mark_safe("".join(f'<td class="num dash-avg">{pct_status(average, status)}</td>'
                             for _line, average, status in column_averages))


@once_per_language
def _matrix_words():
    """The translated words of the group matrix's headers and rows, once per language."""
    lower = escape(_("Càng thấp càng tốt"))
    return SimpleNamespace(
        lower=(f' <span class="badge badge-lower" title="{lower}">↓<span class="visually-hidden"> '
               f'{escape(_("càng thấp càng tốt"))}</span></span>'),
        whole_year=escape(_("Diễn biến cả năm")),
        overdue=f'<strong class="warn">· {escape(_("quá hạn"))}</strong>',
    )


@register.simple_tag
def city_rows(rows, period, is_past_deadline):
    """The rows of the city dashboard's table of blocs and clusters (:class:`progress.dashboards.GroupRow`).

    Written in Python, not as a ``{% for %}`` in the template, for the reason of :func:`matrix_cells`: at 63
    groups the loop's lookups, filters and ``{% translate %}`` per cell were most of the page's time."""
    words = _city_words()
    group_url = url_of_pk("progress:group")
    html = []
    for row in rows:
        group = row.group
        url = escape(group_url(group.pk))
        cells = [f'<tr>\n<th scope="row" class="dash-group-name"><a href="{url}?period={period.pk}">'
                 f'{escape(group.name)}</a>\n<small class="muted">{words.kinds.get(group.kind, escape(group.kind))}</small></th>']
        if not row.signed:
            cells.append(words.unsigned)
        else:
            cells.append(f'<td class="num" data-label="{words.submitted}"><span>{format_number(row.submitted)}/'
                         f'{format_number(row.expected)}</span></td>')
            if row.average is not None:
                title = (f' title="{escape(words.real % {"value": percent_text(row.average, cap=False)})}"'
                         if over_cap(row.average) else "")
                icon, label = words.status[row.status]
                average = (f'<span{title}>{escape(percent_text(row.average))}</span>\n'
                           f'<span class="dash-status dash-s-{escape(row.status or "")}"><span aria-hidden="true">'
                           f'{icon}</span> {label}</span>')
            else:
                average = words.no_average
            cells.append(f'<td class="num" data-label="{words.average}"><span>{average}</span></td>')
            cells.append(f'<td class="num" data-label="{words.behind}"><span>{format_number(row.behind)}</span></td>')
            if not is_past_deadline:
                late = words.not_due
            elif row.late:
                late = f'<strong class="warn">{format_number(row.late)}</strong>'
            else:
                late = "0"
            cells.append(f'<td class="num" data-label="{words.late}"><span>{late}</span></td>')
        html.append("\n".join(cells) + "\n</tr>")
    return mark_safe("\n".join(html))


@once_per_language
def _city_words():
    """The translated words of the city table's rows, once per language."""
    return SimpleNamespace(
        unsigned=f'<td colspan="4" class="dash-unsigned">{escape(_("Chưa ký kết giao ước: chưa phải báo cáo tiến độ"))}'
                 '</td>',
        submitted=escape(_("Đã nộp / phải nộp")), average=escape(_("Mức đạt trung bình")),
        behind=escape(_("Đơn vị chậm")), late=escape(_("Nộp muộn")),
        real=_("Mức đạt thực tế %(value)s"),
        no_average=f'<span class="muted">{escape(_("chưa có"))}</span>',
        not_due=f'<span class="muted">{escape(_("chưa đến hạn"))}</span>',
        status={status: (STATUS_ICONS.get(status, ""), escape(rules.status_label(status)))
                for status in [*rules.STATUS_ORDER, None]},
        # What get_kind_display answers, looked up once (each call rebuilds the choices and translates them).
        kinds={value: escape(str(label)) for value, label in Group.Kind.choices},
    )


@register.simple_tag
def pct_status(value, status):
    """An average with its status (colour, icon, and the word for screen readers), or "—" when there is none;
    the real value in the title when the shown one is capped. Once per row of the dashboards' tables, so in
    Python (it was the template ``progress/dashboard_pct.html``, included per row)."""
    if value is None:
        return mark_safe('<span class="muted">—</span>')
    words = _city_words()
    icon, label = words.status.get(status) or ("", "")
    title = f' title="{escape(words.real % {"value": percent_text(value, cap=False)})}"' if over_cap(value) else ""
    return mark_safe(f'<span class="dash-status dash-s-{escape(status or "none")}"{title}><span aria-hidden="true">'
                     f'{icon}</span> {escape(percent_text(value))}<span class="visually-hidden"> – {label}</span></span>')


def implausible_text() -> str:
    return _("Giá trị bất thường, đã xác nhận")


def implausible_mark(confirmed: bool):
    """The ⚠ beside a value confirmed although implausible (see :func:`progress.attainment.is_implausible`),
    said in words for screen readers and in its title."""
    if not confirmed:
        return ""
    return format_html(' <span class="dash-implausible" title="{}"><span aria-hidden="true">⚠</span>'
                       '<span class="visually-hidden"> {}</span></span>', implausible_text(), implausible_text())


@register.inclusion_tag("progress/dashboard_legend.html")
def status_legend():
    return {"statuses": [(s, STATUS_ICONS[s], rules.status_label(s)) for s in rules.STATUS_ORDER]}


@dataclass
class Bar:
    """One bar: ``value`` is the uncapped attainment (None: no bar, ``note`` says why)."""

    label: str
    value: Decimal | None
    status: str | None = None
    note: str = ""


def _n(number) -> str:
    """A coordinate as SVG wants it: a dot for decimals, never localised ("62,5" would break the drawing)."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _name_lines(text: str, width: int = NAME_CHARS) -> list[str]:
    """A name on at most two lines of about ``width`` characters, cut with "…" beyond (the full name is in
    the row's title and in the table)."""
    lines = textwrap.wrap(text, width) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), width, placeholder=" …")]
    return lines


@register.inclusion_tag("progress/dashboard_chart_bars.html")
def bar_chart(bars, title, mark=None, mark_label="", chart_id="bars"):
    """A horizontal bar per item, 0–100 % (capped), with the on-track ``mark`` (a percentage) as a dashed
    line. ``bars``: :class:`Bar` items. The bars and the table that says them to screen readers are written
    here, in Python (a city's 63 bars through the template were a fifth of its dashboard's time)."""
    marks, rows = [], []
    top = BAR_TOP
    height_text = _n(BAR_HEIGHT)
    for bar in bars:
        names = _name_lines(bar.label)
        bar_y = top + len(names) * BAR_NAME_LINE + 4
        shown = rules.displayed(bar.value)
        width = float(max(shown, Decimal(0))) if shown is not None else None
        value_text = word = ""
        if bar.value is not None:
            value_text = percent_text(bar.value)
            if bar.status:
                value_text += f" {STATUS_ICONS[bar.status]}"
                word = status_label(bar.status)
        tooltip = f"{bar.label}: {value_text} {word}" if value_text else f"{bar.label}: {bar.note}"
        y, text_y = _n(bar_y), _n(bar_y + BAR_HEIGHT / 2 + 4.5)
        parts = [f'<g class="dash-bar-row">\n<title>{escape(tooltip)}</title>']
        parts.extend(f'<text class="dash-bar-name" x="0" y="{_n(top + (j + 1) * BAR_NAME_LINE - 3)}">{escape(name)}'
                     '</text>' for j, name in enumerate(names))
        parts.append(f'<rect class="dash-bar-track" x="0" y="{y}" width="100%" height="{height_text}"></rect>')
        if width is not None:
            inside = width >= LABEL_INSIDE_FROM
            word_html = f'<tspan class="dash-bar-word"> {escape(word)}</tspan>' if word else ""
            parts.append(
                f'<rect class="dash-bar dash-fill-{escape(bar.status or "none")}" x="0" y="{y}" width="{_n(width)}%" '
                f'height="{height_text}"></rect>\n<text class="dash-bar-value{" dash-inside" if inside else ""}" '
                f'x="{_n(width)}%" dx="{"-6" if inside else "6"}" y="{text_y}" '
                f'text-anchor="{"end" if inside else "start"}">{escape(value_text)}{word_html}</text>')
        else:
            parts.append(f'<text class="dash-bar-note" x="8" y="{text_y}">{escape(bar.note)}</text>')
        marks.append("\n".join(parts) + "\n</g>")
        said = f"{value_text} {word}" if value_text else bar.note
        rows.append(f'<tr><th scope="row">{escape(bar.label)}</th><td>{escape(said)}</td></tr>')
        top = bar_y + BAR_HEIGHT + BAR_GAP
    height = top
    mark = float(mark) if mark is not None else None
    return {
        "bars_html": mark_safe("".join(marks)), "table_html": mark_safe("".join(rows)),
        "title": title, "height": _n(height), "chart_id": chart_id,
        "mark": None if mark is None else _n(mark), "mark_label": mark_label,
        "mark_end": mark is not None and mark > 60,
        "summary": _("%(title)s: %(n)s thanh; số liệu của biểu đồ ở bảng ngay sau.")
        % {"title": title, "n": len(rows)},
    }


@register.inclusion_tag("progress/dashboard_chart_sparkline.html")
def sparkline(values, labels, title=""):
    """A small line of attainment over the periods: ``values`` (uncapped, None where nothing was submitted)
    against ``labels`` (period names). Gaps are left open; the dashed line is 100 %."""
    values, labels = list(values), [str(label) for label in labels]
    n = len(values)
    inner_w, inner_h = SPARK_WIDTH - 2 * SPARK_PAD, SPARK_HEIGHT - 2 * SPARK_PAD
    step = inner_w / (n - 1) if n > 1 else 0
    points, segments, current = [], [], []
    for i, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
            continue
        x = SPARK_PAD + (i * step if n > 1 else inner_w / 2)
        y = SPARK_PAD + inner_h * (1 - float(rules.displayed(max(Decimal(value), Decimal(0)))) / 100)
        points.append({"x": _n(x), "y": _n(y), "last": False})
        current.append(f"{x:.1f},{y:.1f}")
    if current:
        segments.append(current)
    if points:
        points[-1]["last"] = True       # the latest value stands out
    described = "; ".join(
        f"{label}: {percent_text(value) if value is not None else _('chưa có số liệu')}"
        for label, value in zip(labels, values, strict=True)
    )
    return {
        "width": _n(SPARK_WIDTH), "height": _n(SPARK_HEIGHT), "pad": _n(SPARK_PAD),
        "right": _n(SPARK_WIDTH - SPARK_PAD), "bottom": _n(SPARK_HEIGHT - SPARK_PAD), "points": points,
        "segments": [" ".join(s) for s in segments if len(s) > 1],
        "label": f"{title}: {described}" if title else described,
        "empty": not points,
    }
