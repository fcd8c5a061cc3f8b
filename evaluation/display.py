"""What the evaluation pages show, as a user may see it: a sheet's rows in tree order with the points of each
round the user's :class:`~evaluation.access.SheetRights` allow, its totals per round, and the members of a
group with their states. The views render these; no template decides who sees a point."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q, Window
from django.db.models.functions import Coalesce, Rank
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.collation import sort_key
from groups.models import Group

from . import facts as year_facts
from . import rounds, scoring
from .access import SheetRights
from .models import Criterion, Evaluation, ScoreEntry, ScoreSheet, ScoringTable

CLASS_LABELS = {scoring.HTXS: _("Hoàn thành xuất sắc"), scoring.HTT: _("Hoàn thành tốt"),
                scoring.HT: _("Hoàn thành"), scoring.KHT: _("Không hoàn thành")}
ROUND_LABELS = {"self": _("Tự chấm"), "cross": _("Cụm/khối chấm"), "final": _("Điểm thống nhất")}


def held_back_text(criterion) -> str:
    """The criterion that kept a unit from the class its total reaches, as the results page and PDF word it."""
    if criterion is None:
        return ""
    return _("Bị hạ loại do tiêu chí %(code)s – %(name)s") % {"code": criterion.code, "name": criterion.name}


def class_label(grade) -> str:
    """A class as every page, PDF and workbook words it ("Hoàn thành tốt"); nothing for no class."""
    return str(CLASS_LABELS.get(grade, ""))


def round_label(key) -> str:
    return str(ROUND_LABELS.get(key, ""))


@dataclass
class SheetRow:
    """One row of the sheet page (also the htmx partial of a row)."""

    criterion: object
    depth: int
    is_leaf: bool
    entry: ScoreEntry | None
    self_points: Decimal | None = None  # shown to who sees the self-score (parents: their sum)
    cross_points: Decimal | None = None  # shown to who may read this row's cross-score
    agreed_points: Decimal | None = None
    final_points: Decimal | None = None  # what counts once the cross-score is in: agreed, else cross
    cross_shown: bool = False
    flagged: bool = False
    explanation: str = ""
    evidence: list = field(default_factory=list)
    editable: bool = False  # an input for the round the user is scoring
    text: str = ""  # what the input shows (the stored value, or what was typed when refused)
    comment: str = ""  # the unit's note on its self-score (who sees the self-score)
    cross_comment: str = ""  # the scorer's note (who may read this row's cross-score)
    comment_text: str = ""  # what the comment input shows (the round's stored note, or what was typed)
    state: str = ""  # "", "saved", "error", "conflict"
    message: str = ""
    url: str = ""

    @property
    def code(self):
        return self.criterion.code

    @property
    def version(self) -> int:
        return self.entry.version if self.entry is not None and self.entry.pk else 0


def ordered(rows) -> list[tuple[object, int, bool]]:
    """(row, depth, is_leaf) in tree order: sections, their criteria and sub-criteria, then bonus and penalty."""
    children = {}
    for row in rows:
        children.setdefault(row.parent_id, []).append(row)
    out = []

    def walk(row, depth):
        kids = children.get(row.pk, [])
        out.append((row, depth, not kids))
        for kid in kids:
            walk(kid, depth + 1)

    top = children.get(None, [])
    for kind in (scoring.SCORE, scoring.BONUS, scoring.PENALTY):
        for row in top:
            if row.kind == kind:
                walk(row, 1)
    return out


@dataclass
class RoundTotals:
    """A round's totals on the sheet page; ``totals`` is None while the round has no points to add up yet (a
    partial sum would read as a score), and ``empty_text`` says so."""

    label: str
    totals: scoring.Totals | None
    classification: scoring.Classification | None
    empty_text: str = ""


NOT_CROSS_SCORED = _("Chưa chấm chéo")
NOT_AGREED = _("Chưa có (chờ nộp phiếu chấm chéo)")


def _given(rows, entries, attr) -> dict:
    by_code = {row.code: row.pk for row in rows}
    return {by_code[e.code]: getattr(e, attr) for e in entries if e.code in by_code and getattr(e, attr) is not None}


def round_totals(label, table, rows, entries, attr) -> RoundTotals:
    totals = scoring.totals(rows, _given(rows, entries, attr), table.bonus_cap)
    classification = scoring.classify(totals.total, totals.by_row, rows, table.total_max, table)
    return RoundTotals(label, totals, classification)


@dataclass
class SheetView:
    sheet: object
    table: object
    rights: SheetRights
    rows: list
    by_code: dict
    scoring_round: str | None  # rounds.SELF / rounds.CROSS: the round this user enters, if any
    totals: list  # RoundTotals the user may see
    sheet_evidence: list

    def refreshed_by(self, code) -> list:
        """The other rows a save of ``code`` changes: its ancestors' sums; in the cross round also every row
        without an input, since the scorer's first row makes the computed rows' cross points count
        (:func:`sheet_view` leaves the cross column empty until then)."""
        if self.scoring_round == rounds.CROSS:
            return [item for item in self.rows if not item.editable]
        return self.ancestors(code)

    @property
    def awaiting_answer(self) -> list:
        """The rows the leader returned that this user's unit has to answer."""
        if not self.rights.answer:
            return []
        return [item for item in self.rows if item.entry is not None and item.entry.is_returned]

    def ancestors(self, code) -> list:
        """The rows above ``code`` (its criterion, its section): their sums change when it is saved."""
        by_pk = {item.criterion.pk: item for item in self.rows}
        item, out = self.by_code[code], []
        while item.criterion.parent_id in by_pk:
            item = by_pk[item.criterion.parent_id]
            out.append(item)
        return out


