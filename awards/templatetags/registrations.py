"""How registration pages word a state: ``{% load registrations %}{{ key|state_label }}``."""

from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper per call

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from ..wording import STATES

register = template.Library()

#: A unit id no unit has, replaced in the one reversed URL by each row's.
_UNIT = 987654321


@register.simple_tag
def registration_rows(rows, year):
    """The rows of a group's table on the city list (``awards:overview``): the unit and its link, the state,
    the first submission's date, the counts of titles and people.

    Written in Python, not as a ``{% for %}`` in the template: at 1,000 units the template loop with a URL
    tag and five filters per row was most of the page's time (issue 14's profile, like
    ``progress.templatetags.charts.matrix_cells``). The test renders both and compares them."""
    link = reverse("awards:registration", args=[year, _UNIT])
    labels = {key: escape(str(label)) for key, label in STATES.items()}
    zone = timezone.get_current_timezone()
    out = []
    for row in rows:
        membership, registration, state = row["membership"], row["registration"], row["state"]
        submitted = registration.first_submitted_at if registration is not None else None
        out.append(
            '<tr>\n      <td class="unit-name"><a href="{href}">{name}</a></td>\n'
            '      <td><span class="badge badge-registration-{state}">{label}</span></td>\n'
            '      <td>{date}</td>\n      <td class="num">{titles}</td>\n      <td class="num">{people}</td>\n'
            '    </tr>'.format(
                href=escape(link.replace(str(_UNIT), str(membership.unit_id))), name=escape(membership.unit.name),
                state=escape(state), label=labels.get(state, ""),
                date=submitted.astimezone(zone).strftime("%d/%m/%Y") if submitted else "—",
                titles=(registration.title_count or 0) if registration is not None else 0,
                people=(registration.people_count or 0) if registration is not None else 0))
    return mark_safe("".join(out))


@register.filter
def state_label(key):
    return str(STATES.get(key, ""))
