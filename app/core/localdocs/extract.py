"""Text out of the user's files: :func:`extract` (plain text, Markdown, reStructuredText,
HTML, source code, PDF, DOCX).

Each format gives :class:`Extracted` — pages of text (a PDF's real pages; one page,
numbered None, for everything else) in which headings are written the Markdown way
(``# Title``), so the chunker finds sections in every format alike.

A file is read with limits: one over :data:`MAX_BYTES` for its kind is not opened, and
one that takes longer than ``seconds`` (checked between a PDF's pages, and after each
step of the others) is given up.  What cannot be read — an encrypted or broken PDF, a
damaged DOCX, a binary file named ``.txt`` — raises :class:`ExtractError` with the
reason the collection's status lists.
"""

from __future__ import annotations

import html.parser
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.texts import Text, UserError, tr

TEXT_SUFFIXES = frozenset({
    ".txt", ".text", ".md", ".markdown", ".rst", ".org", ".tex", ".csv", ".tsv", ".log",
    ".json", ".yaml", ".yml", ".toml", ".ini", ".cfg", ".conf", ".xml",
    ".py", ".pyi", ".js", ".mjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".scala", ".c",
    ".h", ".cc", ".cpp", ".hpp", ".cs", ".go", ".rs", ".rb", ".php", ".swift", ".m",
    ".lua", ".r", ".jl", ".sh", ".bash", ".zsh", ".ps1", ".sql", ".css", ".scss", ".vue",
    ".svelte", ".dart", ".hs", ".ex", ".exs", ".erl", ".clj", ".el", ".vim", ".pl",
})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
# Files whose "# " lines are headings (elsewhere — code, configuration — comments).
DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown", ".rst", ".org",
                               ".pdf", ".docx"}) | HTML_SUFFIXES
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx"}
MAX_BYTES = {"text": 20 << 20, "html": 20 << 20, "pdf": 300 << 20, "docx": 100 << 20}
SECONDS = 60.0
MAX_UNPACKED = 512 << 20  # a DOCX's XML, unpacked


class ExtractError(UserError):
    """A file's text cannot be read; :attr:`text` says why (listed in the status)."""


@dataclass(frozen=True)
class Page:
    """Text of one page (``number`` None: a file without pages)."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Extracted:
    """A file's text, page by page, headings written as ``# …`` lines."""

    kind: str
    pages: list[Page]

    @property
    def chars(self) -> int:
        return sum(len(p.text) for p in self.pages)


def has_headings(path: Path) -> bool:
    """``# `` lines of this file are headings (a document), not comments (code)."""
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def kind_of(path: Path) -> str | None:
    """``text``, ``html``, ``pdf``, ``docx``, or None for a file not indexed."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in (".pdf", ".docx"):
        return suffix[1:]
    return None


class _Clock:
    def __init__(self, path: Path, seconds: float) -> None:
        self.path = path
        self.deadline = time.monotonic() + seconds
        self.seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ExtractError(tr("reading it took longer than {seconds:.0f} s",
                                  seconds=self.seconds))


def extract(path: Path, seconds: float = SECONDS) -> Extracted:
    """The text of ``path``; ExtractError with the reason if it cannot be read."""
    kind = kind_of(path)
    if kind is None:
        raise ExtractError(tr("this kind of file is not indexed"))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ExtractError(Text.plain(exc.strerror or str(exc))) from None
    if size > MAX_BYTES[kind]:
        raise ExtractError(tr("it is larger than {limit} MB", limit=MAX_BYTES[kind] >> 20))
    clock = _Clock(path, seconds)
    try:
        if kind == "pdf":  # in a child process: PDFium may hang or crash on a hostile file
            from app.core.localdocs.pdf_child import read_pdf

            return Extracted("pdf", [Page(n, text) for n, text in read_pdf(path, seconds)])
        if kind == "docx":
            return _docx(path, clock)
        data = path.read_bytes()
    except ExtractError:
        raise
    except OSError as exc:
        raise ExtractError(Text.plain(exc.strerror or str(exc))) from None
    if data[:5] == b"%PDF-":
        raise ExtractError(tr("it is a PDF file with another name (rename it to .pdf)"))
    text = decode_text(data)
    clock.check()
    if kind == "html":
        text = html_text(text)
    elif path.suffix.lower() == ".rst":
        text = rst_headings(text)
    return Extracted(kind, [Page(None, text)])


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


def decode_text(data: bytes) -> str:
    """Bytes of a text file as text (UTF-8, UTF-16 with a BOM, GB18030, Windows-1252);
    ExtractError if they are not text at all."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").replace("\r\n", "\n")
        except UnicodeDecodeError:
            raise ExtractError(tr("it is not text (binary content)")) from None
    head = data[:65536]
    if b"\x00" in head:
        raise ExtractError(tr("it is not text (binary content)"))
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > 0.01:
        raise ExtractError(tr("it is not text (binary content)"))
    return _decode(data).replace("\r\n", "\n").replace("\r", "\n")  # Windows', old Macs'


