"""Real documents for the LocalDocs tests, made by other programs' means: PDFs drawn with
Qt's ``QPdfWriter`` and written by hand in PDF syntax, DOCX by ``python-docx``, HTML,
Markdown, reStructuredText and plain text — each with known sentences in known places —
and broken ones of each kind."""

from __future__ import annotations

from pathlib import Path
from typing import Any

_APP: Any = None


def qt_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF with one sentence per page, drawn by Qt (its own fonts, embedded)."""
    from PySide6.QtGui import QPageSize, QPainter, QPdfWriter
    from PySide6.QtWidgets import QApplication

    global _APP  # one application object for the whole run (pytest-qt's, or this one)
    _APP = QApplication.instance() or QApplication([])
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setTitle("LocalDocs test")
    painter = QPainter(writer)
    for index, sentence in enumerate(pages):
        if index:
            writer.newPage()
        painter.drawText(200, 400, sentence)
    painter.end()
    return path


def handmade_pdf(path: Path, pages: list[str]) -> Path:
    """A PDF written in raw PDF syntax (Helvetica, no xref table worth the name): how
    small tools and old exporters write them."""
    count = len(pages)
    objects = ["<< /Type /Catalog /Pages 2 0 R >>",
               "<< /Type /Pages /Kids [" + " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
               + f"] /Count {count} >>"]
    font = 3 + 2 * count
    for i, sentence in enumerate(pages):
        escaped = sentence.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 14 Tf 72 720 Td ({escaped}) Tj ET"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                       f"{4 + 2 * i} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n"
            "%%EOF\n").encode()
    path.write_bytes(out)
    return path


def docx_file(path: Path, sections: list[tuple[str, list[str]]]) -> Path:
    """A DOCX with a heading (Heading 1) and paragraphs per section, and a table."""
    import docx

    document = docx.Document()
    document.add_heading("Handbook", level=0)
    for heading, paragraphs in sections:
        document.add_heading(heading, level=1)
        for text in paragraphs:
            document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Office hours"
    table.rows[0].cells[1].text = "Tuesdays only"
    document.save(str(path))
    return path


def broken_files(folder: Path) -> dict[str, Path]:
    """One damaged file of each kind, by what is wrong with it."""
    folder.mkdir(parents=True, exist_ok=True)
    good = handmade_pdf(folder / "whole.pdf", ["A whole page."]).read_bytes()
    made = {
        "truncated pdf": folder / "truncated.pdf",
        "not a pdf": folder / "fake.pdf",
        "encrypted pdf": folder / "locked.pdf",
        "broken docx": folder / "broken.docx",
        "zip but not docx": folder / "other.docx",
        "binary txt": folder / "binary.txt",
        "empty-text pdf": folder / "blank.pdf",
    }
    (folder / "whole.pdf").unlink()
    made["truncated pdf"].write_bytes(good[:60])
    made["not a pdf"].write_bytes(b"GIF89a this is an image, not a PDF" * 20)
    made["encrypted pdf"].write_bytes(good.replace(
        b"/Root 1 0 R", b"/Root 1 0 R /Encrypt << /Filter /Standard /V 2 /R 3 /Length 128 "
        b"/P -44 /O (0123456789abcdef0123456789abcdef) /U (0123456789abcdef0123456789abcdef)"
        b" >> /ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>]"))
    made["broken docx"].write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    import zipfile

    with zipfile.ZipFile(made["zip but not docx"], "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    made["binary txt"].write_bytes(bytes(range(256)) * 40)
    handmade_pdf(made["empty-text pdf"], [""])
    return made
