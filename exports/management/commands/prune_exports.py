"""``manage.py prune_exports``: delete expired export jobs and their files (run it daily, e.g. from cron)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from exports.models import ExportJob


class Command(BaseCommand):
    help = _("Xóa các tệp xuất đã hết hạn cùng bản ghi của chúng.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help=_("Chỉ đếm, không xóa."))

    def handle(self, *, dry_run: bool, **options):
        expired = ExportJob.objects.expired()
        count = 0
        for job in expired.iterator():
            count += 1
            if not dry_run:
                # The file first: a row without a file is harmless, a file without a row is never found again.
                job.delete_file()
                job.delete()
        if dry_run:
            self.stdout.write(_("%(n)s tệp xuất đã hết hạn (chưa xóa).") % {"n": count})
        else:
            self.stdout.write(_("Đã xóa %(n)s tệp xuất hết hạn.") % {"n": count})