def _decode(data: bytes) -> str:
    """UTF-8 (a few bad bytes replaced), else GB18030 (Chinese saved by older Windows
    programs) if it fits exactly, else Windows-1252 (Western European)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    if text.count("\ufffd") * 1000 <= len(text):  # a stray byte in UTF-8 text
        return text
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_BLOCKS = {"p", "div", "br", "li", "tr", "section", "article", "header", "footer", "pre",
           "blockquote", "table", "ul", "ol", "dl", "dt", "dd", "main", "nav", "aside",
           "figure", "figcaption", "hr", "title"}
_SKIP = {"script", "style", "noscript", "template", "svg", "head"}


class _HtmlText(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title: list[str] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "title":
            self._in_title = True
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.parts.append("\n\n" + "#" * int(tag[1]) + " ")
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag != "br" else "\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "title":
            self._in_title = False
        elif (len(tag) == 2 and tag[0] == "h" and tag[1] in "123456") or tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self.skipping:  # (the spaces around inline tags' text are kept)
            words = " ".join(data.split())
            lead = " " if data[:1].isspace() else ""
            trail = " " if data[-1:].isspace() and words else ""
            self.parts.append(lead + words + trail if words else " ")


def html_text(source: str) -> str:
    """An HTML page's readable text: scripts and styles left out, headings as ``#``."""
    parser = _HtmlText()
    parser.feed(source)
    parser.close()
    lines = [" ".join(line.split()) for line in "".join(parser.parts).split("\n")]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    title = " ".join("".join(parser.title).split())
    body = text.strip()
    return f"# {title}\n\n{body}" if title and not body.startswith("#") else body


def rst_headings(text: str) -> str:
    """reStructuredText's underlined titles as ``#`` headings (levels in order seen)."""
    lines = text.split("\n")
    levels: list[str] = []
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        under = lines[i + 1] if i + 1 < len(lines) else ""
        mark = under[:1]
        if (line.strip() and mark and mark in "=-~^\"'`#*+_:." and under == mark * len(under)
                and len(under) >= len(line.rstrip()) and not line.startswith(" ")):
            if mark not in levels:
                levels.append(mark)
            out.append("#" * min(6, levels.index(mark) + 1) + " " + line.strip())
            out.append("")  # the underline's line: kept, so line numbers still match
            i += 2
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _pdf(path: Path, clock: _Clock) -> Extracted:
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ExtractError(tr("the PDF is encrypted (it needs a password)")) from None
        raise ExtractError(tr("the PDF cannot be read: {error}", error=message)) from None
    pages: list[Page] = []
    try:
        for index in range(len(document)):
            clock.check()
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
            finally:
                page.close()
            pages.append(Page(index + 1, text.replace("\r\n", "\n").replace("\r", "\n")))
    except pdfium.PdfiumError as exc:
        raise ExtractError(tr("the PDF cannot be read: {error}", error=str(exc))) from None
    finally:
        document.close()
    if not any(p.text.strip() for p in pages):
        raise ExtractError(tr("the PDF has no text (scanned pages need OCR, which Fireside "
                              "does not do)"))
    return Extracted("pdf", pages)


def _docx(path: Path, clock: _Clock) -> Extracted:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(path) as archive:  # a small file may unpack to gigabytes
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        raise ExtractError(tr("it is not a valid DOCX file (the archive is damaged)")) from None
    if unpacked > MAX_UNPACKED:
        raise ExtractError(tr("it unpacks to more than {limit} MB", limit=MAX_UNPACKED >> 20))
    clock.check()
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile):
        raise ExtractError(tr("it is not a valid DOCX file (the archive is damaged)")) from None
    except (KeyError, ValueError) as exc:
        raise ExtractError(tr("the DOCX file cannot be read: {error}",
                              error=str(exc) or type(exc).__name__)) from None
    except Exception as exc:  # lxml's errors on damaged XML, and others of the library
        raise ExtractError(tr("the DOCX file cannot be read: {error}",
                              error=str(exc) or type(exc).__name__)) from None
    lines: list[str] = []
    for text, style in _docx_paragraphs(document, clock):
        if style == _TABLE_ROW:
            lines.append(text)  # a table's rows, one line each, where the table is
            continue
        if style.lower().startswith("heading") and style[-1:].isdigit() and text:
            lines.append("#" * min(6, int(style[-1]) + 1) + " " + text)  # under the Title
        elif style.lower() == "title" and text:
            lines.append("# " + text)
        else:
            lines.append(text)
        lines.append("")
    return Extracted("docx", [Page(None, "\n".join(lines).strip() + "\n")])


_TABLE_ROW = "\0row"  # (the style given to a table's rows by _docx_paragraphs)


def _docx_paragraphs(document: Any, clock: _Clock) -> Iterator[tuple[str, str]]:
    """Each body paragraph's text and style name, in order — those inside content
    controls (forms, templates) too — and each table's rows where the table is (style
    :data:`_TABLE_ROW`, cells joined by " | ").  Read from the XML directly:
    python-docx's ``paragraph.style`` scans every style for each paragraph without one
    (minutes for a hostile file of 40 KB)."""
    from docx.oxml.ns import qn

    names = {style.style_id: style.name or "" for style in document.styles}
    paragraph, table, row, cell = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
    text_tag, tab, breaks = qn("w:t"), qn("w:tab"), (qn("w:br"), qn("w:cr"))
    style_tag, value = qn("w:pStyle"), qn("w:val")

    def text_of(element: Any) -> str:
        return "".join(node.text or "" if node.tag == text_tag else
                       "\t" if node.tag == tab else "\n"
                       for node in element.iter(text_tag, tab, *breaks)).strip()

    for count, element in enumerate(document.element.body.iter(paragraph, table)):
        if count % 256 == 0:
            clock.check()
        if any(a.tag == table for a in element.iterancestors()):
            continue  # (read with its table)
        if element.tag == table:
            for tr in element.iter(row):
                cells = [" ".join(text_of(tc).split()) for tc in tr.iter(cell)]
                if any(cells):
                    yield " | ".join(c for c in cells if c), _TABLE_ROW
            yield "", ""
            continue
        found = next(element.iter(style_tag), None)
        style_id = found.get(value) if found is not None else None
        yield text_of(element), names.get(style_id, style_id or "") if style_id else ""