def sheet_view(sheet, user, *, leader_id=None, today=None) -> SheetView:
    """The sheet as ``user`` may see it: a fixed number of queries whatever the size of the table."""
    rights = SheetRights.of(user, sheet, leader_id=leader_id)
    table = rounds.sheet_table(sheet)
    rows = list(table.criteria.all())
    entries = list(sheet.entries.all())
    entry_by_code = {e.code: e for e in entries}
    evidence = list(sheet.evidence.all()) if rights.sees_self else []
    scoring_round = rounds.SELF if rights.self_score else rounds.CROSS if rights.cross_score else None
    preview = {}
    if rights.sees_self and not sheet.self_submitted and any(row.is_computed for row in rows):
        unit_facts = year_facts.year_facts(sheet.evaluation.group, [sheet.unit_id], today)[sheet.unit_id]
        preview = {row.code: year_facts.computed_points(row, unit_facts) for row in rows if row.is_computed}

    # Computed rows get their cross points when the self-score is submitted: until the scorer has given a manual
    # row, the cross column would show the computed rows' sum as if the unit had been cross-scored.
    manual = {row.code for row in rounds.leaves(rows) if not row.is_computed}
    cross_started = any(e.cross_points is not None for e in entries if e.code in manual)
    totals = []
    self_totals = cross_totals = final_totals = None
    if rights.sees_self:
        self_given = entries + [ScoreEntry(code=code, self_points=c.points) for code, c in preview.items()
                                if code not in entry_by_code or entry_by_code[code].self_points is None]
        self_totals = round_totals("self", table, rows, self_given, "self_points")
        totals.append(self_totals)
    if rights.sees_all_cross or rights.sees_own_cross:
        if cross_started:
            cross_totals = round_totals("cross", table, rows, entries, "cross_points")
        totals.append(cross_totals or RoundTotals("cross", None, None, NOT_CROSS_SCORED))
    if rights.sees_all_cross:
        if sheet.cross_submitted:
            final_totals = round_totals("final", table, rows, entries, "final_points")
        totals.append(final_totals or RoundTotals("final", None, None, NOT_AGREED))

    out, by_code = [], {}
    for row, depth, is_leaf in ordered(rows):
        entry = entry_by_code.get(row.code)
        item = SheetRow(row, depth, is_leaf, entry, url=reverse("evaluation:row", args=[sheet.pk, row.code]))
        if self_totals:
            if not is_leaf:
                item.self_points = self_totals.totals.by_row.get(row.pk)
            elif entry is not None and entry.self_points is not None:
                item.self_points = entry.self_points
            elif row.code in preview:
                item.self_points = preview[row.code].points
            item.comment = entry.self_comment if entry else ""
        if entry is not None and is_leaf and rights.cross_visible(entry) and (cross_started or sheet.cross_submitted):
            item.cross_shown = True
            item.cross_points, item.agreed_points = entry.cross_points, entry.agreed_points
            item.cross_comment = entry.cross_comment
            if sheet.cross_submitted:
                item.final_points = entry.final_points
            if rights.sees_self:
                item.flagged = rounds.is_flagged(entry, row, table.reconcile_threshold)
        elif not is_leaf and cross_totals:
            item.cross_shown = True
            item.cross_points = cross_totals.totals.by_row.get(row.pk)
            if final_totals and sheet.cross_submitted:
                item.final_points = final_totals.totals.by_row.get(row.pk)
        if row.is_computed:
            item.explanation = entry.computed_explanation if entry and entry.computed_explanation else (
                preview[row.code].explanation if row.code in preview else "")
        item.evidence = [e for e in evidence if e.code == row.code]
        if scoring_round and is_leaf and not row.is_computed:
            item.editable = True
            value = item.self_points if scoring_round == rounds.SELF else (entry.cross_points if entry else None)
            item.text = "" if value is None else scoring.points_text(value)
            item.comment_text = item.comment if scoring_round == rounds.SELF else (entry.cross_comment if entry else "")
        out.append(item)
        by_code[row.code] = item
    return SheetView(sheet, table, rights, out, by_code, scoring_round, totals,
                     [e for e in evidence if not e.code])


