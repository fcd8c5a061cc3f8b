"""A printed PDF measured as an office would measure it: where each word and line of text is (poppler's
``pdftotext -bbox-layout``), where each rule and border is painted (the page's drawing operators, read with
pypdf), at what size each piece of text is set, and which font subsets are embedded (``pdffonts``).

Lengths are in millimetres from the top-left corner of the page, as a ruler on paper reads them. poppler-utils
must be installed (``apt-get install poppler-utils``; ``.ci/run`` installs it)."""

import os
import shutil
import subprocess
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from tests.downloads import open_pdf

MM = 72 / 25.4                   # points per millimetre
XHTML = "{http://www.w3.org/1999/xhtml}"


def poppler_missing() -> bool:
    """Whether to skip the measuring tests: poppler-utils is missing, outside CI (in CI they are mandatory and
    fail without it)."""
    return not os.environ.get("CI") and (shutil.which("pdftotext") is None or shutil.which("pdffonts") is None)


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Line:
    words: list[Word]
    block: int                   # lines of one block (a paragraph, a table cell) share the number

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass
class Page:
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)

    def find(self, text: str) -> list[Line]:
        """The lines that read exactly ``text`` (spaces collapsed)."""
        wanted = " ".join(text.split())
        return [line for line in self.lines if line.text == wanted]


def _run(command: list[str], data: bytes) -> str:
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "document.pdf"
        path.write_bytes(data)
        return subprocess.run([*command, str(path), "-"] if command[0] == "pdftotext" else [*command, str(path)],
                              check=True, capture_output=True, text=True).stdout


def text_pages(data: bytes) -> list[Page]:
    """Every page's lines of text with the box of each word (NFC; a no-break space splits words as a space)."""
    root = ET.fromstring(_run(["pdftotext", "-bbox-layout"], data))
    pages = []
    block_number = 0
    for page in root.iter(f"{XHTML}page"):
        result = Page(float(page.get("width")) / MM, float(page.get("height")) / MM)
        for block in page.iter(f"{XHTML}block"):
            block_number += 1
            for line in block.iter(f"{XHTML}line"):
                words = []
                for word in line.iter(f"{XHTML}word"):
                    for part in unicodedata.normalize("NFC", word.text or "").split():
                        words.append(Word(part, *(float(word.get(k)) / MM for k in ("xMin", "yMin", "xMax", "yMax"))))
                if words:
                    result.lines.append(Line(words, block_number))
        pages.append(result)
    return pages


@dataclass
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def _multiply(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def painted(data: bytes, page_index: int) -> list[Box]:
    """The box of every path painted on the page (rules, borders, fills), in mm from the top-left corner."""
    from pypdf.generic import ContentStream

    reader = open_pdf(data)
    page = reader.pages[page_index]
    height = float(page.mediabox.height)
    stream = ContentStream(page.get_contents(), reader)
    ctm, stack, points, boxes = [1, 0, 0, 1, 0, 0], [], [], []

    def point(x, y):
        return (x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5])

    for operands, operator in stream.operations:
        if operator == b"q":
            stack.append(ctm[:])
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif operator in (b"m", b"l"):
            points.append(point(*(float(v) for v in operands)))
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            points += [point(x, y), point(x + w, y + h)]
        elif operator in (b"f", b"F", b"f*", b"S", b"s", b"B", b"B*", b"b", b"b*"):
            if points:
                xs, ys = [p[0] for p in points], [p[1] for p in points]
                boxes.append(Box(min(xs) / MM, (height - max(ys)) / MM, max(xs) / MM, (height - min(ys)) / MM))
            points = []
        elif operator == b"n":
            points = []
    return boxes


def rules(data: bytes, page_index: int) -> list[Box]:
    """Horizontal rules: painted boxes wider than 3 mm and thinner than 0.6 mm."""
    return [box for box in painted(data, page_index) if box.width > 3 and box.height < 0.6]


def rule_under(lines: list[Line], candidates: list[Box]) -> Box:
    """The rule right under a block of lines (its top within 8 mm of the block's last line), centred on it."""
    bottom = max(line.y1 for line in lines)
    centre = (min(line.x0 for line in lines) + max(line.x1 for line in lines)) / 2
    below = [box for box in candidates if 0 <= box.y0 - bottom < 8 and abs((box.x0 + box.x1) / 2 - centre) < 3]
    assert below, f"no rule under {[line.text for line in lines]}"
    return min(below, key=lambda box: box.y0 - bottom)


def text_sizes(data: bytes, page_index: int) -> list[tuple[str, float]]:
    """(text, size in points as printed) of each piece of text the page shows."""
    pieces = []

    def visit(text, cm, tm, font_dict, font_size):
        scale = abs(_multiply(tm, cm)[3])
        if text.strip():
            pieces.append((unicodedata.normalize("NFC", text.strip()), round(font_size * scale, 2)))

    open_pdf(data).pages[page_index].extract_text(visitor_text=visit)
    return pieces


def font_names(data: bytes) -> list[str]:
    """The name of every font object embedded, as ``pdffonts`` lists them (one per object, duplicates kept)."""
    out = _run(["pdffonts"], data).splitlines()
    return [row.split()[0] for row in out[2:] if row.strip()]


def broken_words(pages: list[Page], compounds: list[str]) -> list[str]:
    """Every one of ``compounds`` (words of several syllables) whose syllables end one line and start the
    next line of the same block: "ĐẦU / TƯ"."""
    broken = []
    for page in pages:
        for above, below in zip(page.lines, page.lines[1:], strict=False):
            if above.block != below.block:
                continue
            for compound in compounds:
                syllables = compound.split()
                for cut in range(1, len(syllables)):
                    head, tail = syllables[:cut], syllables[cut:]
                    if ([w.text.strip(",") for w in above.words[-len(head):]] == head
                            and [w.text.strip(",") for w in below.words[:len(tail)]] == tail):
                        broken.append(f"{above.text} / {below.text}")
    return broken


def assert_rule_ratio(data: bytes, block: list[str]) -> float:
    """The rule under the first page's lines ``block`` (their texts) is a third to a half of the block's widest
    line (Decree 30); returns the ratio."""
    page = text_pages(data)[0]
    lines = [page.find(text)[0] for text in block]
    rule = rule_under(lines, rules(data, 0))
    ratio = rule.width / max(line.width for line in lines)
    assert 1 / 3 <= ratio <= 1 / 2, (block, round(ratio, 3))
    return ratio


def subject_block(page: Page, doc_type: str) -> list[str]:
    """The lines of the subject under the document's type: the block of the line that follows it."""
    after = page.lines.index(page.find(doc_type)[0]) + 1
    block = page.lines[after].block
    return [line.text for line in page.lines[after:] if line.block == block]
