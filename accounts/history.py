"""Change logs read from django-simple-history's records, for the audit pages of city staff.

One function turns the historical records of any tracked model into a list of changes, newest first: what was
created, which fields changed from what to what, what was deleted, who did it and when. The value before a
change is the previous record of the same object, found in Python (``prev_record`` costs a query per row);
the names behind foreign keys are read with one query per field. Fields that did not change are left out, and
a save that changed nothing shown is not listed.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

LIMIT = 2000


@dataclass
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class Change:
    when: datetime.datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    subject: str  # what changed, when a page lists several kinds of object (e.g. a member of the group)
    fields: list[FieldChange] = field(default_factory=list)
    reason: str = ""

    @property
    def kind_label(self) -> str:
        return {"+": _("Tạo mới"), "~": _("Sửa"), "-": _("Xóa")}[self.kind]


def _text(model_field, value, names) -> str:
    if value is None or value == "":
        return "—"
    if model_field.is_relation:
        return names.get(model_field.name, {}).get(value, f"#{value}")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return formats.number_format(value.normalize(), use_l10n=True)
    return str(value)


def _related_names(records, fields) -> dict[str, dict]:
    """field name → {id: str(object)}, one query per foreign key that holds a value."""
    names = {}
    for model_field in fields:
        if not model_field.is_relation:
            continue
        ids = {getattr(record, model_field.attname) for record in records} - {None}
        if ids:
            related = model_field.related_model._default_manager.in_bulk(ids)
            names[model_field.name] = {pk: str(obj) for pk, obj in related.items()}
    return names


def changes(records, *, fields=None, subject=None, limit=LIMIT) -> list[Change]:
    """The changes recorded in ``records`` (a queryset of one historical model), newest first.

    ``fields``: names of the tracked fields to show (default: all but timestamps); ``subject(record, names)``
    names the object a record is about when a page mixes several objects.
    """
    history_model = records.model
    shown = [
        f for f in history_model.tracked_fields
        if (f.name in fields if fields else f.name not in ("id", "created_at", "updated_at"))
    ]
    records = list(records.select_related("history_user").order_by("history_date", "history_id")[:limit])
    names = _related_names(records, shown)
    last: dict[int, dict] = {}
    result = []
    for record in records:
        values = {f.name: _text(f, getattr(record, f.attname), names) for f in shown}
        before = last.get(record.id, {})
        last[record.id] = values
        if record.history_type == "+":
            diff = [FieldChange(str(f.verbose_name), "", values[f.name]) for f in shown if values[f.name] != "—"]
        elif record.history_type == "~":
            diff = [FieldChange(str(f.verbose_name), before.get(f.name, "—"), values[f.name])
                    for f in shown if before.get(f.name, "—") != values[f.name]]
            if not diff:
                continue
        else:
            diff = []
        result.append(Change(record.history_date, record.history_user, record.history_type,
                             subject(record, names) if subject else "", diff, record.history_change_reason or ""))
    result.reverse()
    return result


def merged(*change_lists) -> list[Change]:
    """Several change lists as one, newest first."""
    return sorted((c for changes_ in change_lists for c in changes_), key=lambda c: c.when, reverse=True)


def render_history(request, change_list, *, title, subject, crumbs, back_url):
    """The audit page of one object: ``crumbs`` are (label, url) pairs after the home link."""
    page = Paginator(change_list, 100).get_page(request.GET.get("page"))
    context = {"page": page, "title": title, "subject": subject, "crumbs": crumbs, "back_url": back_url}
    return render(request, "history_page.html", context)
