"""Assertions about a page a person reads."""

import re

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}")


def assert_vietnamese_dates(page: str) -> None:
    """No ISO or English dates in what a person reads, date inputs included (they show dd/mm/yyyy)."""
    assert not ISO_DATE.search(page), ISO_DATE.search(page)
    assert not ENGLISH_MONTH.search(page)
