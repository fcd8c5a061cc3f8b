"""The Excel template download and the import page: who may use them, and what a person sees for a faulty file,
a broken file and a good one."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pledges.models import Target

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Chiều đánh giá",
           "Chỉ tiêu thành phố", "Giá trị cam kết"]


def template_url(pledge):
    return reverse("pledges:template", kwargs={"pk": pledge.pk})


def import_url(pledge):
    return reverse("pledges:import", kwargs={"pk": pledge.pk})


def workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu cam kết"
    ws.append(HEADERS)
    for unit, line, value in rows:
        ws.append([unit, "", line, "", "", "", None, value])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def post_file(client, pledge, content, name="giao-uoc.xlsx"):
    return client.post(import_url(pledge), {"file": SimpleUploadedFile(name, content, content_type=XLSX)})


def snapshot():
    return list(Target.objects.order_by("pk").values_list("line_id", "unit_id", "status", "value", "version"))


# --- the template ---------------------------------------------------------------------------------------------


def test_city_staff_download_the_template(city_client, pledge):
    response = city_client.get(template_url(pledge))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    # The same download shape as every export: ASCII name, and the length for the browser's progress bar.
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-chi-tieu-cum-thi-dua-cac-so-so-1-2024.xlsx"'
    assert int(response["Content-Length"]) == len(response.content)
    ws = load_workbook(BytesIO(response.content))["Chỉ tiêu cam kết"]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.max_row == 1 + 9  # three members × three lines


@pytest.mark.parametrize(("persona", "expected"), [("viewer", 403), ("officer", 403), ("outsider", 404)])
def test_others_may_not_download_the_template(client_as, pledge, persona, expected):
    assert client_as(persona).get(template_url(pledge)).status_code == expected


# --- the import page ------------------------------------------------------------------------------------------


def test_city_staff_see_the_import_form(city_client, pledge):
    response = city_client.get(import_url(pledge))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


@pytest.mark.parametrize(("persona", "expected"), [("viewer", 403), ("officer", 403), ("outsider", 404)])
def test_others_may_not_import(client_as, pledge, persona, expected):
    before = snapshot()
    response = post_file(client_as(persona), pledge, workbook([("SKHDT", "KT01", 1)]))
    assert response.status_code == expected
    assert snapshot() == before


def test_rows_with_errors_are_listed_and_nothing_is_saved(city_client, pledge):
    content = workbook([("SKHDT", "KT01", 8.5), ("QHC", "KT01", 1), ("SKHDT", "XH01", "nhiều"),
                        ("SKHDT", "KT01", 9)])
    response = post_file(city_client, pledge, content)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Dòng 3" in page and "Đơn vị “QHC” không thuộc cụm, khối này." in page
    assert "Dòng 4" in page and "“nhiều” không phải là một số." in page
    assert "Dòng 5" in page and "Trùng với dòng 2." in page
    assert "Dòng 2<" not in page  # the valid row is not listed as faulty
    assert not Target.objects.exists()


def test_a_file_that_is_not_excel_is_refused(city_client, pledge):
    response = post_file(city_client, pledge, "không phải excel".encode())

    assert response.status_code == 200
    assert "Tệp không phải là tệp Excel .xlsx hoặc đã bị hỏng." in response.content.decode()
    assert not Target.objects.exists()


def test_a_file_larger_than_5_mb_is_refused(city_client, pledge):
    response = post_file(city_client, pledge, b"\0" * (5 * 1024 * 1024 + 1))

    assert response.status_code == 200
    assert "Tệp lớn hơn 5 MB." in response.content.decode()
    assert not Target.objects.exists()


def test_a_good_file_is_saved(city_client, pledge, world):
    template = load_workbook(BytesIO(city_client.get(template_url(pledge)).content))
    ws = template["Chỉ tiêu cam kết"]
    values = {("SKHDT", "KT01"): 9.5, ("SKHDT", "XH01"): 0, ("SKHDT", "CQ01"): "x", ("STC", "KT01"): "-"}
    for row in ws.iter_rows(min_row=2):
        row[7].value = values.get((row[0].value, row[2].value))
    buffer = BytesIO()
    template.save(buffer)

    response = post_file(city_client, pledge, buffer.getvalue())

    assert response.status_code == 302
    assert response["Location"].split("#")[0] == reverse("pledges:detail", kwargs={"pk": pledge.pk})
    saved = {(t.unit.code, t.line.code): (t.status, t.value)
             for t in Target.objects.filter(pledge=pledge).select_related("unit", "line")}
    assert saved == {
        ("SKHDT", "KT01"): ("set", Decimal("9.5")),
        ("SKHDT", "XH01"): ("set", Decimal("0")),
        ("SKHDT", "CQ01"): ("set", None),
        ("STC", "KT01"): ("na", None),
    }


@pytest.mark.parametrize("method", ["get", "post"])
def test_no_import_once_the_pledge_is_no_longer_a_draft(city_client, open_pledge, method):
    before = snapshot()
    if method == "get":
        response = city_client.get(import_url(open_pledge))
    else:
        response = post_file(city_client, open_pledge, workbook([("SKHDT", "KT01", 99)]))
    assert response.status_code == 403
    assert snapshot() == before
