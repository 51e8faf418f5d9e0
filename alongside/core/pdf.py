"""PDF documents, laid out by ReportLab (platypus): A4, 'Page X of Y' on every page, the title
and author in the document's properties (shown as the window title), its language (en-GB)
and an outline of its headings (bookmarks), which is as far as ReportLab goes towards a tagged
PDF.

Two ways in:
- `pdf_document(title, blocks)`: a structured document of headings, paragraphs, tables and page
  breaks (the family summary, the subject access letter);
- `text_pdf(title, lines)`: lines of text, where a line starting '# ' is a heading and an empty
  line is a gap (reports, the parent's own copy of their information).

What someone typed is printed as typed and can never change the layout: paragraphs, entries
and headings are set by `PlainText`, which reads no markup at all, and table cells (ReportLab
paragraphs, which parse a little markup) are escaped first, so '<', '>' and '&' are only ever
characters. The text is set in DejaVu Sans where the system has it (most alphabets, so a name
like 'Łucja Wiśniewska' prints as written), otherwise in Helvetica.
"""

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

# Compressed streams are written as binary, not also ASCII85-encoded: a third smaller and
# quicker (ReportLab's encoder is pure Python). Set once for the process.
rl_config.useA85 = 0

LANGUAGE = "en-GB"
MARGIN = 18 * mm
# Rows per table before it is continued in a new table (with its header again): ReportLab
# re-measures what is left of a table at every page break, so one very long table is slow.
ROWS_PER_TABLE = 40
FONT_FOLDERS = (
    Path("/usr/share/fonts/truetype/dejavu"),  # Debian, Ubuntu
    Path("/usr/share/fonts/dejavu"),  # Fedora
    Path("/usr/share/fonts/TTF"),  # Arch
)
# C0 control characters other than tab and newline: never meant to be printed.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


# --- What a document is made of ---------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 is the document's title, 2 a section, 3 a part of a section."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Text:
    """A paragraph. Line breaks in the text are kept; `small` sets it smaller (notes)."""

    text: str
    small: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Entry:
    """One item of a list such as a chronology: a bold first line, then its text and, smaller,
    any detail. One paragraph, so a long entry flows on to the next page."""

    title: str
    text: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Table:
    """A table, with a header row unless `header` is empty. `widths` are fractions of the
    page's width, one per column."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None = None


@dataclass(frozen=True)
class NewPage:
    """Start a new page."""


Block = Heading | Text | Entry | Table | NewPage


# --- Fonts and styles -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """(regular, bold) font names: DejaVu Sans if the system has it, else Helvetica."""
    for folder in FONT_FOLDERS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("AlongsideSans", str(regular)))
            pdfmetrics.registerFont(TTFont("AlongsideSans-Bold", str(bold)))
            pdfmetrics.registerFontFamily(
                "AlongsideSans",
                normal="AlongsideSans",
                bold="AlongsideSans-Bold",
                italic="AlongsideSans",
                boldItalic="AlongsideSans-Bold",
            )
            return "AlongsideSans", "AlongsideSans-Bold"
    return "Helvetica", "Helvetica-Bold"


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = _fonts()
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=10, leading=13.5, spaceAfter=4, alignment=TA_LEFT
    )
    return {
        "body": body,
        "bold": ParagraphStyle("bold", parent=body, fontName=bold),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11),
        "entry": ParagraphStyle("entry", parent=body, spaceBefore=2, spaceAfter=7),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11.5, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=body, fontName=bold, fontSize=9, leading=11.5, spaceAfter=0
        ),
        "h1": ParagraphStyle(
            "h1", parent=body, fontName=bold, fontSize=17, leading=21, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=bold,
            fontSize=13.5,
            leading=17,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=True,
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=body,
            fontName=bold,
            fontSize=11,
            leading=14,
            spaceBefore=6,
            spaceAfter=3,
            keepWithNext=True,
        ),
    }


def _plain_lines(text: str) -> list[str]:
    """The text's lines, with control characters dropped and tabs as four spaces."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub("", text).replace("\t", "    ").split("\n")


def markup(text: str) -> str:
    """Plain text as ReportLab paragraph markup: '<', '>' and '&' escaped, line breaks kept,
    leading spaces kept (indented lines), control characters dropped."""
    lines = _plain_lines(text)
    out = []
    for line in lines:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        out.append("&nbsp;" * indent + escape(stripped, quote=False))
    return "<br/>".join(out)


# --- The pages: page numbers and the outline --------------------------------------------------


TOTAL_FORM = "AlongsidePageTotal"


def _footer(footer: str):
    """Draws the foot of each page: `footer` on the left, 'Page X of ' on the right, then the
    total, which is a form filled in once the last page is known."""
    regular, _ = _fonts()

    def draw(canvas, _document):
        canvas.saveState()
        canvas.setFont(regular, 8)
        canvas.setFillColor(colors.HexColor("#505a5f"))
        width, _ = A4
        if footer:
            canvas.drawString(MARGIN, 10 * mm, footer[:100])
        label = f"Page {canvas.getPageNumber()} of "
        x = width - MARGIN - 24 * mm
        canvas.drawString(x, 10 * mm, label)
        canvas.translate(x + canvas.stringWidth(label, regular, 8), 10 * mm)
        canvas.doForm(TOTAL_FORM)
        canvas.restoreState()

    return draw


