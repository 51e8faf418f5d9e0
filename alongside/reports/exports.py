"""The report as a PDF (`core.pdf.text_pdf`, ReportLab) and as a spreadsheet (openpyxl). Every
figure is the published one (suppressed), and every text cell is neutralised so that nothing
runs as a formula (alongside.linkage.csv_safe)."""

import io

from openpyxl import Workbook

from alongside.core.pdf import text_pdf
from alongside.linkage.csv_safe import neutralise

from .tables import PublishedReport


def report_lines(report: PublishedReport) -> list[str]:
    lines = [f"Period: {report.period}"]
    lines += [f"{name}: {value}" for name, value in report.filters]
    lines += [
        "Counts from 1 to 4 are shown as 'fewer than 5'; some others are 'suppressed' so "
        "that no small count can be worked out from the totals."
    ]
    for section, tables in report.sections:
        lines.append(f"# {section.title}")
        if section.intro:
            lines.append(section.intro)
        for published in tables:
            table = published.table
            lines.append(f"# {table.title}")
            headings = [h for _, h in table.columns]
            for label, texts in published.rows:
                cells = "; ".join(f"{h}: {t}" for h, t in zip(headings, texts, strict=True) if t)
                lines.append(f"{label}: {cells}")
            if table.note:
                lines.append(table.note)
            lines.append("")
    lines += report.notes
    return lines


def report_pdf(report: PublishedReport) -> bytes:
    return text_pdf(report.title, report_lines(report))


def _cell(value: str):
    """A published figure as a number when it is one; any text neutralised."""
    if value.isdigit():
        return int(value)
    return neutralise(value)


def report_xlsx(report: PublishedReport) -> bytes:
    book = Workbook()
    about = book.active
    about.title = "About"
    about.append([neutralise(report.title)])
    about.append(["Period", neutralise(report.period)])
    for name, value in report.filters:
        about.append([neutralise(name), neutralise(value)])
    about.append(["Counts from 1 to 4 are shown as 'fewer than 5'; some others are 'suppressed'."])
    for note in report.notes:
        about.append([neutralise(note)])
    for section, tables in report.sections:
        sheet = book.create_sheet(section.title[:31].replace("?", ""))
        if section.intro:
            sheet.append([neutralise(section.intro)])
        for published in tables:
            table = published.table
            sheet.append([neutralise(table.title)])
            sheet.append(
                [neutralise(table.row_heading), *[neutralise(h) for _, h in table.columns]]
            )
            for label, texts in published.rows:
                sheet.append([neutralise(label), *[_cell(t) for t in texts]])
            if table.note:
                sheet.append([neutralise(table.note)])
            sheet.append([])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
