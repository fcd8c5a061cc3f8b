from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The top floor: demo and scale data (``seed_demo``, ``generate_scale_data``). It may import every app;
    no app imports it."""

    name = "demo"
    verbose_name = _("Dữ liệu mẫu")
