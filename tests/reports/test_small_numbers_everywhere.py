"""One real report (the hand-worked service of test_impact_report: Outcomes Based
Accountability and equality), read back from every output: every count from 1 to 4 shows as
'fewer than 5' in the page, its charts, the spreadsheet (read with openpyxl), the PDF (its text
read with pypdf) and the API's JSON; and every output shows the same figure for every cell."""

import io
import re
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from alongside.api.services import api_token_issue
from alongside.core.suppression import FEWER_THAN_5
from alongside.reports.selectors import Scope, all_sections, report_for
from tests.api.conftest import PartnerClient
from tests.factories import OrganisationFactory

from .test_impact_report import END, START, hand_worked  # noqa: F401 (a fixture)

SECTIONS = {"how_much", "how_well", "better_off", "equality"}
QUERY = "start_0=1&start_1=1&start_2=2025&end_0=31&end_1=12&end_2=2025"


def small_counts(scope):
    """(table title, table key, row key, row label, column key, heading) of each count from 1
    to 4 in the OBA and equality sections, from the raw figures."""
    out = []
    for section in all_sections(scope):
        if section.key not in SECTIONS:
            continue
        for table in section.tables:
            labels, headings = dict(table.rows), dict(table.columns)
            for (row, column), value in table.counts.items():
                if 1 <= value <= 4:
                    out.append((table.title, table.key, row, labels[row], column, headings[column]))
    return out


class Tables(HTMLParser):
    """The page's tables: {caption: [[cell text, ...] per row]}, and its SVG text."""

    def __init__(self):
        super().__init__()
        self.tables, self.svg_text = {}, []
        self.caption = self.cell = None
        self.in_svg_text = False

    def handle_starttag(self, tag, attrs):
        if tag == "caption":
            self.caption = ""
        elif tag == "tr" and self.tables:
            self.tables[list(self.tables)[-1]].append([])
        elif tag in ("td", "th"):
            self.cell = ""
        elif tag == "text":
            self.in_svg_text = True

    def handle_endtag(self, tag):
        if tag == "caption":
            self.tables[self.caption.strip()] = []
            self.caption = None
        elif tag in ("td", "th") and self.cell is not None:
            self.tables[list(self.tables)[-1]][-1].append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "text":
            self.in_svg_text = False

    def handle_data(self, data):
        if self.caption is not None:
            self.caption += data
        elif self.cell is not None:
            self.cell += data
        if self.in_svg_text:
            self.svg_text.append(data)


@pytest.fixture
def outputs(hand_worked, signed_in, partner_org):  # noqa: F811
    org = hand_worked["org"]
    client = signed_in(hand_worked["analyst"])
    page = client.get(f"/reports/?{QUERY}").content.decode()
    xlsx = client.get(f"/reports/report.xlsx?{QUERY}").content
    pdf = client.get(f"/reports/report.pdf?{QUERY}").content
    _, secret = api_token_issue(
        organisation=org,
        partner=partner_org,
        name="Reports",
        scopes=["reports:read"],
        days=5,
        created_by=hand_worked["manager"],
    )
    api = PartnerClient(secret)
    api_tables = {}
    for kind in ("oba", "equality"):
        body = api.get(f"/api/services/{org.pk}/reports/{kind}?start={START}&end={END}").json()
        for section in body["sections"]:
            for table in section["tables"]:
                api_tables[table["key"]] = {r["key"]: r["cells"] for r in table["rows"]}
    return {"page": page, "xlsx": xlsx, "pdf": pdf, "api": api_tables}


@pytest.fixture
def partner_org(db):
    return OrganisationFactory(name="Commissioner (test)", kind="partner")


