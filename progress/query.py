"""The dashboards' query string, read one way by the dashboard pages and by the exports made from them.

``?period=`` a period id of the plan (absent: the current period, :func:`progress.services.current_period`; an id
that is not one of the plan's: 404), ``?kind=`` ``all`` / ``bloc`` / ``cluster`` (anything else: all), ``?sort=``
a column, ``-`` first for descending (anything unknown: by name).
"""

from dataclasses import dataclass

from django.http import Http404

from groups.models import Group

KINDS = ("all", Group.Kind.BLOC, Group.Kind.CLUSTER)
SORTS = ("name", "attainment", "behind", "submitted")


def parse_sort(value: str | None) -> tuple[str, bool]:
    """``"-attainment"`` → ("attainment", True); anything unknown → ("name", False)."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.lstrip("-")
    return (key, descending) if key in SORTS else ("name", False)


@dataclass(frozen=True)
class DashboardQuery:
    """A dashboard's ``?period=&kind=&sort=``, parsed once (:meth:`parse`) by the page and by its exports."""

    period_id: int | None = None
    period_invalid: bool = False   # something that is not an id was given (the page ignores it, exports 404)
    kind: str = "all"
    sort_key: str = "name"
    descending: bool = False

    @classmethod
    def parse(cls, params) -> "DashboardQuery":
        wanted = str(params.get("period") or "").strip()
        kind = params.get("kind") or "all"
        sort_key, descending = parse_sort(params.get("sort"))
        return cls(
            period_id=int(wanted) if wanted.isdigit() else None,
            period_invalid=bool(wanted) and not wanted.isdigit(),
            kind=kind if kind in KINDS else "all",
            sort_key=sort_key,
            descending=descending,
        )

    @property
    def sort(self) -> str:
        return ("-" if self.descending else "") + self.sort_key

    def pick_period(self, periods, current):
        """The period asked for among ``periods`` (404 when it is not one of them), else ``current``."""
        if self.period_id is None:
            return current
        period = next((p for p in periods if p.pk == self.period_id), None)
        if period is None:
            raise Http404
        return period
