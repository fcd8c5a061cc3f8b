"""A group's results rows, written in Python by ``{% result_rows %}``, are the HTML the template's loop wrote."""

import pytest
from django.template import Context, Template
from django.test.html import parse_html

from evaluation import display
from tests.evaluation import states

pytestmark = pytest.mark.django_db

# The loop the results template had before issue 14, kept to prove the tag writes the same HTML.
TEMPLATE_LOOP = """{% load i18n scores %}<table>
  <tbody>{% for r in result_rows %}
    <tr{% if r.sheet.unit_id == user_rights.own_unit_id %} class="row-mine"{% endif %}>
      <td class="num">{{ r.rank }}</td>
      <td class="unit-name">{{ r.sheet.unit.name }}</td>
      {% for self, cross, final in r.sections %}<td class="num"><strong>{{ final|points|default:"—" }}</strong>
        <span class="eval-detail">{% blocktranslate with self=self|points|default:"—" %}tự chấm {{ self }}{% endblocktranslate %}</span>
        <span class="eval-detail">{% blocktranslate with cross=cross|points|default:"—" %}chéo {{ cross }}{% endblocktranslate %}</span></td>{% endfor %}
      <td class="num">{{ r.self_total|points }}</td><td class="num">{{ r.cross_total|points|default:"—" }}</td>
      <td class="num"><strong>{{ r.total|points }}</strong></td>
      <td class="eval-class">{{ r.grade|class_label }}{% if r.held_back_by %}<small class="eval-detail-wrap warn">{{ r.held_back_by|held_back }}</small>{% endif %}</td>
      <td class="eval-last-year">{% if r.last_year %}{{ r.last_year.final_total|points }} · {{ r.last_year.final_class|class_label }}{% else %}—{% endif %}</td>
    </tr>{% endfor %}</tbody>
</table>"""


@pytest.mark.parametrize("state", ["self_done", "both_rounds", "published"])
def test_the_rows_are_the_templates(world, state):
    """Before the cross-score (dashes), scored but not published (a class held back), published (last year's
    column empty), with and without the user's own unit marked."""
    evaluation = getattr(states, state)(world)
    evaluation.group = world.cluster_a
    table = display.results_table(evaluation)
    assert len(table["result_rows"]) == 3
    for own in (None, world.a2.pk):
        context = {"result_rows": table["result_rows"], "user_rights": {"own_unit_id": own}}
        before = Template(TEMPLATE_LOOP).render(Context(context))
        after = Template("{% load scores %}<table><tbody>{% result_rows result_rows user_rights.own_unit_id %}"
                         "</tbody></table>").render(Context(context))
        assert parse_html(after) == parse_html(before)
        assert ('class="row-mine"' in after) == (own is not None)
