"""A group page's rows of members, written in Python by ``{% member_rows %}``, are the HTML the template's loop
wrote."""

import pytest
from django.template import Context, Template
from django.test.html import parse_html

from evaluation import display
from groups.access import leader_unit_id
from groups.models import Membership
from tests.evaluation import states
from tests.factories import make_unit

pytestmark = pytest.mark.django_db

# The loop the group template had before issue 14, kept to prove the tag writes the same HTML.
TEMPLATE_LOOP = """{% load i18n scores group_wording %}<table>
    <tbody>{% for s in states %}
      <tr{% if s.membership.unit_id == user_rights.own_unit_id %} class="row-mine"{% endif %}>
        <td>{{ forloop.counter }}</td>
        <td class="unit-name">{% if s.rights and s.rights.sees_self %}<a href="{% url 'evaluation:sheet' s.sheet.pk %}">{{ s.membership.unit.name }}</a>{% else %}{{ s.membership.unit.name }}{% endif %}
          {% role_badge s.membership.role group.kind %}
          {% if s.membership.unit_id == user_rights.own_unit_id %}<span class="badge">{% translate "Đơn vị của bạn" %}</span>{% endif %}</td>
        {% if s.sheet %}
        <td>{% if s.sheet.self_submitted %}<span class="ok">✓ {% translate "Đã nộp" %}</span> <small class="muted">{{ s.sheet.self_submitted_at|date:"d/m/Y" }}</small>{% else %}<span class="muted">{% translate "Đang chấm" %}</span>{% endif %}
          {% if s.self_late %}<span class="warn">{% translate "trễ hạn" %}</span>{% endif %}</td>
        <td>{% if may_assign and not s.sheet.cross_submitted %}
          <label class="visually-hidden" for="scorer-{{ s.membership.unit_id }}">{% blocktranslate with unit=s.membership.unit.name %}Đơn vị chấm chéo cho {{ unit }}{% endblocktranslate %}</label>
          <select name="scorer-{{ s.membership.unit_id }}" id="scorer-{{ s.membership.unit_id }}" form="assign-form">
            <option value="">{% translate "— chưa phân công —" %}</option>
            {% for m in members %}{% if m.unit_id != s.membership.unit_id %}<option value="{{ m.unit_id }}"{% if m.unit_id == s.sheet.scorer_id %} selected{% endif %}>{{ m.unit.name }}</option>{% endif %}{% endfor %}
          </select>
          {% elif s.scorer_name %}{{ s.scorer_name }}{% else %}<span class="muted">{% translate "Chưa phân công" %}</span>{% endif %}</td>
        <td>{% if s.sheet.cross_submitted %}<span class="ok">✓ {% translate "Đã nộp" %}</span> <small class="muted">{{ s.sheet.cross_submitted_at|date:"d/m/Y" }}</small>{% elif not s.sheet.self_submitted %}<span class="muted">{% translate "Chờ tự chấm" %}</span>{% elif not s.sheet.scorer_id %}<span class="warn">{% translate "Chờ phân công" %}</span>{% else %}<span class="muted">{% translate "Đang chấm" %}</span>{% endif %}
          {% if s.cross_late %}<span class="warn">{% translate "trễ hạn" %}</span>{% endif %}
          {% if s.rights.cross_score %}<a href="{% url 'evaluation:sheet' s.sheet.pk %}">{% translate "Chấm chéo" %}</a>{% endif %}</td>
        <td class="num">{{ s.self_total|points|default:"—" }}</td>
        <td class="num">{{ s.cross_total|points|default:"—" }}</td>
        <td class="num">{{ s.final_total|points|default:"—" }}</td>
        <td>{{ s.final_class|class_label|default:"—" }}</td>
        {% else %}<td colspan="7" class="muted">{% translate "Không có phiếu chấm điểm (đơn vị vào cụm, khối sau khi mở chấm điểm)." %}</td>{% endif %}
      </tr>
    {% endfor %}</tbody>
</table>"""

TAG = ("{% load scores %}<table><tbody>{% member_rows states members group.kind may_assign "
       "user_rights.own_unit_id %}</tbody></table>")


@pytest.mark.parametrize("state", ["opened", "assigned", "self_done", "both_rounds", "published"])
def test_the_rows_are_the_templates(world, city, officer, officer2, state):
    """Every state of the evaluation (scorers being assigned: the lists of members; submitted with their dates,
    late, cross-scored, published), seen by city staff, the leader's and the deputy's officers, with and without
    the scorers' lists, and a member that joined after the opening (no sheet)."""
    evaluation = getattr(states, state)(world)
    evaluation.group = group = world.cluster_a
    late = make_unit("SNV", "Sở Nội vụ")
    Membership.objects.create(group=group, campaign=group.campaign, unit=late, role=Membership.Role.MEMBER)
    group = type(group).objects.get(pk=group.pk)
    evaluation.group = group
    for user in (city, officer, officer2):
        members = display.member_states(group, evaluation, user, leader_unit_id(group))
        assert len(members) == 4 and any(s.sheet is None for s in members)
        for may_assign in (False, True):
            context = {"states": members, "members": [s.membership for s in members], "group": group,
                       "may_assign": may_assign, "user_rights": {"own_unit_id": user.unit_id}}
            before = Template(TEMPLATE_LOOP).render(Context(context))
            after = Template(TAG).render(Context(context))
            assert parse_html(after) == parse_html(before), (user, may_assign)
