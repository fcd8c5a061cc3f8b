"""Workflows of scoring tables: publish a draft, open a new version of a published table, copy a table into
another year. Each runs in one transaction and locks the table's row first."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Criterion, ScoringTable

#: The fields a new version or a copy takes over from its source.
TABLE_FIELDS = ["group_kind", "title", "total_max", "bonus_cap", "reconcile_threshold", "htxs_total", "htxs_floor",
                "htt_total", "htt_floor", "ht_total", "ht_floor"]
ROW_FIELDS = ["kind", "code", "name", "max_points", "guide", "evidence", "position", "source", "points_per_report"]


def _locked(table) -> ScoringTable:
    return ScoringTable.objects.select_for_update().get(pk=table.pk)


@transaction.atomic
def publish(table: ScoringTable, user) -> ScoringTable:
    """Publish a draft that keeps every rule of :func:`evaluation.scoring.table_problems`; refuse with the list."""
    table = _locked(table)
    if not table.is_draft:
        raise ValidationError(_("Bảng chấm điểm đã ban hành."))
    problems = table.problems()
    if problems:
        raise ValidationError(problems)
    table.status = ScoringTable.Status.PUBLISHED
    table.published_at = timezone.now()
    table.published_by = user
    table.save()
    return table


def _copy_rows(source: ScoringTable, target: ScoringTable) -> None:
    """Copy the rows keeping the tree: parents are created before their children."""
    new_pk = {}
    pending = list(source.criteria.all())
    while pending:
        ready = [row for row in pending if row.parent_id is None or row.parent_id in new_pk]
        if not ready:  # a cycle, which clean() prevents; never loop
            raise ValidationError(_("Bảng chấm điểm có dòng thuộc chính nó."))
        for row in ready:
            copy = Criterion(table=target, parent_id=new_pk.get(row.parent_id),
                             **{name: getattr(row, name) for name in ROW_FIELDS})
            copy.save()
            new_pk[row.pk] = copy.pk
        pending = [row for row in pending if row.pk not in new_pk]


@transaction.atomic
def new_version(table: ScoringTable, reason: str) -> ScoringTable:
    """A draft copy of a published table, numbered one higher, with the reason for the change."""
    table = _locked(table)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do lập phiên bản mới."))
    if not table.is_published:
        raise ValidationError(_("Chỉ lập phiên bản mới cho bảng đã ban hành; dự thảo thì sửa trực tiếp."))
    latest = ScoringTable.objects.filter(campaign_id=table.campaign_id, group_kind=table.group_kind,
                                         group_id=table.group_id).order_by("-version").first()
    if latest.pk != table.pk:
        raise ValidationError(_("Đã có phiên bản mới hơn của bảng này."))
    draft = ScoringTable.objects.create(
        campaign_id=table.campaign_id, group_id=table.group_id, version=table.version + 1, previous=table,
        reason=reason, **{name: getattr(table, name) for name in TABLE_FIELDS})
    _copy_rows(table, draft)
    return draft


@transaction.atomic
def copy_to_campaign(table: ScoringTable, campaign) -> ScoringTable:
    """Last year's table as this year's first draft (a kind's table only: groups change from year to year)."""
    draft = ScoringTable.objects.create(campaign=campaign, group=None, version=1,
                                        **{name: getattr(table, name) for name in TABLE_FIELDS})
    _copy_rows(table, draft)
    return draft


def version_changes(old: ScoringTable, new: ScoringTable) -> list[dict]:
    """What changed between two versions, row by row (matched by code): added, removed, or the fields changed."""
    old_rows = {row.code: row for row in old.criteria.all()}
    new_rows = {row.code: row for row in new.criteria.all()}
    old_codes = {row.pk: row.code for row in old_rows.values()}
    new_codes = {row.pk: row.code for row in new_rows.values()}
    changes = []
    for code, row in new_rows.items():
        before = old_rows.get(code)
        if before is None:
            changes.append({"code": code, "change": "added", "row": row, "fields": []})
            continue
        fields = [name for name in ROW_FIELDS if name != "position" and getattr(before, name) != getattr(row, name)]
        if old_codes.get(before.parent_id) != new_codes.get(row.parent_id):
            fields.append("parent")
        if fields:
            changes.append({"code": code, "change": "changed", "row": row, "before": before, "fields": fields})
    for code, row in old_rows.items():
        if code not in new_rows:
            changes.append({"code": code, "change": "removed", "row": row, "fields": []})
    return changes
