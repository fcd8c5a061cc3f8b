"""What every page's template may read besides the request: the user's rights (``user_rights``), for the menu
of ``base.html`` and the parts of pages that are about no one object (the start page, "Tạo kế hoạch mới")."""

from django.contrib.auth.models import AnonymousUser

from accounts.access import UserRights


def user_rights(request):
    return {"user_rights": UserRights(getattr(request, "user", None) or AnonymousUser())}
