"""Dates as offices write them: dd/mm/yyyy, on the local day — the same on a page, in a PDF, a workbook or an
e-mail."""

import datetime

from django.utils import timezone

DATE_FORMAT = "%d/%m/%Y"


def local_date(value: datetime.date | datetime.datetime | None) -> datetime.date | None:
    """The day of a moment in the local time zone (a date stays as it is)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    """dd/mm/yyyy, as offices write dates in a sentence or a table; "" for no date."""
    value = local_date(value)
    return value.strftime(DATE_FORMAT) if value else ""
