"""The city overview's rows, written in Python by ``{% overview_rows %}``, are the HTML the template's loop wrote."""

import datetime

import pytest
from django.template import Context, Template
from django.test.html import parse_html

from evaluation import display
from tests.evaluation import states
from tests.factories import make_group

pytestmark = pytest.mark.django_db

# The loop the overview's template had before issue 14, kept to prove the tag writes the same HTML.
TEMPLATE_LOOP = """{% load i18n scores %}<table>
    <tbody>{% for r in rows %}<tr>
      <td class="unit-name"><a href="{% url 'evaluation:group' r.group.pk %}">{{ r.group.name }}</a><br><small class="muted">{{ r.group.get_kind_display }}</small></td>
      <td>{% if r.table %}<a href="{% url 'evaluation:table' r.table.pk %}">{{ r.table }}</a>{% else %}<span class="warn">{% translate "Chưa có bảng đã ban hành" %}</span>{% endif %}</td>
      {% if r.evaluation %}
      <td class="num">{{ r.evaluation.self_done }}/{{ r.evaluation.expected }}</td>
      <td class="num">{{ r.evaluation.cross_done }}/{{ r.evaluation.expected }}</td>
      <td class="num">{% if r.evaluation.self_late or r.evaluation.cross_late %}<span class="warn">{{ r.evaluation.self_late }} / {{ r.evaluation.cross_late }}</span>{% else %}0 / 0{% endif %}</td>
      <td>{% if r.evaluation.is_published %}<span class="ok">{% translate "Đã công bố" %}</span><br>{% for grade, count in r.evaluation.class_counts %}{% if count %}<small>{{ grade|class_label }}: {{ count }}</small>{% if not forloop.last %}<br>{% endif %}{% endif %}{% endfor %}{% else %}{% translate "Chưa công bố" %}{% endif %}</td>
      {% else %}<td colspan="4" class="muted">{% translate "Chưa mở chấm điểm" %}</td>{% endif %}
    </tr>{% endfor %}</tbody>
</table>"""


def same_html(rows):
    before = Template(TEMPLATE_LOOP).render(Context({"rows": rows}))
    after = Template("{% load scores %}<table><tbody>{% overview_rows rows %}</tbody></table>").render(
        Context({"rows": rows}))
    assert parse_html(after) == parse_html(before)
    return after


@pytest.mark.parametrize("state", [None, "opened", "self_done", "both_rounds", "published"])
def test_the_rows_are_the_templates(world, state):
    """A group not opened, one without a published table (the blocs), one open and late, one published."""
    make_group(world.c2024, "Khối <các sở> & ngành", kind="bloc", leader=world.loner)
    if state:
        getattr(states, state)(world)
    else:
        states.with_table(world)
    for today in (datetime.date(2024, 12, 1), datetime.date(2025, 2, 1)):
        rows = display.year_overview(world.c2024, today=today)["rows"]
        assert len(rows) >= 3
        html = same_html(rows)
        assert "&lt;các sở&gt; &amp; ngành" in html
    if state == "published":
        assert "Đã công bố" in html and "<small>Không hoàn thành: 3</small>" in html
    if state == "self_done":
        assert 'class="warn"' in html