class _TotalCanvas(Canvas):
    """Fills in the page total (see `_footer`) when the document is saved."""

    def save(self):
        regular, _ = _fonts()
        self.beginForm(TOTAL_FORM)
        self.setFont(regular, 8)
        self.setFillColor(colors.HexColor("#505a5f"))
        self.drawString(0, 0, str(self.getPageNumber() - 1))
        self.endForm()
        super().save()


class _Document(SimpleDocTemplate):
    """Adds each heading to the PDF's outline as it is placed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._outline_level = -1
        self._outline_count = 0

    def afterFlowable(self, flowable):  # noqa: N802 - ReportLab's name
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        # An outline may go down only one level at a time.
        level = min(level, self._outline_level + 1)
        self._outline_level = level
        self._outline_count += 1
        key = f"h{self._outline_count}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.outline_text, key, level=level, closed=level > 0)


def _table(block: Table, width: float) -> list:
    styles = _styles()
    columns = len(block.header) or max((len(row) for row in block.rows), default=1)
    fractions = block.widths or tuple(1 / columns for _ in range(columns))
    widths = [width * f for f in fractions]
    header = [[Paragraph(markup(h), styles["head"]) for h in block.header]] if block.header else []
    style = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#b1b4b6")),
            *([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f2f1"))] if header else []),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
    )
    rows = [[Paragraph(markup(cell), styles["cell"]) for cell in row] for row in block.rows]
    tables = []
    for start in range(0, max(len(rows), 1), ROWS_PER_TABLE):
        part = RLTable(
            [*header, *rows[start : start + ROWS_PER_TABLE]],
            colWidths=widths,
            repeatRows=len(header),
            hAlign="LEFT",
            splitInRow=1,  # a row taller than a page flows on to the next
        )
        part.setStyle(style)
        tables.append(part)
    return [*tables, Spacer(1, 6)]


# --- Plain text, set quickly ------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def _width(word: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(word, font, size)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of one line of text (leading spaces kept), measuring each word once."""
    stripped = text.lstrip(" ")
    indent = " " * (len(text) - len(stripped))
    words = stripped.split()
    if not words:
        return [""]
    space = _width(" ", font, size)
    lines, line, used = [], indent, _width(indent, font, size) if indent else 0.0
    for word in words:
        wide = _width(word, font, size)
        if line.strip() and used + space + wide > width:
            lines.append(line)
            line, used = "", 0.0
        while wide > width and len(word) > 1:  # a word longer than the line: cut it
            cut = len(word)
            while cut > 1 and _width(word[:cut], font, size) > width:
                cut = max(1, int(cut * width / _width(word[:cut], font, size)) - 1)
            if line.strip():
                lines.append(line)
            lines.append(word[:cut])
            line, used = "", 0.0
            word = word[cut:]
            wide = _width(word, font, size)
        if line.strip():
            line, used = f"{line} {word}", used + space + wide
        else:
            line, used = f"{line}{word}", used + wide
    lines.append(line)
    return lines


class PlainText(Flowable):
    """Runs of plain text, each in its own font and size with its own space after it, wrapped
    at spaces and set line by line. Nothing in the text is read as markup, and it is many
    times quicker than ReportLab's Paragraph, which matters for a chronology or a letter of
    thousands of lines. It flows on to the next page between lines."""

    def __init__(self, runs, *, lines=None):
        super().__init__()
        self.runs = runs  # [(text, font, size, leading, space after)]
        self._lines = lines  # [(line, font, size, leading, height)] once wrapped
        self._wrapped_for = None if lines is None else "given"

    def _wrap_runs(self, width: float) -> list:
        lines = []
        for text, font, size, leading, after in self.runs:
            parts = _plain_lines(text)
            run = [
                (line, font, size, leading, leading)
                for part in parts
                for line in _wrap(part, font, size, width)
            ]
            line, font, size, leading, _ = run[-1]
            run[-1] = (line, font, size, leading, leading + after)
            lines += run
        return lines

    def wrap(self, available_width, available_height):
        if self._wrapped_for not in (available_width, "given"):
            self._lines = self._wrap_runs(available_width)
            self._wrapped_for = available_width
        self.width = available_width
        self.height = sum(line[4] for line in self._lines)
        return self.width, self.height

    def split(self, available_width, available_height):
        self.wrap(available_width, available_height)
        used, count = 0.0, 0
        for line in self._lines:
            if used + line[3] > available_height:  # the line itself, not the space after it
                break
            used += line[4]
            count += 1
        if count == 0:
            return []
        first = self._lines[:count]
        last = first[-1]
        first[-1] = (*last[:4], last[3])  # the space after goes with the page
        parts = [PlainText(self.runs, lines=first)]
        for name in ("outline_level", "outline_text", "spaceBefore"):  # a heading's
            if hasattr(self, name):
                setattr(parts[0], name, getattr(self, name))
        if count < len(self._lines):
            parts.append(PlainText(self.runs, lines=self._lines[count:]))
            for name in ("spaceAfter", "keepWithNext"):
                if hasattr(self, name):
                    setattr(parts[1], name, getattr(self, name))
        return parts

    def draw(self):
        text = self.canv.beginText()
        y = self.height
        current = None
        for line, font, size, _leading, height in self._lines:
            if current != (font, size):
                text.setFont(font, size)
                current = (font, size)
            text.setTextOrigin(0, y - size)
            if line:
                text.textOut(line)
            y -= height
        self.canv.drawText(text)


