from django.contrib.admin.apps import AdminConfig as BaseAdminConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class AdminConfig(BaseAdminConfig):
    """django.contrib.admin with the project's site (``config.admin.AdminSite``) as ``admin.site``."""

    default_site = "config.admin.AdminSite"


class TasksConfig(TasksAppConfig):
    """django-tasks-db under a Vietnamese name in the admin (same app label, so its migrations are unchanged)."""

    verbose_name = _("Tác vụ nền")