# --- the group page ---------------------------------------------------------------------------------------------

@dataclass
class MemberState:
    membership: object
    sheet: object | None
    rights: SheetRights | None
    self_late: bool = False
    cross_late: bool = False
    self_total: Decimal | None = None
    cross_total: Decimal | None = None
    final_total: Decimal | None = None
    final_class: str = ""
    scorer_name: str = ""


def _late(submitted_at, deadline, today) -> bool:
    if submitted_at is None:
        return today > deadline
    return timezone.localdate(submitted_at) > deadline


def member_states(group, evaluation, user, leader_id, today: datetime.date | None = None,
                  loaded=None) -> list[MemberState]:
    """The group's members in Vietnamese name order, each with its sheet's states and the totals ``user`` may
    see (a fixed number of queries; ``loaded``: :func:`evaluation.rounds.load`, read once for the page)."""
    today = today or timezone.localdate()
    memberships = sorted(group.memberships.all(), key=lambda m: sort_key(m.unit.name))
    if evaluation is None:
        return [MemberState(m, None, None) for m in memberships]
    loaded = loaded or rounds.load(evaluation)
    self_results = {r.sheet.pk: r for r in rounds.results(evaluation, "self", loaded, ranked=False)}
    cross_results = {r.sheet.pk: r for r in rounds.results(evaluation, "cross", loaded, ranked=False)}
    # Once published, the stored totals and classes are shown: the final round is not worked out again.
    final_results = {} if evaluation.is_published else {
        r.sheet.pk: r for r in rounds.results(evaluation, "final", loaded)}
    sheets = {r.sheet.unit_id: r.sheet for r in self_results.values()}
    names = {m.unit_id: m.unit.name for m in memberships}
    states = []
    for membership in memberships:
        sheet = sheets.get(membership.unit_id)
        if sheet is None:
            states.append(MemberState(membership, None, None))
            continue
        sheet.evaluation = evaluation
        rights = SheetRights.of(user, sheet, leader_id=leader_id)
        state = MemberState(membership, sheet, rights, scorer_name=names.get(sheet.scorer_id, ""),
                            self_late=_late(sheet.self_submitted_at, evaluation.self_deadline, today),
                            cross_late=_late(sheet.cross_submitted_at, evaluation.cross_deadline, today))
        if rights.sees_self:
            state.self_total = self_results[sheet.pk].totals.total
        if sheet.cross_submitted and rights.sees_all_cross or rights.sees_own_cross and cross_results[sheet.pk].scored:
            state.cross_total = cross_results[sheet.pk].totals.total
        if rights.sees_all_cross and sheet.cross_submitted:
            if evaluation.is_published:
                state.final_total, state.final_class = sheet.final_total, sheet.final_class
            else:
                result = final_results[sheet.pk]
                state.final_total, state.final_class = result.totals.total, result.classification.grade
        states.append(state)
    return states


