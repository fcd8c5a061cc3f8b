from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Cụm, khối thi đua")

    def ready(self):
        from campaigns.signals import campaign_copied

        campaign_copied.connect(copy_groups_of_copied_plan, dispatch_uid="groups.copy_groups")


def copy_groups_of_copied_plan(sender, source, campaign, **kwargs):
    """A copied plan takes its blocs and clusters along (see :func:`groups.services.copy_groups`)."""
    from .services import copy_groups

    copy_groups(source, campaign)
