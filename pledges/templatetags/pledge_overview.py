"""``{% overview_rows rows can_create %}``: the rows of the city's pledge overview, written in Python.

One row per bloc and cluster of the year (63 at a city of 1,000 units); the template loop with its lookups,
filters and ``{% translate %}`` per row was most of the page's time (issue 14's profile). The markup is the
loop's (tests/pledges/test_overview_rows.py compares them)."""

from html import escape
from types import SimpleNamespace

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from common.dates import short_date
from common.translation import once_per_language
from common.urls import url_of_pk
from groups.models import Group
from pledges.models import Pledge

from .pledge_grid import _csrf_input

register = template.Library()


@once_per_language
def _words():
    return SimpleNamespace(
        amended=_("sửa đổi lần %(n)s"), not_made=escape(_("Chưa lập")), to_sign=escape(_("Chờ ký")),
        to_fill=escape(_("Chờ nhập chỉ tiêu")), filled=escape(_("Đủ chỉ tiêu, chờ trưởng cụm, khối mở ký kết")),
        to_draft=escape(_("Chờ trưởng cụm, khối lập giao ước")), draft_button=escape(_("Lập dự thảo giao ước")),
        # The labels get_kind_display and get_status_display answer, looked up once (each call of those
        # rebuilds the choices' dict and translates every label: a fifth of the page's time at 63 groups).
        kinds={value: escape(str(label)) for value, label in Group.Kind.choices},
        statuses={value: escape(str(label)) for value, label in Pledge.Status.choices},
    )


def _names(units) -> str:
    return ", ".join(escape(unit.name) for unit in units)


@register.simple_tag(takes_context=True)
def overview_rows(context, rows, can_create):
    """The rows (:class:`pledges.overview.GroupStatus`): the group and its pledge, the status, who signed, and
    whom the pledge waits on (or the button that drafts it, for those who may)."""
    words = _words()
    csrf_input = _csrf_input(context) if can_create else ""
    detail_url, create_url = url_of_pk("pledges:detail"), url_of_pk("pledges:create")
    html = []
    for row in rows:
        group, pledge = row.group, row.pledge
        name = escape(group.name)
        if pledge:
            name = f'<a href="{escape(detail_url(pledge.pk))}">{name}</a>'
        kind = words.kinds.get(group.kind, escape(group.kind))
        if pledge and pledge.version > 1:
            kind += " · " + escape(words.amended % {"n": pledge.version - 1})
        if pledge:
            status = (f'<span class="badge badge-pledge-{escape(row.status)}">'
                      f'{words.statuses.get(pledge.status, escape(pledge.status))}</span>')
        else:
            status = f'<span class="muted">{words.not_made}</span>'
        if row.is_open:
            waiting = f"{words.to_sign}: {_names(row.waiting_on)}"
        elif row.is_draft:
            waiting = f"{words.to_fill}: {_names(row.waiting_on)}" if row.waiting_on else words.filled
        elif row.has_no_pledge:
            waiting = words.to_draft
            if can_create:
                action = escape(create_url(group.pk))
                waiting += (f'\n<form method="post" novalidate action="{action}" class="inline-form">{csrf_input}\n'
                            f'<button type="submit" class="button button-small button-primary">{words.draft_button}'
                            '</button></form>')
        else:
            waiting = f'<span class="ok">✓ {escape(short_date(pledge.signed_at))}</span>'
        html.append(f'<tr>\n<td>{name}\n<br><small class="muted">{kind}</small></td>\n<td>{status}</td>\n'
                    f'<td class="num">{row.signed_count}/{row.member_count}</td>\n<td>{waiting}</td>\n</tr>')
    return mark_safe("\n".join(html))
