"""Assertions about a page a person reads."""

import re
from decimal import Decimal
from html.parser import HTMLParser

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
ENGLISH_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}")


def assert_vietnamese_dates(page: str) -> None:
    """No ISO or English dates in what a person reads, date inputs included (they show dd/mm/yyyy)."""
    assert not ISO_DATE.search(page), ISO_DATE.search(page)
    assert not ENGLISH_MONTH.search(page)


class _Tables(HTMLParser):
    """Collects the rows of every ``<table>`` whose class has ``css_class``: each row a list of its cells' visible
    text (attributes such as ``title`` are not what a cell says), with its section (thead, tbody, tfoot)."""

    def __init__(self, css_class):
        super().__init__()
        self.css_class, self.depth, self.tables = css_class, 0, []
        self.section, self.row, self.cell = None, None, None

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table":
            if self.depth or self.css_class in classes:
                if not self.depth:
                    self.tables.append([])
                self.depth += 1
        elif not self.depth:
            return
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append((self.section, self.row))
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def html_tables(page: str, css_class: str) -> list[list[tuple[str, list[str]]]]:
    """The tables of class ``css_class`` in ``page``: per table, its rows as (section, [cell text, …])."""
    parser = _Tables(css_class)
    parser.feed(page)
    return parser.tables


PERCENT = re.compile(r"(-?\d{1,3}(?:\.\d{3})*,\d+)[\u00a0 ]%")


def percents(text: str) -> list[Decimal]:
    """Every percentage written in ``text`` ("1.250,5 %" → Decimal("1250.5")), in order."""
    return [Decimal(m.replace(".", "").replace(",", ".")) for m in PERCENT.findall(text)]
