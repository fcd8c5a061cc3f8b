"""The change log of a pledge's targets, from django-simple-history's records, in a bounded number of queries."""

from dataclasses import dataclass

from .forms import cell_text
from .models import Target

LIMIT = 2000


@dataclass
class TargetChange:
    when: object
    user: object
    unit: object
    line: object
    before: str
    after: str
    kind: str      # "+" created, "~" changed, "-" deleted
    reason: str


def target_changes(pledge, unit_id=None, limit=LIMIT) -> list[TargetChange]:
    """Newest first. The value before each change is the previous record of the same target, found in Python
    (simple-history's ``prev_record`` would cost one query per row)."""
    records = (
        Target.history.filter(pledge_id=pledge.pk)
        .select_related("history_user", "unit", "line")
        .order_by("history_date", "history_id")
    )
    if unit_id:
        records = records.filter(unit_id=unit_id)
    last_text: dict[int, str] = {}
    changes = []
    for record in records:
        line = record.line
        text = cell_text(record, line) if line is not None and record.history_type != "-" else ""
        before = last_text.get(record.id, "")
        last_text[record.id] = text
        if record.history_type == "~" and before == text:
            continue
        changes.append(TargetChange(record.history_date, record.history_user, record.unit, line, before, text,
                                    record.history_type, record.history_change_reason or ""))
    changes.reverse()
    return changes[:limit]
