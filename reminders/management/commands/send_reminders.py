"""The daily reminders: an e-mail to the officers concerned a few days before each deadline and once it is
missed. Run once a day (cron or a systemd timer, see the README); each reminder goes once."""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from reminders.deadlines import due_items
from reminders.models import SentReminder


def stage_of(item, today, days_before: int):
    """``missed`` once the deadline has passed, ``before`` within ``days_before`` days of it, else None. A
    reminder whose day the command did not run on is still sent the next run (each stage once)."""
    if today > item.deadline:
        return SentReminder.Stage.MISSED
    if (item.deadline - today).days <= days_before:
        return SentReminder.Stage.BEFORE
    return None


class Command(BaseCommand):
    help = "Gửi e-mail nhắc việc: trước hạn (mặc định 3 ngày) và sau khi quá hạn, mỗi lời nhắc một lần."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Ngày tính hạn, dd/mm/yyyy (mặc định: hôm nay).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ in ra, không gửi, không ghi nhận.")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["today"]:
            try:
                today = datetime.datetime.strptime(options["today"], "%d/%m/%Y").date()
            except ValueError as error:
                raise CommandError(_("Ngày “%(value)s” không đúng dạng dd/mm/yyyy.") % {"value": options["today"]}
                                   ) from error
        days_before = settings.THIDUA_REMINDER_DAYS_BEFORE
        items = [(item, stage) for item in due_items() if (stage := stage_of(item, today, days_before))]
        officers = {}
        for user in User.objects.filter(role=User.Role.UNIT_OFFICER, is_active=True,
                                        unit_id__in={item.unit_id for item, _stage in items}).exclude(email=""):
            officers.setdefault(user.unit_id, []).append(user)
        already = set(SentReminder.objects.filter(key__in={item.key for item, _stage in items})
                      .values_list("user_id", "key", "stage"))
        sent = 0
        for item, stage in items:
            for user in officers.get(item.unit_id, []):
                if (user.pk, item.key, stage) in already:
                    continue
                if options["dry_run"]:
                    self.stdout.write(f"{user.email}: {item.title} ({item.deadline:%d/%m/%Y}, {stage})")
                    continue
                if self._send(user, item, stage, today):
                    sent += 1
        self.stdout.write(_("Đã gửi %(n)s lời nhắc.") % {"n": sent})

    def _send(self, user, item, stage, today) -> bool:
        """Record then send, in one transaction: a second run (or a concurrent one) never sends it twice."""
        try:
            with transaction.atomic():
                SentReminder.objects.create(user=user, key=item.key, stage=stage, deadline=item.deadline)
                if stage == SentReminder.Stage.MISSED:
                    subject = _("[Thi đua] Quá hạn: %(title)s") % {"title": item.title}
                else:
                    subject = _("[Thi đua] Sắp đến hạn: %(title)s") % {"title": item.title}
                body = "\n\n".join([
                    _("Kính gửi %(name)s,") % {"name": str(user)},
                    f"{item.title}: {item.when(today)}.", _("Xem và thực hiện tại: %(url)s") % {"url": settings.THIDUA_SITE_URL + item.url},
                    _("Thư này do hệ thống Thi đua gửi tự động; mỗi việc chỉ nhắc một lần trước hạn và một lần khi "
                      "quá hạn."),
                ])
                send_mail(subject, body, None, [user.email])
        except IntegrityError:
            return False
        return True
