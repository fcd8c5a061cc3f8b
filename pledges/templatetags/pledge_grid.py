"""``{% grid_cells row.cells %}`` and ``{% grid_cell cell %}``: the pledge grid's cells, written in Python.

A group of 30 members × 30 lines has 900 cells; a template partial per cell was most of the pledge page's time
(issue 14's profile). The markup is the one the partial had — the page and the htmx answer of a saved cell
(the ``cell`` partial of ``pledges/pledge_detail.html``) both use :func:`cell_html`, so they cannot drift apart."""

from html import escape
from types import SimpleNamespace

from django import template
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.translation import once_per_language
from pledges import wording

register = template.Library()


@once_per_language
def _words():
    return SimpleNamespace(
        not_chosen=escape(_("— chưa chọn —")), done=escape(_("Hoàn thành")), not_applicable=escape(_("Không áp dụng")),
        saved=escape(_("Đã lưu")), not_entered=escape(_("Chưa nhập")),
        no_line=escape(_("Không áp dụng với đơn vị này")), enough=escape(_("đủ")),
    )


def _csrf_input(context) -> str:
    request = context.get("request")
    token = context.get("csrf_token") or (get_token(request) if request is not None else "")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(token))}">'


def cell_html(cell, words, csrf_input: str) -> str:
    """One cell (:class:`pledges.grid.Cell`) of the grid; ``None`` is a line that does not apply to the unit."""
    if cell is None:
        return f'<td class="cell cell-none"><span class="muted" title="{words.no_line}">·</span></td>'
    line = cell.line
    classes = "cell" + (f" cell-{escape(cell.state)}" if cell.state else "") + (" cell-editable" if cell.editable else "")
    opening = f'<td class="{classes}" id="cell-{line.pk}-{cell.unit_id}">'
    if cell.editable:
        url = escape(cell.url)
        label = escape(f"{line.code} – {cell.unit_name}")
        if line.is_done_kind:
            def option(value, text):
                return f'<option value="{value}" {"selected" if cell.text == value else ""}>{text}</option>'

            field = (f'<select name="value" aria-label="{label}" data-grid-input>'
                     f'<option value="" {"" if cell.text else "selected"}>{words.not_chosen}</option>'
                     f'{option("x", words.done)}{option("-", words.not_applicable)}</select>')
        else:
            invalid = ' aria-invalid="true"' if cell.message else ""
            field = (f'<input type="text" name="value" value="{escape(cell.text)}" inputmode="decimal" '
                     f'autocomplete="off" data-grid-input aria-label="{label}"{invalid}>')
        body = (f'<form method="post" novalidate action="{url}" hx-post="{url}" hx-trigger="change" '
                f'hx-target="closest td" hx-swap="outerHTML">{csrf_input}'
                f'<input type="hidden" name="version" value="{cell.version}">{field}</form>')
        if cell.state == "saved":
            body += f' <span class="cell-note" role="status">✓ {words.saved}</span>'
        if cell.message:
            body += f' <p class="cell-note cell-message" role="alert">{escape(str(cell.message))}</p>'
    elif cell.is_not_applicable:
        body = f'<span class="muted cell-words">{escape(wording.target_text(line, cell.target))}</span>'
    elif cell.is_set:
        text = escape(wording.target_text(line, cell.target))
        body = f'<span class="cell-words"><span aria-hidden="true">✓</span> {text}</span>' if line.is_done_kind else text
    else:
        body = f'<span class="muted" title="{words.not_entered}">…</span>'
    return f"{opening}{body}</td>"


@register.simple_tag(takes_context=True)
def grid_cells(context, cells):
    words, csrf_input = _words(), _csrf_input(context)
    return mark_safe("".join(cell_html(cell, words, csrf_input) for cell in cells))


@register.simple_tag(takes_context=True)
def grid_cell(context, cell):
    return mark_safe(cell_html(cell, _words(), _csrf_input(context)))


@register.simple_tag
def unit_completeness(completeness, oob=False):
    """How many of a member's targets are filled in (:class:`pledges.services.MemberCompleteness`), under its
    column's head and, ``oob``, swapped out of band after a saved cell. In Python: once per member of a 30-unit
    grid, the template partial it was cost more than the grid's 900 cells."""
    unit_id = int(completeness.membership.unit_id)
    swap = ' hx-swap-oob="true"' if oob else ""
    if completeness.is_complete:
        return mark_safe(f'<small id="completeness-{unit_id}" class="ok"{swap}>✓ {_words().enough}</small>\n')
    return mark_safe(f'<small id="completeness-{unit_id}" class="warn"{swap}>'
                     f'{int(completeness.filled)}/{int(completeness.required)}</small>\n')
