"""Extracted text cut into chunks for retrieval: :func:`chunk_pages`.

A chunk is about ``target`` tokens (counted as characters / 4, English's average; an
estimate is enough to size a snippet) and ends at a paragraph or heading boundary: a
heading always starts a new chunk, paragraphs are added while they fit, and a paragraph
longer than a chunk is cut at line, then sentence, then word boundaries.  Consecutive
chunks of a section share about ``overlap`` tokens (the end of one is the start of the
next), so a sentence cut by a boundary is whole in one of them.

Each chunk keeps where it came from: the page (a PDF's), the headings above it
("Guide › Install") and the lines of the page it spans (1-based, inclusive).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.core.localdocs.extract import Page
from app.core.localdocs.fts_text import cjk_count

CHARS_PER_TOKEN = 4
DEFAULT_TARGET = 384  # tokens: within the 256–512 the retrieval asks for
DEFAULT_OVERLAP = 48
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass(frozen=True)
class Chunk:
    """One piece of a file's text and where it is."""

    text: str
    page: int | None
    heading: str
    line_start: int
    line_end: int


@dataclass
class _Block:
    text: str
    line_start: int
    line_end: int


def tokens(text: str) -> int:
    """The estimated number of tokens in ``text``: a Chinese or Japanese character is
    about one token (or more), other text about four characters a token."""
    cjk = cjk_count(text)
    return cjk + (len(text) - cjk + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def _chars_per_token(pages: list[Page]) -> float:
    """How many characters make a token in these pages (4 for English, 1 for Chinese)."""
    sample = "".join(p.text[:20000] for p in pages[:20])
    return max(1.0, len(sample) / tokens(sample)) if sample else CHARS_PER_TOKEN


def _split_long(block: _Block, limit_chars: int) -> list[_Block]:
    """Cut a block longer than ``limit_chars`` at lines, sentences, then words."""
    pieces: list[_Block] = []
    current: list[str] = []
    size = 0
    start = block.line_start
    line_no = block.line_start
    units: list[tuple[str, int]] = []
    for offset, line in enumerate(block.text.split("\n")):
        number = block.line_start + offset
        if len(line) <= limit_chars:
            units.append((line, number))
            continue
        for sentence in _SENTENCE_END.split(line):
            while len(sentence) > limit_chars:
                cut = sentence.rfind(" ", 0, limit_chars)
                cut = cut if cut > limit_chars // 2 else limit_chars
                units.append((sentence[:cut], number))
                sentence = sentence[cut:].lstrip()
            if sentence:
                units.append((sentence, number))
    for unit, number in units:
        if current and size + len(unit) + 1 > limit_chars:
            pieces.append(_Block("\n".join(current), start, line_no))
            current, size, start = [], 0, number
        current.append(unit)
        size += len(unit) + 1
        line_no = number
    if current:
        pieces.append(_Block("\n".join(current), start, line_no))
    return pieces


def _blocks(text: str, headings: bool = True) -> list[tuple[int, str] | _Block]:
    """Paragraphs (``_Block``) and headings (``(level, title)``) in order; ``# `` lines
    inside fenced code blocks (and everywhere, without ``headings``) are text."""
    items: list[tuple[int, str] | _Block] = []
    lines = text.split("\n")
    paragraph: list[str] = []
    start = 0
    fence: str | None = None  # the open code block's fence, ``` or ~~~

    def close(end: int) -> None:
        nonlocal paragraph
        if any(line.strip() for line in paragraph):
            items.append(_Block("\n".join(paragraph).strip("\n"), start, end))
        paragraph = []

    for index, line in enumerate(lines, start=1):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            mark = stripped[:3]
            fence = mark if fence is None else (None if mark == fence else fence)
        match = _HEADING.match(line) if headings and fence is None else None
        if match:
            close(index - 1)
            items.append((len(match.group(1)), match.group(2).strip()))
            continue
        if not line.strip() and fence is None:
            close(index - 1)
            continue
        if not paragraph:
            start = index
        paragraph.append(line)
    close(len(lines))
    return items


def chunk_pages(pages: list[Page], target: int = DEFAULT_TARGET,
                overlap: int = DEFAULT_OVERLAP, with_headings: bool = True) -> list[Chunk]:
    """``pages`` cut into chunks of about ``target`` tokens sharing ``overlap`` tokens;
    ``with_headings``: ``# `` lines are headings (documents), not comments (code)."""
    ratio = _chars_per_token(pages)
    limit = max(64, int(target * ratio))
    overlap_chars = int(max(0, min(overlap, target // 2)) * ratio)
    chunks: list[Chunk] = []
    headings: dict[int, str] = {}  # level -> the title in force
    for page in pages:
        current: list[_Block] = []
        number = page.number

        def flush(keep_tail: bool, number: int | None = number) -> None:
            nonlocal current
            if not current:
                return
            text = "\n\n".join(b.text for b in current).strip()
            if text:
                path = " › ".join(headings[level] for level in sorted(headings))
                chunks.append(Chunk(text, number, path, current[0].line_start,
                                    current[-1].line_end))
            tail: list[_Block] = []
            if keep_tail and overlap_chars:
                size = 0
                for block in reversed(current):
                    if size + len(block.text) > overlap_chars:
                        break
                    tail.insert(0, block)
                    size += len(block.text)
                if not tail:  # the last block alone is too long: its end
                    last = current[-1]
                    cut = last.text.find(" ", len(last.text) - overlap_chars)
                    begin = cut + 1 if cut >= 0 else max(0, len(last.text) - overlap_chars)
                    tail = [_Block(last.text[begin:],
                                   last.line_start + last.text.count("\n", 0, begin),
                                   last.line_end)]
            whole = len(tail) == len(current) and all(a is b for a, b in zip(tail, current,
                                                                              strict=True))
            current = [] if whole else tail

        for item in _blocks(page.text, with_headings):
            if isinstance(item, tuple):
                flush(keep_tail=False)
                level, title = item
                for deeper in [k for k in headings if k >= level]:
                    del headings[deeper]
                headings[level] = title
                continue
            for block in (_split_long(item, limit) if len(item.text) > limit else [item]):
                size = sum(len(b.text) + 2 for b in current)
                if current and size + len(block.text) > limit:
                    flush(keep_tail=True)
                current.append(block)
        flush(keep_tail=False)
    return chunks
