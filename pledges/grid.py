"""The pledge grid's view-model: one row per line, one cell per member unit, each cell knowing whether the user
may edit it and the state of its last save (for the htmx partial). Built by the pledge page and the one-member
form alike."""

from dataclasses import dataclass

from django.urls import reverse

from .access import PledgeRights, can_edit_unit
from .forms import cell_text
from .models import Pledge, PledgeLine, Target


@dataclass
class Cell:
    """One unit × line cell of the grid, with the state of its last save for the htmx partial."""

    pledge: Pledge
    line: PledgeLine
    unit_id: int
    target: Target | None
    editable: bool
    text: str = ""
    state: str = ""          # "", "saved", "error", "conflict"
    message: str = ""
    unit_name: str = ""      # for screen readers: which unit's column the input is in

    def __post_init__(self):
        if not self.text:
            self.text = cell_text(self.target, self.line)

    @property
    def version(self) -> int:
        return self.target.version if self.target else 0

    @property
    def status(self) -> str:
        return self.target.status if self.target else Target.Status.EMPTY

    @property
    def is_not_applicable(self) -> bool:
        return self.status == Target.Status.NOT_APPLICABLE

    @property
    def is_set(self) -> bool:
        return self.status == Target.Status.SET

    @property
    def url(self) -> str:
        return reverse("pledges:cell", args=[self.pledge.pk, self.line.pk, self.unit_id])


@dataclass
class Row:
    """One line of the grid: its cells (None where the line does not apply to the member) and whether the user
    may drop it (an own line, see :meth:`PledgeRights.may_delete_line`)."""

    line: PledgeLine
    cells: list
    deletable: bool = False


def grid_rows(pledge, user, members, lines, targets, rights: PledgeRights) -> list[Row]:
    """Rows of the grid (one per line) with one cell per member; a dash where the line does not apply."""
    by_cell = {(t.line_id, t.unit_id): t for t in targets}
    editable = {m.unit_id: can_edit_unit(user, pledge, m.unit_id) for m in members}
    rows = []
    for line in lines:
        cells = [
            Cell(pledge, line, m.unit_id, by_cell.get((line.pk, m.unit_id)), editable[m.unit_id],
                 unit_name=m.unit.display_name) if line.applies_to(m.unit_id) else None
            for m in members
        ]
        rows.append(Row(line, cells, rights.may_delete_line(user, line)))
    return rows
