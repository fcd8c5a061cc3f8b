"""The login form: wrong passwords are slowed down before django-axes locks them out."""

import datetime

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

#: Failures before the first wait; each further failure doubles it, up to ``LONGEST_WAIT`` seconds.
FREE_FAILURES = 2
LONGEST_WAIT = 8


def wait_before_next_login(request, username: str) -> int:
    """Seconds to wait before the next try for this username or from this address (0: try now).

    After two wrong passwords the next try waits 1 s, then 2, 4 and 8 s, counted from the last failure; at
    ``AXES_FAILURE_LIMIT`` django-axes locks for the cool-off time. A try made too early is refused without
    checking the password, so it neither counts as a failure nor ties up a worker in a sleep.
    """
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)
    counts = [
        recent.filter(**{field: value}).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        for field, value in (("username", username), ("ip_address", get_client_ip_address(request)))
        if value
    ]
    failures = max((c["failures"] or 0 for c in counts), default=0)
    if failures < FREE_FAILURES:
        return 0
    last = max(c["last"] for c in counts if c["last"])
    wait = datetime.timedelta(seconds=min(2 ** (failures - FREE_FAILURES), LONGEST_WAIT))
    remaining = (last + wait - timezone.now()).total_seconds()
    return max(0, int(remaining + 0.999))


class LoginForm(AuthenticationForm):
    wait_seconds = 0

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None:
            self.wait_seconds = wait_before_next_login(self.request, username)
            if self.wait_seconds:
                raise ValidationError(
                    _("Đã nhập sai mật khẩu nhiều lần. Hãy đợi %(seconds)s giây rồi thử lại.")
                    % {"seconds": self.wait_seconds},
                    code="wait",
                )
        return super().clean()
