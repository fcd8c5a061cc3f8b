"""The download name of every export, in the one style of :func:`common.filenames.download_name`: the PDF and
the workbook of a document share their stem (``giao-uoc-…-2024-v2.pdf`` and ``….xlsx``)."""

from common.filenames import download_name

PDF, XLSX = "pdf", "xlsx"


def plan_filename(campaign, ext: str = PDF) -> str:
    """``ke-hoach-thi-dua-2024.pdf``."""
    return download_name("ke-hoach-thi-dua", campaign.year, ext=ext)


def pledge_filename(pledge, ext: str = PDF) -> str:
    """``giao-uoc-khoi-cac-so-kinh-te-2024.pdf``; an amendment carries its version: ``…-2024-v2.pdf``."""
    return download_name("giao-uoc", pledge.group.name or pledge.group_id, pledge.campaign.year,
                         version=pledge.version, ext=ext)


def group_progress_filename(group, period, ext: str = PDF) -> str:
    """A group's progress at a period: ``tien-do-cum-thi-dua-cac-so-so-1-2024-6-thang.pdf``."""
    return download_name("tien-do", group.name, group.campaign.year, period.name or period.pk, ext=ext)


def _kind_label(kind):
    from groups.models import Group

    return Group.Kind(kind).label if kind in Group.Kind.values else None


def city_progress_filename(campaign, period, kind: str = "all", ext: str = XLSX) -> str:
    """The city's progress at a period: ``tien-do-2024-6-thang.xlsx``, ``tien-do-khoi-thi-dua-2024-6-thang.xlsx``
    for the blocs only."""
    return download_name("tien-do", _kind_label(kind), campaign.year, period.name or period.pk, ext=ext)


def late_filename(period, kind: str = "all", ext: str = XLSX) -> str:
    """``nop-muon-2024-6-thang.xlsx``; ``nop-muon-cum-thi-dua-2024-6-thang.xlsx`` for the clusters only."""
    return download_name("nop-muon", _kind_label(kind), period.campaign.year, period.name or period.pk, ext=ext)


def city_pledges_filename(campaign, ext: str = PDF) -> str:
    """Every pledge of the year in one PDF: ``giao-uoc-tat-ca-2024.pdf``."""
    return download_name("giao-uoc", "tat-ca", campaign.year, ext=ext)


def results_filename(group, ext: str = PDF) -> str:
    """A group's score summary: ``ket-qua-cham-diem-khoi-cac-so-kinh-te-2024.pdf``."""
    return download_name("ket-qua-cham-diem", group.name, group.campaign.year, ext=ext)


def sheet_filename(sheet, ext: str = PDF) -> str:
    """One unit's score sheet: ``phieu-cham-diem-so-tai-chinh-2024.pdf``."""
    return download_name("phieu-cham-diem", sheet.unit.name or sheet.unit_id, sheet.evaluation.group.campaign.year,
                         ext=ext)


def city_results_filename(campaign, ext: str = XLSX) -> str:
    """Every group's score summary of the year: ``ket-qua-cham-diem-2024.xlsx``."""
    return download_name("ket-qua-cham-diem", campaign.year, ext=ext)


def submission_filename(group, ext: str = PDF) -> str:
    """A group's submission of its proposals: ``to-trinh-khen-thuong-cum-thi-dua-cac-so-so-1-2024.pdf``."""
    return download_name("to-trinh-khen-thuong", group.name, group.campaign.year, ext=ext)


def minutes_filename(group, ext: str = PDF) -> str:
    """A group's year-end meeting minutes: ``bien-ban-hoi-nghi-khoi-cac-so-kinh-te-2024.pdf``."""
    return download_name("bien-ban-hoi-nghi", group.name, group.campaign.year, ext=ext)


def proposals_filename(campaign, ext: str = XLSX) -> str:
    """The city's award proposals of the year: ``de-nghi-khen-thuong-2024.xlsx``."""
    return download_name("de-nghi-khen-thuong", campaign.year, ext=ext)


def awards_annex_filename(campaign, number: str = "", ext: str = PDF) -> str:
    """The annex of an award decision: ``danh-sach-khen-thuong-2024.pdf``, ``…-2024-12-qd-ubnd.pdf`` for one
    decision."""
    return download_name("danh-sach-khen-thuong", campaign.year, (number or "").replace("/", "-") or None, ext=ext)
