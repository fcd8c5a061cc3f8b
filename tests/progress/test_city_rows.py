"""The city table's rows written in Python (issue 14): the same markup as the template loop they replace, for
every kind of row, text escaped."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines
from django.test.html import parse_html

from groups.models import Group
from progress.dashboards import GroupRow
from progress.templatetags.charts import city_rows, pct_status

# The loop of progress/dashboard_city.html before issue 14, kept as the reference the tag must match.
TEMPLATE_LOOP = """{% load i18n thidua charts %}{% for row in dashboard.rows %}
        <tr>
          <th scope="row" class="dash-group-name"><a href="{% url 'progress:group' row.group.pk %}?period={{ period.pk }}">{{ row.group.name }}</a>
            <small class="muted">{{ row.group.get_kind_display }}</small></th>
          {% if not row.signed %}<td colspan="4" class="dash-unsigned">{% translate "Chưa ký kết giao ước: chưa phải báo cáo tiến độ" %}</td>{% else %}
          <td class="num" data-label="{% translate 'Đã nộp / phải nộp' %}"><span>{{ row.submitted|number }}/{{ row.expected|number }}</span></td>
          <td class="num" data-label="{% translate 'Mức đạt trung bình' %}"><span>{% if row.average is not None %}<span{% if row.average|over_cap %} title="{% blocktranslate with value=row.average|pct_uncapped %}Mức đạt thực tế {{ value }}{% endblocktranslate %}"{% endif %}>{{ row.average|pct }}</span>
            <span class="dash-status dash-s-{{ row.status }}"><span aria-hidden="true">{{ row.status|status_icon }}</span> {{ row.status|status_label }}</span>{% else %}<span class="muted">{% translate "chưa có" %}</span>{% endif %}</span></td>
          <td class="num" data-label="{% translate 'Đơn vị chậm' %}"><span>{{ row.behind|number }}</span></td>
          <td class="num" data-label="{% translate 'Nộp muộn' %}"><span>{% if dashboard.is_past_deadline %}{% if row.late %}<strong class="warn">{{ row.late|number }}</strong>{% else %}0{% endif %}{% else %}<span class="muted">{% translate "chưa đến hạn" %}</span>{% endif %}</span></td>{% endif %}
        </tr>{% endfor %}"""


def rows():
    def group(pk, name, kind=Group.Kind.CLUSTER):
        return Group(pk=pk, name=name, kind=kind)

    return [
        GroupRow(group(1, "Cụm thi đua số 1 <các quận> & huyện"), 12, True, submitted=12, average=Decimal("72.45"),
                 behind=3, late=2, status="at_risk", uncapped=Decimal("72.45")),
        GroupRow(group(2, "Khối các sở, ban, ngành", Group.Kind.BLOC), 1234, True, submitted=1000,
                 average=Decimal("104.5"), behind=0, late=0, status="achieved"),
        GroupRow(group(3, "Cụm chưa nộp"), 5, True),
        GroupRow(group(4, "Cụm chưa ký"), 7, False),
    ]


@pytest.mark.parametrize("past_deadline", [True, False])
def test_the_rows_are_the_template_loop_s(past_deadline):
    period = SimpleNamespace(pk=9)
    expected = engines["django"].from_string(TEMPLATE_LOOP).render(
        {"dashboard": SimpleNamespace(rows=rows(), is_past_deadline=past_deadline), "period": period})
    html = city_rows(rows(), period, past_deadline)
    assert parse_html(html) == parse_html(expected)
    assert "&lt;các quận&gt; &amp; huyện" in html
    assert 'title="Mức đạt thực tế 104,5\u00a0%"' in html and "1.234" in html


# progress/dashboard_pct.html before issue 14, included once per row of the dashboards' tables.
PCT_TEMPLATE = """{% load i18n charts %}{% if value is not None %}<span class="dash-status dash-s-{{ status|default:'none' }}"{% if value|over_cap %} title="{% blocktranslate with real=value|pct_uncapped %}Mức đạt thực tế {{ real }}{% endblocktranslate %}"{% endif %}><span aria-hidden="true">{{ status|status_icon }}</span> {{ value|pct }}<span class="visually-hidden"> – {{ status|status_label }}</span></span>{% else %}<span class="muted">—</span>{% endif %}"""


@pytest.mark.parametrize("value, status", [(Decimal("72.45"), "at_risk"), (Decimal("130"), "achieved"),
                                           (Decimal(0), "behind"), (None, None), (Decimal("50"), None)])
def test_an_average_with_its_status_reads_as_the_template_did(value, status):
    expected = engines["django"].from_string(PCT_TEMPLATE).render({"value": value, "status": status})
    assert parse_html(pct_status(value, status)) == parse_html(expected)
