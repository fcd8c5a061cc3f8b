"""The rounds of a group's evaluation: self-scoring → cross-scoring → reconciliation → publication.

Every write runs in one transaction that first locks the evaluation's row (``Evaluation.ensure_open``), then
records what changed as a :class:`~evaluation.models.ScoreEvent` (who, when, from → to, why). Points are saved
by compare-and-set on the entry's version: of two people saving the same row, the later one gets a
:class:`Conflict` with the other's value, and nothing is lost. Who may do what is decided by
``evaluation.access``; these functions keep the rules of the data.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from common.uploads import store_documents
from groups.models import Membership

from . import facts as year_facts
from . import scoring
from .models import Criterion, Evaluation, ScoreEntry, ScoreEvent, ScoreEvidence, ScoreSheet, ScoringTable

SELF, CROSS = "self", "cross"


class Conflict(Exception):
    """Someone else saved the row since it was read: ``entry`` is the row as it is now."""

    def __init__(self, entry):
        super().__init__(_("Dòng này vừa được người khác lưu."))
        self.entry = entry


def _event(evaluation, action, user, *, sheet=None, code="", before="", after="", reason=""):
    ScoreEvent.objects.create(evaluation=evaluation, sheet=sheet, code=code, action=action, before=before,
                              after=after, reason=reason, user=user)


def _text(value) -> str:
    return "" if value is None else scoring.points_text(value)


# --- opening ----------------------------------------------------------------------------------------------------

@transaction.atomic
def open_evaluation(group, user, self_deadline, cross_deadline) -> Evaluation:
    """Open a group's evaluation: one sheet per member, on the table that applies to the group."""
    table = ScoringTable.objects.current_for_group(group)
    if table is None:
        raise ValidationError(_("Chưa có bảng chấm điểm đã ban hành cho cụm, khối này."))
    if Evaluation.objects.filter(group=group).exists():
        raise ValidationError(_("Cụm, khối này đã mở chấm điểm."))
    evaluation = Evaluation.objects.create(group=group, self_deadline=self_deadline, cross_deadline=cross_deadline)
    units = Membership.objects.filter(group=group).values_list("unit_id", flat=True)
    ScoreSheet.objects.bulk_create(ScoreSheet(evaluation=evaluation, unit_id=unit_id, table=table) for unit_id in units)
    _event(evaluation, ScoreEvent.Action.OPENED, user)
    return evaluation


# --- the table a sheet is scored on -----------------------------------------------------------------------------

def sheet_table(sheet) -> ScoringTable:
    """A draft self-score follows the latest published table; a submitted one keeps the version it was scored on."""
    if sheet.self_submitted:
        return sheet.table
    return ScoringTable.objects.current_for_group(sheet.evaluation.group) or sheet.table


def leaves(rows) -> list:
    """The rows that take points (the others add up their children)."""
    parents = {row.parent_id for row in rows}
    return [row for row in rows if row.pk not in parents]


def _locked_sheet(sheet) -> ScoreSheet:
    sheet.evaluation.ensure_open()
    return ScoreSheet.objects.select_for_update().select_related("evaluation__group__campaign").get(pk=sheet.pk)


def _row(table, code):
    row = table.criteria.filter(code=code).first()
    if row is None or row.children.exists():
        raise ValidationError(_("Tiêu chí “%(code)s” không có trong bảng chấm điểm hoặc không chấm trực tiếp.")
                              % {"code": code})
    return row


# --- points -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Saved:
    entry: ScoreEntry
    changed: bool


