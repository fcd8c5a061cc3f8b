"""What changed between two versions of a pledge, for the page of an amendment."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .forms import cell_text


@dataclass
class VersionDiff:
    header: list[tuple[str, str, str]] = field(default_factory=list)   # (label, before, after)
    commitments_added: list[str] = field(default_factory=list)
    commitments_removed: list[str] = field(default_factory=list)
    lines_added: list = field(default_factory=list)
    lines_removed: list = field(default_factory=list)
    lines_changed: list[tuple[str, str, str, str]] = field(default_factory=list)  # (code, label, before, after)
    targets: list[tuple] = field(default_factory=list)   # (unit, line, before, after)

    @property
    def is_empty(self) -> bool:
        return not any([self.header, self.commitments_added, self.commitments_removed, self.lines_added,
                        self.lines_removed, self.lines_changed, self.targets])


def diff_versions(old, new) -> VersionDiff:
    """Header fields, commitments (by text), lines (by code) and targets (by unit and line code)."""
    diff = VersionDiff()
    for name in ["title", "legal_bases", "purpose", "sign_place"]:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            diff.header.append((old._meta.get_field(name).verbose_name, before, after))
    old_texts = [c.text for c in old.commitments.all()]
    new_texts = [c.text for c in new.commitments.all()]
    diff.commitments_added = [t for t in new_texts if t not in old_texts]
    diff.commitments_removed = [t for t in old_texts if t not in new_texts]
    old_lines = {line.code: line for line in old.lines.all()}
    new_lines = {line.code: line for line in new.lines.all()}
    diff.lines_added = [line for code, line in new_lines.items() if code not in old_lines]
    diff.lines_removed = [line for code, line in old_lines.items() if code not in new_lines]
    labels = {"name": _("Tên"), "measure_unit": _("Đơn vị tính"), "direction": _("Chiều đánh giá"),
              "city_value": _("Chỉ tiêu thành phố")}
    for code, line in new_lines.items():
        before = old_lines.get(code)
        if before is None:
            continue
        for name, label in labels.items():
            if getattr(before, name) != getattr(line, name):
                diff.lines_changed.append((code, label, str(getattr(before, name) or ""),
                                           str(getattr(line, name) or "")))
    old_targets = {(t.unit_id, t.line.code): t for t in old.targets.select_related("line", "unit")}
    for target in new.targets.select_related("line", "unit").order_by("unit__name", "line__position"):
        before = old_targets.get((target.unit_id, target.line.code))
        before_text = cell_text(before, before.line) if before else ""
        after_text = cell_text(target, target.line)
        if before_text != after_text:
            diff.targets.append((target.unit, target.line, before_text, after_text))
    return diff
