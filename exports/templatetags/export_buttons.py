"""``{% export_button "plan_pdf" year=campaign.year %}``: a download link for one export kind.

Hidden for a user the kind is not for; a PDF button is disabled, with the reason, when the server cannot make
PDFs. The parameters are the page's own filters, so the file shows what the page shows.
"""

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from exports import registry
from exports.pdf import pdf_available

register = template.Library()


@register.inclusion_tag("exports/_export_button.html", takes_context=True)
def export_button(context, export_name, label=None, **params):
    """``params`` become the query string (``kind=`` among them is the city dashboard's bloc/cluster filter)."""
    export_kind = registry.get_kind(export_name)
    user = context["request"].user
    query = urlencode({name: value for name, value in params.items() if value not in (None, "")})
    available, message = pdf_available() if export_kind.is_pdf else (True, "")
    return {
        "kind": export_kind,
        "label": label or export_kind.label,
        "show": user.is_authenticated and export_kind.allowed(user),
        "url": reverse("exports:download", kwargs={"kind": export_name}) + (f"?{query}" if query else ""),
        "available": available,
        "message": message,
    }
