from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgesConfig(AppConfig):
    name = "pledges"
    verbose_name = _("Giao ước thi đua")

    def ready(self):
        # A pledge open for signing or signed holds its group's members (groups sit below and ask through this).
        from groups.models import MEMBER_HOLDERS

        from .models import current_pledges_by_group

        if current_pledges_by_group not in MEMBER_HOLDERS:
            MEMBER_HOLDERS.append(current_pledges_by_group)