# --- results ----------------------------------------------------------------------------------------------------

@dataclass
class ResultRow:
    sheet: object
    sections: list  # (self, cross, final) points per section, in the order of ``results_table``'s sections
    self_total: Decimal
    cross_total: Decimal | None  # None before the sheet is cross-scored
    total: Decimal
    grade: str
    rank: int
    held_back_by: object = None  # the criterion (or its code, once stored) that held the unit back
    by_total: str = ""
    last_year: object = None  # the unit's published sheet of the previous campaign, if any
    points: dict = field(default_factory=dict)  # code -> the points that count (final round), every row


def last_year_sheets(campaign, unit_ids) -> dict:
    """unit pk → that unit's published sheet of the previous year's campaign (one query for a whole page)."""
    sheets = ScoreSheet.objects.filter(evaluation__group__campaign__year=campaign.year - 1,
                                       evaluation__status=Evaluation.Status.PUBLISHED, unit_id__in=list(unit_ids),
                                       final_total__isnull=False)
    return {sheet.unit_id: sheet for sheet in sheets}


def _by_code(result, code_of) -> dict:
    return {code_of[pk]: value for pk, value in result.totals.by_row.items()}


def results_table(evaluation) -> dict:
    """Members × sections with self / cross / final points, totals, class, rank and the criterion that held a
    unit back. Once published, the stored totals, classes and ranks; before, what the points give now."""
    loaded = rounds.load(evaluation)  # the three rounds from one read of the sheets, entries and rows
    by_round = {key: {r.sheet.pk: r for r in rounds.results(evaluation, key, loaded, ranked=False)}
                for key in ("self", "cross")}
    final = rounds.results(evaluation, "final", loaded)
    tables = {r.sheet.table_id for r in final}
    rows = [row for table_id, table_rows in loaded[2].items() if table_id in tables for row in table_rows]
    code_of = {row.pk: row.code for row in rows}
    by_table_code = {(row.table_id, row.code): row for row in rows}
    sections = []
    for row in rows:
        if row.parent_id is None and row.kind == scoring.SCORE and row.code not in [s.code for s in sections]:
            sections.append(row)
    published = evaluation.is_published
    out = []
    for result in final:
        sheet = result.sheet

        self_codes = _by_code(by_round["self"][sheet.pk], code_of)
        cross = by_round["cross"][sheet.pk]
        # Before the scorer gives a row by hand, the computed rows alone are no cross-score: "—".
        cross_codes = _by_code(cross, code_of) if cross.scored else {}
        final_codes = _by_code(result, code_of)
        cells = [(self_codes.get(s.code), cross_codes.get(s.code), final_codes.get(s.code)) for s in sections]
        held = result.classification.held_back_by
        if published:
            held = by_table_code.get((sheet.table_id, sheet.held_back_by)) if sheet.held_back_by else None
        out.append(ResultRow(
            sheet, cells, by_round["self"][sheet.pk].totals.total, cross.totals.total if cross.scored else None,
            sheet.final_total if published else result.totals.total,
            sheet.final_class if published else result.classification.grade,
            sheet.final_rank if published else result.rank, held,
            result.classification.by_total, points=final_codes))
    out.sort(key=lambda r: r.rank or 0)
    previous = last_year_sheets(evaluation.group.campaign, [r.sheet.unit_id for r in out]) if out else {}
    for r in out:
        r.last_year = previous.get(r.sheet.unit_id)
    return {"sections": sections, "result_rows": out, "published": published}


# --- the city's overview ----------------------------------------------------------------------------------------

@dataclass
class GroupOverview:
    group: object
    table: object | None
    evaluation: object | None


def table_in_force(tables, group):
    """:meth:`ScoringTableQuerySet.current_for_group` over tables already read (the overview's one query)."""
    own = [t for t in tables if t.group_id == group.pk]
    candidates = own or [t for t in tables if t.group_id is None and t.group_kind == group.kind]
    published = [t for t in candidates if t.is_published]
    return max(published, key=lambda t: t.version) if published else None


