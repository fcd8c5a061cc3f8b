"""Opening a pledge for signing against a concurrent change of a cell, on real concurrent connections.

The invariant: a pledge is never open for signing (or signed) while a member has a line not filled in. Opening
checks completeness and changes the status under the pledge row's lock; every write of a target takes the same
lock first, so one of the two waits for the other and sees what it did.

PostgreSQL only: SQLite's in-memory test database is shared between threads through a shared cache whose table
locks fail at once instead of waiting, which tests SQLite's locking, not ours.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from pledges import services
from pledges.models import Pledge, PledgeLine, Target
from tests.builders import fill, fill_all

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]

ROUNDS = 50


def race(*actions):
    """Run each action in its own thread and connection, released together; returns the unexpected errors."""
    barrier = threading.Barrier(len(actions))
    errors = []

    def run(action):
        try:
            barrier.wait()
            action()
        except (ValidationError, services.TargetConflict):
            pass  # refused: the expected loser of the race
        except Exception as error:  # deadlocks, integrity errors: what must never happen
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(action,)) for action in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def broken(pledge) -> bool:
    """Open or signed with a member that has not filled every line."""
    pledge.refresh_from_db()
    return pledge.status != Pledge.Status.DRAFT and not services.pledge_state(pledge).all_complete


def test_open_against_clearing_a_cell_never_leaves_an_incomplete_pledge_open(world, city, members, capsys):
    pledge = services.create_pledge(world.cluster_a, city)
    fill_all(pledge, members)
    line = pledge.lines.get(code="KT01")
    outcomes, errors, incomplete = {}, [], 0
    for _ in range(ROUNDS):
        pledge.refresh_from_db()
        if pledge.status == Pledge.Status.OPEN:
            services.return_to_draft(pledge, None)
        fill(pledge, world.a3, {"KT01": "8,5"})
        version = Target.objects.get(line=line, unit=world.a3).version
        errors += race(
            lambda: services.open_for_signing(pledge, None),
            lambda version=version: services.save_target(pledge, line, world.a3.pk, None, status=Target.Status.EMPTY,
                                                         value=None, expected_version=version),
        )
        incomplete += broken(pledge)
        pledge.refresh_from_db()
        outcomes[pledge.status] = outcomes.get(pledge.status, 0) + 1
    with capsys.disabled():
        print(f"\nopen-vs-clear: {incomplete} of {ROUNDS} races left an incomplete pledge open "
              f"(ended open {outcomes.get('open', 0)}, draft {outcomes.get('draft', 0)})")
    assert errors == []
    assert incomplete == 0


def test_open_against_adding_a_line_never_leaves_an_incomplete_pledge_open(world, city, members, capsys):
    """A new line is a cell nobody has filled yet: it races with opening like clearing a cell."""
    pledge = services.create_pledge(world.cluster_a, city)
    fill_all(pledge, members)
    errors, incomplete = [], 0
    for n in range(ROUNDS // 5):
        pledge.refresh_from_db()
        if pledge.status == Pledge.Status.OPEN:
            services.return_to_draft(pledge, None)
        for line in pledge.lines.filter(unit__isnull=False):
            line.delete()
        errors += race(
            lambda: services.open_for_signing(pledge, None),
            lambda n=n: services.add_line(pledge, PledgeLine(name=f"Riêng {n}", unit=world.a3)),
        )
        incomplete += broken(pledge)
    with capsys.disabled():
        print(f"\nopen-vs-add-line: {incomplete} of {ROUNDS // 5} races left an incomplete pledge open")
    assert errors == []
    assert incomplete == 0


def test_open_against_removing_a_member_keeps_the_group_and_the_pledge_in_step(world, city, members, capsys):
    """Either the member leaves first (and the pledge opens without it) or the pledge opens first (and the
    change is refused): never a pledge open with members the group no longer has."""
    from groups.models import Membership
    from groups.services import save_group

    pledge = services.create_pledge(world.cluster_a, city)
    fill_all(pledge, members)
    everyone = {world.a1.pk: "leader", world.a2.pk: "deputy", world.a3.pk: "member"}
    rounds = ROUNDS // 5
    errors, apart = [], 0
    for _ in range(rounds):
        pledge.refresh_from_db()
        if pledge.status == Pledge.Status.OPEN:
            services.return_to_draft(pledge, None)
        save_group(world.cluster_a, everyone)
        fill_all(pledge, members)
        errors += race(
            lambda: services.open_for_signing(pledge, None),
            lambda: save_group(world.cluster_a, {world.a1.pk: "leader", world.a2.pk: "deputy"}),
        )
        pledge.refresh_from_db()
        if pledge.status == Pledge.Status.OPEN:
            kept = set(pledge.members.values_list("unit_id", flat=True))
            apart += kept != set(Membership.objects.filter(group=world.cluster_a).values_list("unit_id", flat=True))
    with capsys.disabled():
        print(f"\nopen-vs-remove-member: {apart} of {rounds} races left an open pledge with other members than "
              f"its group")
    assert errors == []
    assert apart == 0