def test_every_count_under_5_is_fewer_than_5_in_every_output(hand_worked, outputs):  # noqa: F811
    scope = Scope(start=START, end=END, organisation_ids=(hand_worked["org"].pk,))
    small = small_counts(scope)
    assert len(small) > 40  # the hand-worked service has many small counts
    published = report_for(scope)
    columns_of = {
        p.table.key: [c for c, _ in p.table.columns] for _, ts in published.sections for p in ts
    }

    # The page: each table by its caption, each row by its label.
    parser = Tables()
    parser.feed(outputs["page"])
    for title, key, _, label, column, _ in small:
        rows = [r for r in parser.tables[title] if r and r[0] == label]
        assert rows, (title, label)
        assert rows[0][1 + columns_of[key].index(column)] == FEWER_THAN_5, (title, label, column)
    # Its charts are drawn from the published tables: no small number is drawn.
    drawn = [t.strip() for t in parser.svg_text]
    assert not any(re.fullmatch(r"[1-4](\.0)?", t) for t in drawn)
    # A bar not drawn says why in the table's own words.
    assert FEWER_THAN_5 in drawn

    # The spreadsheet: a table is its title, a heading row, then its rows to a blank line.
    titles = {p.table.title for _, ts in published.sections for p in ts}
    book = load_workbook(io.BytesIO(outputs["xlsx"]))
    sheets, title = {}, None
    for sheet in book:
        for values in sheet.iter_rows(values_only=True):
            cells = [v for v in values if v is not None]
            if len(cells) == 1 and cells[0] in titles:
                title = cells[0]
                sheets[title] = []
            elif not cells:
                title = None
            elif title is not None:
                sheets[title].append(list(values))
    for title, key, _, label, column, _ in small:
        rows = [r for r in sheets[title][1:] if r[0] == label]
        assert rows[0][1 + columns_of[key].index(column)] == FEWER_THAN_5, (title, label)
    numbers = [
        v for s in book for r in s.iter_rows(values_only=True) for v in r if isinstance(v, int)
    ]
    assert not any(1 <= v <= 4 for v in numbers)

    # The PDF, as a reader's tool extracts its text: table by table, row by row in order,
    # each row's stretch of text (to the next row) says 'fewer than 5' for each small count.
    reader = PdfReader(io.BytesIO(outputs["pdf"]))
    lines = [
        " ".join(line.split()) for page in reader.pages for line in page.extract_text().splitlines()
    ]
    text = "\n" + "\n".join(lines)
    small_in_row = {}
    for _, key, row, *_ in small:
        small_in_row[(key, row)] = small_in_row.get((key, row), 0) + 1
    position = 0
    for _, tables in published.sections:
        for p in tables:
            position = _find(text, p.table.title, position).end()
            starts = []
            for _, label in p.table.rows:  # each row starts a line
                found = _find(text, label, position, line_start=True)
                starts.append(found.start())
                position = found.end()
            ends = [*starts[1:], len(text) if not starts else starts[-1] + 600]
            for (row, _), begin, end in zip(p.table.rows, starts, ends, strict=True):
                expected = small_in_row.get((p.table.key, row), 0)
                stretch = text[begin:end].replace("\n", " ")
                assert stretch.count(FEWER_THAN_5) >= expected, (p.table.key, row, stretch)
    assert sum(small_in_row.values()) == len(small)
    assert not re.search(r": [1-4](?=;|\n|$)", text)  # no count of 1 to 4 in a row

    # The API: each cell an explicit suppressed object.
    for _, key, row, _, column, _ in small:
        cell = outputs["api"][key][row][column]
        assert cell == {"suppressed": True, "shown_as": FEWER_THAN_5}, (key, row, column)


def test_every_output_shows_the_same_figure_for_every_cell(hand_worked, outputs):  # noqa: F811
    """The page, spreadsheet and API are made from the one published report."""
    scope = Scope(start=START, end=END, organisation_ids=(hand_worked["org"].pk,))
    published = report_for(scope)
    parser = Tables()
    parser.feed(outputs["page"])
    for section, tables in published.sections:
        for p in tables:
            page_rows = parser.tables[p.table.title][1:]
            assert [[label, *texts] for label, texts in p.rows] == page_rows[: len(p.rows)]
            if section.key in SECTIONS:
                for (row, _), (_, texts) in zip(p.table.rows, p.rows, strict=True):
                    for (column, _), text in zip(p.table.columns, texts, strict=True):
                        if (row, column) in p.table.counts:
                            cell = outputs["api"][p.table.key][row][column]
                            shown = cell["shown_as"] if isinstance(cell, dict) else str(cell)
                            assert shown == text


def _find(text: str, words: str, position: int, line_start: bool = False) -> re.Match:
    """`words` in `text` from `position`, across line breaks (long lines wrap)."""
    pattern = r"\s+".join(re.escape(w) for w in words.split())
    found = re.compile(("\n" if line_start else "") + pattern).search(text, position)
    assert found, (words, text[position : position + 200])
    return found
