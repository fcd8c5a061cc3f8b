"""File names for downloads: ASCII, so they survive every browser's download bar and every file system.

One style for every file the application hands out (:func:`download_name`): the document's words, then whose it
is, the year, the period, and the version when there is more than one — ASCII words joined by hyphens. The PDF
and the workbook of the same document share their stem and differ only by extension:

- ``ke-hoach-thi-dua-2024.pdf`` / ``ke-hoach-thi-dua-2024.xlsx``
- ``giao-uoc-khoi-cac-so-kinh-te-2024.pdf``, an amendment ``giao-uoc-khoi-cac-so-kinh-te-2024-v2.xlsx``
- ``tien-do-khoi-cac-so-kinh-te-2024-6-thang.pdf``, ``tien-do-khoi-thi-dua-2024-6-thang.xlsx``

The per-document names are in :mod:`exports.filenames` (and the import template's in :mod:`pledges.excel`).
"""

import unicodedata

from django.utils.text import slugify


def ascii_slug(text) -> str:
    """"Khối các sở kinh tế" → "khoi-cac-so-kinh-te": marks dropped, đ → d (which Unicode does not decompose)."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return slugify(text)


def download_name(*parts, version: int | None = None, ext: str) -> str:
    """``download_name("giao-uoc", "Khối các sở", 2024, version=2, ext="pdf")`` →
    ``giao-uoc-khoi-cac-so-2024-v2.pdf``. Parts in the order of the style (what, whose, year, period); empty
    parts are left out; the version is written from 2 on (the first version has none)."""
    words = [ascii_slug(part) for part in parts if part not in (None, "")]
    if version and version > 1:
        words.append(f"v{version}")
    return "-".join(word for word in words if word) + "." + ext
