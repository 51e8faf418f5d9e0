"""Reading a PDF's text in tests (pypdf), the way a person reading it would see the words."""

import io

from pypdf import PdfReader


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, in order."""
    assert data.startswith(b"%PDF"), data[:20]
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """All the text, pages joined, with runs of white space made single spaces (so a phrase
    wrapped across lines is still found)."""
    return " ".join(" ".join(pdf_pages(data)).split())


def pdf_info(data: bytes):
    """The document's properties (title, author)."""
    return PdfReader(io.BytesIO(data)).metadata