@transaction.atomic
def save_points(sheet, round_, code, points: Decimal | None, comment: str, version: int, user) -> Saved:
    """Save one row's points of one round (``SELF`` or ``CROSS``), compare-and-set on ``version``
    (0 for a row not saved yet)."""
    sheet = _locked_sheet(sheet)
    if round_ == SELF and sheet.self_submitted:
        raise ValidationError(_("Phiếu tự chấm đã nộp, không thể sửa."))
    if round_ == CROSS:
        if not sheet.self_submitted:
            raise ValidationError(_("Đơn vị chưa nộp phiếu tự chấm."))
        if sheet.scorer_id is None:
            raise ValidationError(_("Phiếu chưa được phân công chấm chéo."))
        if sheet.cross_submitted:
            raise ValidationError(_("Phiếu chấm chéo đã nộp, không thể sửa."))
    table = sheet_table(sheet)
    row = _row(table, code)
    if row.is_computed:
        raise ValidationError(_("Tiêu chí “%(code)s” được tính tự động từ số liệu trong năm.") % {"code": code})
    problem = scoring.check_points(row, points)
    if problem:
        raise ValidationError(problem)
    if table.pk != sheet.table_id:
        ScoreSheet.objects.filter(pk=sheet.pk).update(table=table)
    field, comment_field = (("self_points", "self_comment") if round_ == SELF else ("cross_points", "cross_comment"))
    entry = ScoreEntry.objects.filter(sheet=sheet, code=code).first()
    if entry is None:
        if version != 0:
            raise Conflict(ScoreEntry(sheet=sheet, code=code))
        entry = ScoreEntry.objects.create(sheet=sheet, code=code, **{field: points, comment_field: comment})
        before = None
    else:
        before = getattr(entry, field)
        if before == points and getattr(entry, comment_field) == comment:
            return Saved(entry, False)
        updated = ScoreEntry.objects.filter(pk=entry.pk, version=version).update(
            **{field: points, comment_field: comment}, version=F("version") + 1)
        if not updated:
            raise Conflict(ScoreEntry.objects.get(pk=entry.pk))
        entry.refresh_from_db()
    if before != points:
        _event(sheet.evaluation, ScoreEvent.Action.SELF_POINTS if round_ == SELF else ScoreEvent.Action.CROSS_POINTS,
               user, sheet=sheet, code=code, before=_text(before), after=_text(points))
    return Saved(entry, True)


def _missing(table, entries, field) -> list[str]:
    given = {entry.code for entry in entries if getattr(entry, field) is not None}
    return [row.code for row in leaves(list(table.criteria.all())) if not row.is_computed and row.code not in given]


@transaction.atomic
def submit_self(sheet, user, today=None) -> ScoreSheet:
    """Submit a self-score: every manual row has points (0 counts), computed rows are computed and frozen, and
    the sheet keeps the table version in force now."""
    sheet = _locked_sheet(sheet)
    if sheet.self_submitted:
        raise ValidationError(_("Phiếu tự chấm đã nộp."))
    table = sheet_table(sheet)
    entries = list(sheet.entries.all())
    missing = _missing(table, entries, "self_points")
    if missing:
        raise ValidationError(_("Còn tiêu chí chưa chấm: %(codes)s.") % {"codes": ", ".join(missing)})
    computed = [row for row in table.criteria.all() if row.is_computed]
    if computed:
        unit_facts = year_facts.year_facts(sheet.evaluation.group, [sheet.unit_id], today)[sheet.unit_id]
        by_code = {entry.code: entry for entry in entries}
        for row in computed:
            result = year_facts.computed_points(row, unit_facts)
            entry = by_code.get(row.code) or ScoreEntry(sheet=sheet, code=row.code)
            entry.self_points = entry.cross_points = result.points
            entry.computed_explanation = result.explanation[:300]
            entry.save()
    sheet.table = table
    sheet.self_status = ScoreSheet.Round.SUBMITTED
    sheet.self_submitted_at = timezone.now()
    sheet.self_submitted_by = user
    sheet.save()
    _event(sheet.evaluation, ScoreEvent.Action.SELF_SUBMITTED, user, sheet=sheet)
    return sheet


# --- cross-scoring ----------------------------------------------------------------------------------------------

def round_robin(unit_ids_by_name: list) -> dict:
    """Each member scored by the next one in the list (the last by the first): nobody scores itself."""
    if len(unit_ids_by_name) < 2:
        raise ValidationError(_("Cần ít nhất hai đơn vị để chấm chéo."))
    return {unit_id: unit_ids_by_name[(i + 1) % len(unit_ids_by_name)] for i, unit_id in enumerate(unit_ids_by_name)}


