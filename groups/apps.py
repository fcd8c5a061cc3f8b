from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Cụm, khối thi đua")

    def ready(self):
        from campaigns.signals import campaign_copied
        from units.models import VISIBILITY_RULES

        campaign_copied.connect(copy_groups_of_copied_plan, dispatch_uid="groups.copy_groups")
        if members_of_visible_groups not in VISIBILITY_RULES:
            VISIBILITY_RULES.append(members_of_visible_groups)


def copy_groups_of_copied_plan(sender, source, campaign, **kwargs):
    """A copied plan takes its blocs and clusters along (see :func:`groups.services.copy_groups`)."""
    from .services import copy_groups

    copy_groups(source, campaign)


def members_of_visible_groups(user):
    """An officer sees the member units of the groups they may see (see ``units.models.VISIBILITY_RULES``)."""
    from .models import Group

    return Q(memberships__group__in=Group.objects.visible_to(user))
