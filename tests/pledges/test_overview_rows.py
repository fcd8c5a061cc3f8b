"""The pledge overview's rows written in Python (issue 14): the same markup as the template loop they replace,
for every state of a group's pledge, with and without the right to draft one, text escaped."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import engines
from django.test import RequestFactory
from django.test.html import parse_html

from groups.models import Group, Membership
from pledges.models import Pledge
from pledges.overview import GroupStatus
from pledges.templatetags.pledge_overview import overview_rows
from units.models import Unit

# The loop of pledges/overview.html before issue 14, kept as the reference the tag must match.
TEMPLATE_LOOP = """{% load i18n %}{% for row in rows %}
      <tr>
        <td>{% if row.pledge %}<a href="{% url 'pledges:detail' row.pledge.pk %}">{{ row.group.name }}</a>{% else %}{{ row.group.name }}{% endif %}
          <br><small class="muted">{{ row.group.get_kind_display }}{% if row.pledge.version > 1 %} · {% blocktranslate with n=row.pledge.version|add:"-1" %}sửa đổi lần {{ n }}{% endblocktranslate %}{% endif %}</small></td>
        <td>{% if row.pledge %}<span class="badge badge-pledge-{{ row.status }}">{{ row.pledge.get_status_display }}</span>{% else %}<span class="muted">{% translate "Chưa lập" %}</span>{% endif %}</td>
        <td class="num">{{ row.signed_count }}/{{ row.member_count }}</td>
        <td>{% if row.is_open %}{% translate "Chờ ký" %}: {% for unit in row.waiting_on %}{{ unit.name }}{% if not forloop.last %}, {% endif %}{% endfor %}
            {% elif row.is_draft %}{% if row.waiting_on %}{% translate "Chờ nhập chỉ tiêu" %}: {% for unit in row.waiting_on %}{{ unit.name }}{% if not forloop.last %}, {% endif %}{% endfor %}{% else %}{% translate "Đủ chỉ tiêu, chờ trưởng cụm, khối mở ký kết" %}{% endif %}
            {% elif row.has_no_pledge %}{% translate "Chờ trưởng cụm, khối lập giao ước" %}
              {% if rights.create %}<form method="post" novalidate action="{% url 'pledges:create' row.group.pk %}" class="inline-form">{% csrf_token %}
                <button type="submit" class="button button-small button-primary">{% translate "Lập dự thảo giao ước" %}</button></form>{% endif %}
            {% else %}<span class="ok">✓ {{ row.pledge.signed_at|date:"d/m/Y" }}</span>{% endif %}</td>
      </tr>{% endfor %}"""


def rows():
    def unit(pk, name):
        return Unit(pk=pk, name=name)

    def members(*units):
        return [Membership(role=Membership.Role.MEMBER, unit=u) for u in units]

    a, b, c = unit(1, "Sở Kế hoạch <và> Đầu tư"), unit(2, "Sở Tài chính"), unit(3, "Sở Xây dựng")
    signed_at = datetime.datetime(2024, 3, 1, 23, 30, tzinfo=datetime.UTC)
    group = lambda pk, name, kind=Group.Kind.CLUSTER: Group(pk=pk, name=name, kind=kind)  # noqa: E731
    return [
        GroupStatus(group(1, "Cụm số 1 & các quận"), None, members(a, b), member_count=2),
        GroupStatus(group(2, "Khối các sở", Group.Kind.BLOC), Pledge(pk=20, status="draft", version=1),
                    members(a, b, c), member_count=3, incomplete=[a, c]),
        GroupStatus(group(3, "Cụm đủ chỉ tiêu"), Pledge(pk=30, status="draft", version=1), members(a),
                    member_count=1),
        GroupStatus(group(4, "Cụm đang ký"), Pledge(pk=40, status="open", version=2), members(a, b, c),
                    member_count=3, signed_count=1, signed_units={2}),
        GroupStatus(group(5, "Cụm đã ký"), Pledge(pk=50, status="signed", version=3, signed_at=signed_at), [],
                    member_count=16, signed_count=16),
    ]


@pytest.mark.parametrize("can_create", [True, False])
def test_the_rows_are_the_template_loop_s(can_create):
    request = RequestFactory().get("/")
    context = {"rows": rows(), "rights": SimpleNamespace(create=can_create), "request": request,
               "csrf_token": "tok123"}
    expected = engines["django"].from_string(TEMPLATE_LOOP).render(context)
    html = overview_rows(context, rows(), can_create)
    assert parse_html(html) == parse_html(expected)
    assert "Sở Kế hoạch &lt;và&gt; Đầu tư" in html and "sửa đổi lần 2" in html
    assert ("Lập dự thảo giao ước" in html) is can_create
    assert "02/03/2024" in html   # signed late on 1 March UTC: 2 March in Việt Nam
