"""The exports of the year-end evaluation: the group's score summary PDF."""

import re
import unicodedata

import pytest
from django.urls import reverse

from evaluation import rounds
from evaluation.scoring import points_text
from tests import downloads
from tests.downloads import download_url
from tests.evaluation.test_rounds import ev, scored_both_rounds  # noqa: F401 (ev is a fixture)

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return unicodedata.normalize("NFC", downloads.pdf_text(content))


def page_rows(html: str) -> list[tuple[str, str, str, str]]:
    """(rank, unit, total, class) of each row of the rendered results page."""
    table = html.split('<table class="eval-results">', 1)[1].split("</table>", 1)[0]
    head, body = table.split("<tbody>", 1)
    headers = [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
    total, grade = headers.index("Tổng điểm"), headers.index("Xếp loại")  # found by name: columns may be added
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
        cells = [re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.S)]
        rows.append((cells[0][0], " ".join(cells[1]), cells[total][0], " ".join(cells[grade])))
    return rows


def test_results_pdf_says_what_the_results_page_shows(ev, world, officer, city, client_as):  # noqa: F811
    scored_both_rounds(ev, world, officer, cross_21="24")
    client = client_as("city")
    page = client.get(reverse("evaluation:results", args=[world.cluster_a.pk])).content.decode()
    assert download_url("results_pdf", group=world.cluster_a.pk).replace("&", "&amp;") in page
    response = client.get(download_url("results_pdf", group=world.cluster_a.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "DỰ THẢO" in text  # not published yet
    flat = " ".join(text.split())
    rows = page_rows(page)
    assert len(rows) == 3
    for rank, unit, total, grade in rows:
        assert re.search(rf"{rank} {re.escape(unit)} [0-9, —]*?{re.escape(total)} {re.escape(grade)}", flat), (unit, flat)
    results = {r.sheet.unit_id: r for r in rounds.results(ev, "final")}
    assert points_text(results[world.a2.pk].totals.total) in text


PERSONAS = ("city", "viewer", "officer", "officer2", "outsider", "no_unit")
# The score summary's access per persona, before and after publication (``evaluation.access.require_results``).
RESULTS_PDF = {
    "draft": dict(city=200, viewer=200, officer=200, officer2=404, outsider=404, no_unit=404),
    "published": dict(city=200, viewer=200, officer=200, officer2=200, outsider=404, no_unit=404),
}


@pytest.mark.parametrize("state", RESULTS_PDF)
def test_results_pdf_permissions(ev, world, officer, city, client_as, state):  # noqa: F811
    scored_both_rounds(ev, world, officer)
    if state == "published":
        rounds.publish_results(ev, city)
    url = download_url("results_pdf", group=world.cluster_a.pk)
    got = {persona: client_as(persona).get(url).status_code for persona in PERSONAS}
    assert got == RESULTS_PDF[state]
    if state == "published":
        assert "DỰ THẢO" not in pdf_text(client_as("officer2").get(url).content)