def _run(text: str, style: str) -> tuple:
    chosen = _styles()[style]
    return (text, chosen.fontName, chosen.fontSize, chosen.leading, chosen.spaceAfter)


def _heading(block: Heading) -> PlainText:
    """A heading: kept with what follows it, and in the document's outline."""
    level = min(max(block.level, 1), 3)
    style = _styles()[f"h{level}"]
    heading = PlainText([(block.text, style.fontName, style.fontSize, style.leading, 0)])
    heading.spaceBefore, heading.spaceAfter = style.spaceBefore, style.spaceAfter
    heading.keepWithNext = level > 1
    heading.outline_level = level - 1
    heading.outline_text = CONTROL.sub("", block.text)[:200]
    return heading


def _entry(block: Entry) -> tuple:
    regular, bold = _fonts()
    runs = [(block.title, bold, 10, 13.5, 0)]
    if block.detail:
        runs.append((block.detail, regular, 8.5, 11, 0))
    if block.text:
        runs.append((block.text, regular, 10, 13.5, 0))
    last = runs[-1]
    runs[-1] = (*last[:4], 8)
    return runs


def _flowables(title: str, blocks: list[Block], width: float) -> list:
    """ReportLab's flowables for the blocks. Text and entries one after another are set as one
    PlainText (a flowable each would make a long letter slow to lay out)."""
    story: list = []
    runs: list = []

    def flush():
        if runs:
            story.append(PlainText(list(runs)))
            runs.clear()

    for block in [Heading(title, 1), *blocks]:
        if isinstance(block, Text):
            if not block.text.strip():
                regular, _ = _fonts()
                runs.append(("", regular, 6, 6, 0))
            else:
                runs.append(
                    _run(block.text, "small" if block.small else "bold" if block.bold else "body")
                )
            continue
        if isinstance(block, Entry):
            runs.extend(_entry(block))
            continue
        flush()
        if isinstance(block, Heading):
            story.append(_heading(block))
        elif isinstance(block, Table):
            story += _table(block, width)
        elif isinstance(block, NewPage):
            story.append(PageBreak())
    flush()
    return story


def pdf_document(
    title: str,
    blocks: list[Block],
    *,
    author: str = "Alongside",
    subject: str = "",
    footer: str = "",
    on_progress=None,
) -> bytes:
    """The document as PDF bytes. `footer` is printed at the foot of every page beside the page
    number; `on_progress(done, total)` hears how far the layout has got."""
    out = io.BytesIO()
    document = _Document(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=CONTROL.sub("", title),
        author=CONTROL.sub("", author),
        subject=CONTROL.sub("", subject),
        creator="Alongside",
        lang=LANGUAGE,
    )
    story = _flowables(title, blocks, document.width)
    if on_progress is not None:
        total = len(story)

        def progress(kind, value):
            if kind == "PROGRESS":
                on_progress(value, total)

        document.setProgressCallBack(progress)

    draw_footer = _footer(CONTROL.sub("", footer))

    def first_page(canvas, doc):
        canvas.setViewerPreference("DisplayDocTitle", "true")
        canvas.showOutline()
        draw_footer(canvas, doc)

    document.build(
        story, onFirstPage=first_page, onLaterPages=draw_footer, canvasmaker=_TotalCanvas
    )
    return out.getvalue()


# --- Lines of text ------------------------------------------------------------------------------


def blocks_from_lines(lines: list[str]) -> list[Block]:
    """'# ' starts a heading; an empty line is a gap; anything else is a paragraph."""
    blocks: list[Block] = []
    for line in lines:
        if line.startswith("# "):
            blocks.append(Heading(line[2:], 2))
        else:
            blocks.append(Text(line))
    return blocks


def text_pdf(title: str, lines: list[str], *, author: str = "Alongside") -> bytes:
    """The title, then the lines: '# ' starts a heading, an empty line is a gap. A first line
    that only repeats the title is left out."""
    if lines and lines[0] == f"# {title}":
        lines = lines[1:]
    return pdf_document(title, blocks_from_lines(lines), author=author)
