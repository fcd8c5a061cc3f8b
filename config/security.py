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


# Scripts and styles come only from our own static files: no inline <script>, no on…= handlers, no style=""
# attributes (htmx's own indicator <style> is turned off in base.html; its rules live in app.css).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# The site uses none of these browser features: refuse them to any script that might run.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in [
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
    "microphone", "midi", "payment", "usb", "serial", "hid", "screen-wake-lock",
    "xr-spatial-tracking", "browsing-topics",
])


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy on every response; no caching of anything personal.

    A signed-in user's pages and every download (exports, evidence, Excel templates) carry
    ``Cache-Control: private, no-store``: neither a shared proxy nor the browser's disk keeps a copy
    that the next person at a shared office computer could open with the Back button.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        is_download = response.get("Content-Disposition", "").startswith("attachment")
        if is_download or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "private, no-store"
        return response


def csrf_failure(request, reason=""):
    """A form refused by the CSRF check (an expired session, a page left open too long): say so in Vietnamese,
    in the site layout, with the way on; Django's reason is shown only in DEBUG."""
    return render(request, "403_csrf.html", {"reason": reason if settings.DEBUG else ""}, status=403)