@transaction.atomic
def assign_scorers(evaluation, assignment: dict, user) -> None:
    """Set who cross-scores whom (``{unit_id: scorer_unit_id}``), members among themselves, never oneself;
    a sheet whose cross-score is submitted keeps its scorer. A new scorer starts from a blank cross-score: it never
    sees the points the previous scorer had entered (computed rows keep theirs, which are nobody's)."""
    evaluation.ensure_open()
    sheets = {sheet.unit_id: sheet for sheet in evaluation.sheets.select_for_update()}
    for unit_id, scorer_id in assignment.items():
        if unit_id not in sheets or scorer_id not in sheets:
            raise ValidationError(_("Chỉ phân công giữa các thành viên của cụm, khối."))
        if unit_id == scorer_id:
            raise ValidationError(_("Một đơn vị không chấm chéo cho chính mình."))
    for unit_id, scorer_id in assignment.items():
        sheet = sheets[unit_id]
        if sheet.scorer_id == scorer_id:
            continue
        if sheet.cross_submitted:
            raise ValidationError(_("Phiếu chấm chéo của %(unit)s đã nộp, không đổi đơn vị chấm được.")
                                  % {"unit": sheet.unit})
        before = sheet.scorer_id
        sheet.scorer_id = scorer_id
        sheet.save(update_fields=["scorer"])
        if before is not None:
            computed = Criterion.objects.filter(table_id=sheet.table_id).exclude(
                source=Criterion.Source.MANUAL).values_list("code", flat=True)
            ScoreEntry.objects.filter(sheet=sheet).exclude(code__in=computed).update(
                cross_points=None, cross_comment="", version=F("version") + 1)
        _event(evaluation, ScoreEvent.Action.SCORER_ASSIGNED, user, sheet=sheet,
               before=str(before or ""), after=str(scorer_id))


@transaction.atomic
def submit_cross(sheet, user) -> ScoreSheet:
    sheet = _locked_sheet(sheet)
    if sheet.cross_submitted:
        raise ValidationError(_("Phiếu chấm chéo đã nộp."))
    if not sheet.self_submitted or sheet.scorer_id is None:
        raise ValidationError(_("Phiếu chưa sẵn sàng để chấm chéo."))
    missing = _missing(sheet.table, list(sheet.entries.all()), "cross_points")
    if missing:
        raise ValidationError(_("Còn tiêu chí chưa chấm: %(codes)s.") % {"codes": ", ".join(missing)})
    sheet.cross_status = ScoreSheet.Round.SUBMITTED
    sheet.cross_submitted_at = timezone.now()
    sheet.cross_submitted_by = user
    sheet.save()
    _event(sheet.evaluation, ScoreEvent.Action.CROSS_SUBMITTED, user, sheet=sheet)
    return sheet


# --- reconciliation ---------------------------------------------------------------------------------------------

def is_flagged(entry, row, threshold: Decimal) -> bool:
    """Self and cross points differ by more than ``threshold`` % of the row's maximum."""
    if entry.self_points is None or entry.cross_points is None:
        return False
    return abs(entry.cross_points - entry.self_points) > row.max_points * threshold / scoring.HUNDRED


def _locked_entry(sheet, code) -> tuple[ScoreSheet, ScoreEntry]:
    sheet = _locked_sheet(sheet)
    if not sheet.cross_submitted:
        raise ValidationError(_("Phiếu chưa chấm chéo xong."))
    entry = ScoreEntry.objects.select_for_update().filter(sheet=sheet, code=code).first()
    if entry is None:
        raise ValidationError(_("Tiêu chí “%(code)s” không có trong phiếu.") % {"code": code})
    return sheet, entry


