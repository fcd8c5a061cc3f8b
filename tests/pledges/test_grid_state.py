"""The pledge page's state read as tuples (issue 14): the same targets as the model, and a saved cell shows at once
in the member's completeness."""

from django.urls import reverse

from pledges import services
from pledges.models import Target
from tests.builders import COMPLETE, fill
from tests.factories import login


def test_the_state_reads_the_stored_targets_of_the_members(pledge, members):
    fill(pledge, members[0], COMPLETE)
    state = services.pledge_state(pledge)
    stored = {(t.pk, t.line_id, t.unit_id, t.status, t.value, t.version) for t in Target.objects.filter(pledge=pledge)}
    assert {tuple(t) for t in state.targets} == stored and stored
    assert all(t.is_filled == (t.status != Target.Status.EMPTY) for t in state.targets)


def test_a_saved_cell_shows_at_once_in_the_completeness(pledge, world, officer):
    client = login(officer)
    line = pledge.lines.get(code="KT01")
    before = client.get(reverse("pledges:completeness", args=[pledge.pk])).content.decode()
    assert f'<small id="completeness-{world.a1.pk}" class="warn" hx-swap-oob="true">0/3</small>' in before
    client.post(reverse("pledges:cell", args=[pledge.pk, line.pk, world.a1.pk]), {"value": "7", "version": "0"},
                headers={"HX-Request": "true"})
    after = client.get(reverse("pledges:completeness", args=[pledge.pk])).content.decode()
    assert f'<small id="completeness-{world.a1.pk}" class="warn" hx-swap-oob="true">1/3</small>' in after
    page = client.get(reverse("pledges:detail", args=[pledge.pk])).content.decode()
    assert f'<small id="completeness-{world.a1.pk}" class="warn">1/3</small>' in page
