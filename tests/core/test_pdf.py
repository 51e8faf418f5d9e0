"""The PDF writer (alongside.core.pdf, ReportLab): text is printed exactly as typed and never
read as markup, long text flows across pages, every page says 'Page X of Y', and the document
carries its title, author, language and an outline of its headings."""

import io

import pytest
from pypdf import PdfReader

from alongside.core.pdf import (
    Entry,
    Heading,
    NewPage,
    Table,
    Text,
    _fonts,
    pdf_document,
    text_pdf,
)

from ..pdfs import pdf_info, pdf_pages, pdf_text

TRICKY = 'A <b>bold</b> claim & <font size="40">big</font> <para>]]></para> &amp; &lt; \\ ( )'


def test_text_that_looks_like_markup_is_printed_as_typed_in_every_kind_of_block():
    pdf = pdf_document(
        f"Title {TRICKY}",
        [
            Heading(f"Heading {TRICKY}"),
            Text(f"Paragraph {TRICKY}"),
            Entry(f"Entry {TRICKY}", f"Text {TRICKY}", f"Detail {TRICKY}"),
            Table(("Column <1>", "Column & 2"), ((f"Cell {TRICKY}", "x"),)),
        ],
    )
    text = pdf_text(pdf)
    for kind in ("Title", "Heading", "Paragraph", "Entry", "Text", "Detail", "Cell"):
        assert f"{kind} {TRICKY}" in text, kind
    assert "Column <1>" in text and "Column & 2" in text
    assert pdf_info(pdf).title == f"Title {TRICKY}"


def test_control_characters_are_dropped_and_line_breaks_and_indents_kept():
    text = pdf_pages(
        text_pdf("T", ["one\x00two\x0bthree", "first line\nsecond line", "    indented"])
    )
    assert "onetwothree" in text[0]
    assert "first line\nsecond line" in text[0]
    assert "    indented" in text[0]


def test_every_page_is_numbered_and_long_text_flows_across_pages():
    words = " ".join(f"word{n}" for n in range(6000))
    long_word = "x" * 500
    pages = pdf_pages(
        pdf_document(
            "Long",
            [
                Text(words),
                Entry("An entry", "\n".join(f"line {n}" for n in range(300))),
                Text(long_word),
                Table(("A", "B"), tuple((str(n), "; ".join(["cell"] * 400)) for n in range(3))),
                NewPage(),
                Text("The end"),
            ],
            footer="Confidential: for the court",
        )
    )
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in " ".join(page.split())
        assert "Confidential: for the court" in page
    whole = " ".join(" ".join(pages).split())
    assert "word0 word1" in whole and "word5999" in whole and "line 299" in whole
    assert whole.count("x") >= 500
    assert "The end" in pages[-1]


def test_the_document_has_its_title_author_language_and_an_outline_of_its_headings():
    pdf = pdf_document(
        "Summary for the court",
        [Heading("Family"), Text("a"), Heading("Children", 3), Heading("Chronology")],
        author="Northbrook service",
    )
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "Summary for the court"
    assert reader.metadata.author == "Northbrook service"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    [title, below] = reader.outline
    assert title.title == "Summary for the court"
    assert [i.title if not isinstance(i, list) else [j.title for j in i] for i in below] == [
        "Family",
        ["Children"],
        "Chronology",
    ]


def test_lines_starting_hash_space_are_headings_and_a_repeated_title_is_left_out():
    pdf = text_pdf("The report", ["# The report", "Intro", "# Part one", "Text", "", "More"])
    text = pdf_text(pdf)
    assert text.count("The report") == 1
    assert "# " not in text and "Part one" in text
    outline = PdfReader(io.BytesIO(pdf)).outline
    assert outline[0].title == "The report" and outline[1][0].title == "Part one"


def test_names_in_other_alphabets_are_printed_as_written():
    if _fonts()[0] != "AlongsideSans":
        pytest.skip("DejaVu Sans is not installed: Helvetica covers Windows-1252 only")
    text = pdf_text(text_pdf("Łucja Wiśniewska", ["Zoë, Ștefan, Žaneta, Ülkü"]))
    assert "Łucja Wiśniewska" in text and "Zoë, Ștefan, Žaneta, Ülkü" in text
