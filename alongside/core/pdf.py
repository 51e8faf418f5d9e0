"""A small, dependency-free writer of plain-text PDF documents (A4, Helvetica), enough for a
readable subject access report. Text outside Windows-1252 is replaced with '?'."""

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842
MARGIN, LINE = 56, 14
LINES_PER_PAGE = (PAGE_HEIGHT - 2 * MARGIN) // LINE
WRAP = 95


def _escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def text_pdf(title: str, lines: list[str]) -> bytes:
    """Lines starting with '# ' are headings (bold). Long lines wrap."""
    wrapped: list[tuple[bool, str]] = [(True, title), (False, "")]
    for line in lines:
        heading = line.startswith("# ")
        body = line[2:] if heading else line
        for part in textwrap.wrap(body, WRAP) or [""]:
            wrapped.append((heading, part))
    pages = [wrapped[i : i + LINES_PER_PAGE] for i in range(0, len(wrapped), LINES_PER_PAGE)] or [
        []
    ]

    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    regular = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    bold = add(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>"
    )
    page_ids = []
    for number, page in enumerate(pages, start=1):
        stream = [b"BT", f"{MARGIN} {PAGE_HEIGHT - MARGIN} Td {LINE} TL".encode()]
        for is_heading, text in page:
            stream.append(b"/F2 11 Tf" if is_heading else b"/F1 10 Tf")
            stream.append(b"(" + _escape(text) + b") Tj T*")
        stream.append(b"/F1 8 Tf")
        stream.append(b"(" + _escape(f"Page {number} of {len(pages)}") + b") Tj")
        stream.append(b"ET")
        content = b"\n".join(stream)
        content_id = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        page_ids.append(
            add(
                f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] "
                f"/Resources << /Font << /F1 {regular} 0 R /F2 {bold} 0 R >> >> /Contents {content_id} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode()
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects[pages_obj - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()

    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for index, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{index} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
