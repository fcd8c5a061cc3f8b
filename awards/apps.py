from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "awards"
    verbose_name = _("Đăng ký thi đua, khen thưởng")

    def ready(self):
        from django.db.models.signals import post_save

        from campaigns.models import Campaign

        from .services import seed_titles_on_create

        # Every new plan (created, or copied into the next year) starts with the usual titles.
        post_save.connect(seed_titles_on_create, sender=Campaign, dispatch_uid="awards_seed_titles")
