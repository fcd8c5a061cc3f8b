from django.db import transaction

from .models import Group, Membership


@transaction.atomic
def save_group(group: Group, roles: dict[int, str]) -> Group:
    """Save a group and bring its memberships to ``roles`` (unit id → role).

    Existing memberships are kept (later records such as pledges hang on them); roles change in two steps so
    that swapping leader and deputy never holds two leaders at once. Members and roles do not change while the
    group's pledge is open for signing or signed (:meth:`Group.ensure_members_may_change`); name, kind and
    description do.
    """
    group.save()
    current = {m.unit_id: m for m in group.memberships.select_for_update()}
    if {unit_id: m.role for unit_id, m in current.items()} != roles:
        group.ensure_members_may_change()
    group.memberships.exclude(unit_id__in=roles).delete()
    changed = [m for unit_id, m in current.items() if unit_id in roles and m.role != roles[unit_id]]
    for membership in changed:
        membership.role = Membership.Role.MEMBER
    Membership.objects.bulk_update(changed, ["role"])
    for membership in changed:
        membership.role = roles[membership.unit_id]
    Membership.objects.bulk_update(changed, ["role"])
    Membership.objects.bulk_create(
        Membership(group=group, campaign_id=group.campaign_id, unit_id=unit_id, role=role)
        for unit_id, role in roles.items()
        if unit_id not in current
    )
    return group