def year_overview(campaign, today: datetime.date | None = None) -> dict:
    """Every group of the year with its table in force and its evaluation's counts, the year's tables, and the
    kinds whose table can be copied from last year. A fixed number of queries."""
    today = today or timezone.localdate()
    tables = list(ScoringTable.objects.filter(campaign=campaign).select_related("group")
                  .order_by("group_kind", "group__name", "version"))
    draft, submitted = ScoreSheet.Round.DRAFT, ScoreSheet.Round.SUBMITTED
    evaluations = {e.group_id: e for e in Evaluation.objects.filter(group__campaign=campaign).annotate(
        expected=Count("sheets"),
        self_done=Count("sheets", filter=Q(sheets__self_status=submitted)),
        cross_done=Count("sheets", filter=Q(sheets__cross_status=submitted)),
        self_late=Count("sheets", filter=Q(sheets__self_status=draft, self_deadline__lt=today)
                        | Q(sheets__self_submitted_at__date__gt=F("self_deadline"))),
        cross_late=Count("sheets", filter=Q(sheets__cross_status=draft, cross_deadline__lt=today)
                         | Q(sheets__cross_submitted_at__date__gt=F("cross_deadline"))),
        **{f"class_{grade}": Count("sheets", filter=Q(sheets__final_class=grade)) for grade in CLASS_LABELS},
    )}
    # Sorted here (the default ordering would join the campaign and sort by the names in the database too).
    groups = sorted(Group.objects.filter(campaign=campaign).order_by(), key=lambda g: (g.kind, sort_key(g.name)))
    rows = []
    for group in groups:
        evaluation = evaluations.get(group.pk)
        if evaluation is not None:
            evaluation.class_counts = [(grade, getattr(evaluation, f"class_{grade}")) for grade in CLASS_LABELS]
        rows.append(GroupOverview(group, table_in_force(tables, group), evaluation))
    last_year = set(ScoringTable.objects.published().filter(campaign__year=campaign.year - 1, group__isnull=True)
                    .order_by().values_list("group_kind", flat=True))
    this_year = {t.group_kind for t in tables if t.group_id is None}
    copyable = [(kind, label) for kind, label in Group.Kind.choices if kind in last_year and kind not in this_year]
    return {"rows": rows, "tables": tables, "copyable": copyable}


# --- the city's ranking -----------------------------------------------------------------------------------------

@dataclass
class RankingRow:
    """One unit of the city's ranking, read as values (a city ranks some 500 units a kind: no model instances)."""

    sheet_id: int
    unit_name: str
    group_id: int
    group_name: str
    total: Decimal
    grade: str
    group_rank: int | None
    results_url: str
    rank: int = 0


@dataclass
class _RankedSheet:
    pk: int
    table_id: int
    bonus_cap: Decimal
    unit_name: str
    group_id: int
    group_name: str
    final_total: Decimal
    final_class: str
    final_rank: int | None


def _first_sections(sheets) -> dict:
    """Each sheet's points in the first section of its table (by the final points), for the tie-break: two
    queries (the sheets' rows and entries) whatever the number of sheets."""
    if not sheets:
        return {}
    rows_by_table = {}
    # Ordered by position within each table (the default ordering's "table" joins the table, its campaign and its
    # group only to sort by them).
    for row in Criterion.objects.filter(table_id__in={s.table_id for s in sheets}).only(
            "table_id", "parent_id", "kind", "code", "position").order_by("position", "pk"):
        rows_by_table.setdefault(row.table_id, []).append(row)
    entries = {}
    # The entry's final points (ScoreEntry.final_points: agreed, else cross, else self) worked out by the database.
    for sheet_id, code, points in ScoreEntry.objects.filter(sheet__in=[s.pk for s in sheets]).order_by().values_list(
            "sheet_id", "code", Coalesce("agreed_points", "cross_points", "self_points")):
        entries.setdefault(sheet_id, []).append((code, points))
    out = {}
    for sheet in sheets:
        rows = rows_by_table.get(sheet.table_id, [])
        pk_by_code = {row.code: row.pk for row in rows}
        given = {pk_by_code[code]: points for code, points in entries.get(sheet.pk, []) if code in pk_by_code}
        totals = scoring.totals(rows, given, sheet.bonus_cap)
        out[sheet.pk] = totals.sections[0] if totals.sections else scoring.ZERO
    return out


