"""File names for downloads: ASCII, so they survive every browser's download bar and every file system."""

import unicodedata

from django.utils.text import slugify


def ascii_slug(text) -> str:
    """"Khối các sở kinh tế" → "khoi-cac-so-kinh-te": marks dropped, đ → d (which Unicode does not decompose)."""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return slugify(text)
