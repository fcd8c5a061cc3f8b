from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Đăng ký thi đua, khen thưởng")

    def ready(self):
        from django.db.models.signals import post_save

        from campaigns.models import Campaign
        from campaigns.signals import campaign_copied

        from .services import seed_titles_on_create
        from .succession import place_leaders_of_copied_plan

        # Every new plan (created, or copied into the next year) starts with the usual titles.
        post_save.connect(seed_titles_on_create, sender=Campaign, dispatch_uid="awards_seed_titles")
        # After groups' receiver (groups is earlier in INSTALLED_APPS, so connected first): next year's leaders
        # elected at the year-end meetings take their places in the copied groups.
        campaign_copied.connect(place_leaders_of_copied_plan, dispatch_uid="awards.place_elected_leaders")