@transaction.atomic
def return_row(sheet, code, reason, user) -> ScoreEntry:
    """The leader returns a row to the unit for an explanation."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do trả lại."))
    sheet, entry = _locked_entry(sheet, code)
    if entry.reconciliation == ScoreEntry.Reconciliation.AGREED:
        raise ValidationError(_("Tiêu chí này đã thống nhất điểm."))
    entry.reconciliation, entry.return_reason = ScoreEntry.Reconciliation.RETURNED, reason
    entry.answer, entry.answer_accepts = "", None
    entry.version = F("version") + 1
    entry.save()
    _event(sheet.evaluation, ScoreEvent.Action.RETURNED, user, sheet=sheet, code=code, reason=reason)
    entry.refresh_from_db()
    return entry


@transaction.atomic
def answer_row(sheet, code, accepts: bool, answer: str, user) -> ScoreEntry:
    """The unit answers a returned row: it accepts the cross-score, or explains why not."""
    answer = (answer or "").strip()
    if not accepts and not answer:
        raise ValidationError(_("Hãy ghi nội dung giải trình."))
    sheet, entry = _locked_entry(sheet, code)
    if entry.reconciliation != ScoreEntry.Reconciliation.RETURNED:
        raise ValidationError(_("Tiêu chí này không chờ giải trình."))
    entry.reconciliation, entry.answer_accepts, entry.answer = ScoreEntry.Reconciliation.ANSWERED, accepts, answer
    entry.version = F("version") + 1
    entry.save()
    _event(sheet.evaluation, ScoreEvent.Action.ANSWERED, user, sheet=sheet, code=code,
           after=_("Chấp nhận điểm chấm chéo") if accepts else _("Giải trình"), reason=answer)
    entry.refresh_from_db()
    return entry


@transaction.atomic
def record_agreed(sheet, code, points: Decimal, user, reason: str = "") -> ScoreEntry:
    """The leader records the points agreed for a row."""
    sheet, entry = _locked_entry(sheet, code)
    row = _row(sheet.table, code)
    if points is None:
        raise ValidationError(_("Hãy nhập điểm thống nhất."))
    problem = scoring.check_points(row, points)
    if problem:
        raise ValidationError(problem)
    before = entry.final_points
    entry.reconciliation, entry.agreed_points = ScoreEntry.Reconciliation.AGREED, points
    entry.version = F("version") + 1
    entry.save()
    _event(sheet.evaluation, ScoreEvent.Action.AGREED, user, sheet=sheet, code=code, before=_text(before),
           after=_text(points), reason=reason)
    entry.refresh_from_db()
    return entry


# --- results ----------------------------------------------------------------------------------------------------

@dataclass
class SheetResult:
    sheet: ScoreSheet
    totals: scoring.Totals
    classification: scoring.Classification | None  # None from ``results(..., ranked=False)``
    rank: int = 0
    scored: bool = False  # a row scored by hand has points in this round (computed rows alone are no score yet)


def load(evaluation):
    """The evaluation's sheets (with units and tables), their entries and their tables' rows: three queries. A page
    that needs several rounds' :func:`results` (and :func:`open_rows`) loads once and passes it as ``loaded``."""
    sheets = list(evaluation.sheets.select_related("unit", "table"))
    entries = {}
    # Each sheet's entries by code, each table's rows by position: the models' default orderings would join the
    # sheets and units (entries) or the tables, campaigns and groups (rows) only to sort by them.
    for entry in ScoreEntry.objects.filter(sheet__evaluation=evaluation).order_by("sheet_id", "code"):
        entries.setdefault(entry.sheet_id, []).append(entry)
    rows = {}
    for row in Criterion.objects.filter(table_id__in={sheet.table_id for sheet in sheets}).order_by(
            "table_id", "position", "pk"):
        rows.setdefault(row.table_id, []).append(row)
    return sheets, entries, rows


def results(evaluation, round_="final", loaded=None, *, ranked=True) -> list[SheetResult]:
    """Every sheet's totals, class and rank by the points of ``round_`` (``self``, ``cross`` or ``final``),
    best first. A fixed number of queries whatever the size of the group (none with ``loaded``, see :func:`load`).
    ``ranked=False``: the totals only, in the sheets' order, without class or rank (a page that shows a round's
    points but ranks and classes by another)."""
    sheets, entries, rows_by_table = loaded or load(evaluation)
    by_table = {}  # what every sheet of a table shares: its rows by code, its rows scored by hand
    out = []
    for sheet in sheets:
        if sheet.table_id not in by_table:
            rows = rows_by_table.get(sheet.table_id, [])
            by_table[sheet.table_id] = (rows, {row.code: row.pk for row in rows},
                                        [row.pk for row in leaves(rows) if not row.is_computed])
        rows, pk_by_code, manual = by_table[sheet.table_id]
        given = {}
        for entry in entries.get(sheet.pk, []):
            if entry.code in pk_by_code:
                given[pk_by_code[entry.code]] = {"self": entry.self_points, "cross": entry.cross_points}.get(
                    round_, entry.final_points)
        totals = scoring.totals(rows, given, sheet.table.bonus_cap)
        classification = scoring.classify(totals.total, totals.by_row, rows, sheet.table.total_max,
                                          sheet.table) if ranked else None
        scored = any(given.get(pk) is not None for pk in manual)
        out.append(SheetResult(sheet, totals, classification, scored=scored))
    if not ranked:
        return out
    ranking = scoring.rank(scoring.Ranked(result, result.sheet.unit.name, result.totals.total,
                                          result.totals.sections[0] if result.totals.sections else scoring.ZERO)
                           for result in out)
    for position, entry in ranking:
        entry.key.rank = position
    return [entry.key for _position, entry in ranking]