def _tied(sheets) -> list:
    """The sheets whose total another sheet shares: only their first section can decide their order."""
    count = Counter(sheet.final_total for sheet in sheets)
    return [sheet for sheet in sheets if count[sheet.final_total] > 1]


_RANKED_VALUES = ("pk", "table_id", "table__bonus_cap", "unit__name", "evaluation__group_id",
                  "evaluation__group__name", "final_total", "final_class", "final_rank")


def _ranked_sheets(campaign, kind):
    """The sheets the city ranking of ``kind`` ranks: the units of the year's published groups of that kind."""
    return ScoreSheet.objects.filter(
        evaluation__group__campaign=campaign, evaluation__group__kind=kind,
        evaluation__status=Evaluation.Status.PUBLISHED, final_total__isnull=False,
    ).order_by()  # the ranking sorts them; the default ordering would sort by the units' names in the database


def _ranking_rows(sheets, first_position=1) -> list[RankingRow]:
    """``sheets`` (:class:`_RankedSheet`) ranked by :func:`evaluation.scoring.rank`, numbered from
    ``first_position``. Every sheet sharing a total with one of them must be among them (the tie-break)."""
    first = _first_sections(_tied(sheets))
    ranked = scoring.rank(scoring.Ranked(sheet, sheet.unit_name, sheet.final_total,
                                         first.get(sheet.pk, scoring.ZERO)) for sheet in sheets)
    results_urls = {}  # one reverse() per group, not per unit
    out = []
    for position, entry in ranked:
        sheet = entry.key
        if sheet.group_id not in results_urls:
            results_urls[sheet.group_id] = reverse("evaluation:results", args=[sheet.group_id])
        out.append(RankingRow(sheet.pk, sheet.unit_name, sheet.group_id, sheet.group_name, sheet.final_total,
                              sheet.final_class, sheet.final_rank, results_urls[sheet.group_id],
                              position + first_position - 1))
    return out


def city_ranking(campaign, kind) -> list[RankingRow]:
    """Every unit of the published evaluations of ``kind``'s groups, ranked across groups by the stored final
    total, then the first section's points (worked out only for the sheets whose total is shared), then the name
    (:func:`evaluation.scoring.rank`). One query, three when totals are tied. The page reads
    :class:`CityRanking`, the same ranks a page at a time."""
    return _ranking_rows([_RankedSheet(*values) for values in
                          _ranked_sheets(campaign, kind).values_list(*_RANKED_VALUES)])


class CityRanking:
    """:func:`city_ranking` for a :class:`~django.core.paginator.Paginator`: the count, and a slice of the ranks
    without loading the rest of the kind (a city ranks some 500 units a kind; ranking them all in Python for a
    page of 50 made the page grow with the city, issue 14).

    The database orders by the total only: the totals at the slice's ends, with the rank of the first (a window
    function: 1 + the sheets with a higher total), bound the sheets the slice can hold. Those sheets, every one
    whose total lies between the two ends, are read and ranked in Python as :func:`city_ranking` ranks, since
    only the totals they share decide between them: the first section's points, then the Vietnamese order of
    the names. Two queries (four when totals are tied) whatever the size of the city."""

    def __init__(self, campaign, kind):
        self.sheets = _ranked_sheets(campaign, kind)
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.sheets.count()
        return self._count

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("CityRanking takes slices")
        start, stop, _step = index.indices(self.count())
        if start >= stop:
            return []
        ends = list(self.sheets.annotate(higher=Window(Rank(), order_by=F("final_total").desc()))
                    .order_by("-final_total").values_list("final_total", "higher")[start:stop])
        high, first_position = ends[0]
        low = ends[-1][0]
        window = [_RankedSheet(*values) for values in self.sheets.filter(
            final_total__lte=high, final_total__gte=low).values_list(*_RANKED_VALUES)]
        rows = _ranking_rows(window, first_position)
        return rows[start + 1 - first_position:stop + 1 - first_position]
