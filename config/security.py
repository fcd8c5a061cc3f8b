"""Request hardening shared by the whole site: the client's address and the page of a login lockout."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or the last hop of ``CLIENT_IP_HEADER`` set by our own proxy.

    Only the last entry of a list such as X-Forwarded-For is trusted: it is the one our proxy appended;
    earlier entries come from the client and can be forged.
    """
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def lockout(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the login card saying for how long, HTTP 429."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "registration/lockout.html", {"minutes": minutes}, status=429)