def open_rows(evaluation, loaded=None) -> list[tuple[ScoreSheet, ScoreEntry]]:
    """Rows flagged by the threshold (or returned) whose points are not agreed yet: they hold publication."""
    sheets, entries, rows_by_table = loaded or load(evaluation)
    pending = []
    for sheet in sheets:
        if not sheet.cross_submitted:  # a cross-score being entered is not a disagreement yet
            continue
        rows = {row.code: row for row in rows_by_table.get(sheet.table_id, [])}
        for entry in entries.get(sheet.pk, []):
            row = rows.get(entry.code)
            if row is None or entry.reconciliation == ScoreEntry.Reconciliation.AGREED:
                continue
            if entry.reconciliation or is_flagged(entry, row, sheet.table.reconcile_threshold):
                pending.append((sheet, entry))
    return pending


@transaction.atomic
def publish_results(evaluation, user) -> Evaluation:
    """City staff verify and publish: every sheet scored in both rounds, no open reconciliation; the totals,
    classes and ranks are stored on the sheets."""
    evaluation.ensure_open()
    sheets = list(evaluation.sheets.select_related("unit"))
    not_done = [sheet.unit.name for sheet in sheets if not (sheet.self_submitted and sheet.cross_submitted)]
    if not_done:
        raise ValidationError(_("Chưa chấm xong: %(units)s.") % {"units": ", ".join(sorted(not_done))})
    pending = open_rows(evaluation)
    if pending:
        raise ValidationError(_("Còn %(count)s tiêu chí chênh lệch chưa thống nhất điểm.") % {"count": len(pending)})
    for result in results(evaluation):
        sheet = result.sheet
        sheet.final_total = result.totals.total
        sheet.final_class = result.classification.grade
        sheet.final_rank = result.rank
        held = result.classification.held_back_by
        sheet.held_back_by = held.code if held is not None else ""
        sheet.save(update_fields=["final_total", "final_class", "final_rank", "held_back_by"])
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.PUBLISHED,
                                                       published_at=timezone.now(), published_by=user)
    _event(evaluation, ScoreEvent.Action.PUBLISHED, user)
    evaluation.refresh_from_db()
    return evaluation


@transaction.atomic
def reopen(evaluation, user, reason: str) -> Evaluation:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Hãy ghi lý do mở lại."))
    status = Evaluation.objects.select_for_update().filter(pk=evaluation.pk).values_list("status", flat=True).first()
    if status != Evaluation.Status.PUBLISHED:
        raise ValidationError(_("Kết quả chưa công bố."))
    Evaluation.objects.filter(pk=evaluation.pk).update(status=Evaluation.Status.OPEN, published_at=None,
                                                       published_by=None)
    _event(evaluation, ScoreEvent.Action.REOPENED, user, reason=reason)
    evaluation.refresh_from_db()
    return evaluation


# --- evidence ---------------------------------------------------------------------------------------------------

def add_evidence(sheet, code: str, uploads, user) -> list:
    """Attach already validated documents (:func:`common.uploads.validate_document`) to a sheet of an open
    evaluation, for one row (``code``) or the whole sheet (``""``). All or nothing: on a failure the files
    already stored are removed again."""
    with transaction.atomic():
        sheet = _locked_sheet(sheet)
        if code:
            table = sheet_table(sheet)
            if not table.criteria.filter(code=code).exists():
                raise ValidationError(_("Tiêu chí “%(code)s” không có trong bảng chấm điểm.") % {"code": code})
        return store_documents(uploads, lambda upload: ScoreEvidence(
            sheet=sheet, code=code, original_name=upload.name[:255], size=upload.size, uploaded_by=user))
