"""The city progress workbook of a generated city is the file openpyxl's own writer gives for the same cells,
part for part and byte for byte (common.xlsx writes the sheets' rows itself, for speed: issue 14); a unit named
like a formula stays text."""

import io
import zipfile
from io import StringIO

import openpyxl
import pytest
from django.core.management import call_command

from campaigns.models import Campaign
from common import xlsx
from exports import workbooks
from groups.models import Group, Membership

pytestmark = pytest.mark.django_db

YEAR = 2033
FORMULA_NAME = '=HYPERLINK("http://x","y")'


@pytest.fixture
def city(db):
    call_command("generate_scale_data", units=40, indicators=5, periods=2, year=YEAR, seed=11, stdout=StringIO())
    campaign = Campaign.objects.get(year=YEAR)
    unit = Membership.objects.filter(group__campaign=campaign).select_related("unit").first().unit
    unit.name = FORMULA_NAME
    unit.save(update_fields=["name"])
    return campaign


def _parts(content: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "docProps/core.xml"}


def _workbooks(campaign):
    groups = Group.objects.filter(campaign=campaign)
    for period in campaign.periods.order_by("end_date"):
        yield workbooks.progress_workbook(campaign, period, groups, today=period.deadline)
        yield workbooks.progress_workbook(campaign, period, groups.filter(kind=Group.Kind.BLOC), kind="bloc",
                                          sort="average", today=period.end_date.replace(year=YEAR + 1))


def test_the_city_workbook_is_the_file_openpyxls_writer_writes(city, monkeypatch):
    fast = list(_workbooks(city))
    monkeypatch.setattr(xlsx, "_create_sheet", lambda wb, title: wb.create_sheet(title))
    reference = list(_workbooks(city))
    assert len(fast) == 4
    for ours, theirs in zip(fast, reference, strict=True):
        assert _parts(ours) == _parts(theirs)
    cells = [(c.value, c.number_format) for ws in openpyxl.load_workbook(io.BytesIO(fast[0])).worksheets
             for row in ws.iter_rows() for c in row if c.value is not None]
    assert len(cells) > 1000


def test_a_unit_named_like_a_formula_stays_text(city):
    content = next(_workbooks(city))
    found = [c for ws in openpyxl.load_workbook(io.BytesIO(content)).worksheets for row in ws.iter_rows()
             for c in row if c.value == FORMULA_NAME]
    assert found and all(c.data_type == "s" and c.quotePrefix for c in found)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheets
