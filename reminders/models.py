"""Reminders already sent: each (user, deadline item, stage) once, whatever how often the daily command runs."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentReminder(models.Model):
    class Stage(models.TextChoices):
        BEFORE = "before", _("Trước hạn")
        MISSED = "missed", _("Quá hạn")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE,
                             related_name="+")
    key = models.CharField(_("việc"), max_length=200, help_text=_("Mã của việc: loại, đối tượng, đơn vị."))
    stage = models.CharField(_("lần nhắc"), max_length=10, choices=Stage.choices)
    deadline = models.DateField(_("hạn"))
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc việc đã gửi")
        verbose_name_plural = _("nhắc việc đã gửi")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "stage"], name="reminder_sent_once",
                                    violation_error_message=_("Đã gửi lời nhắc này.")),
        ]

    def __str__(self):
        return f"{self.key} ({self.get_stage_display()})"
