"""Markdown for the chat view: split into blocks, render blocks to Qt rich-text HTML.

Pure Python (no Qt) so it is cheap to test.  A reply is cut into top-level
blocks: fenced code blocks and prose paragraphs.  While a reply streams, only
the last (unfinished) block is re-rendered; finished blocks are rendered once.
Prose goes through markdown-it-py (CommonMark plus tables and strikethrough,
raw HTML escaped); code is highlighted by Pygments with inline styles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import TextLexer, get_lexer_by_name, guess_lexer
from pygments.util import ClassNotFound

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")


@dataclass(frozen=True)
class Block:
    """A top-level piece of a message: prose or one fenced code block."""

    kind: str  # "prose" or "code"
    text: str  # prose source, or the code inside the fence
    lang: str = ""
    closed: bool = True


class BlockSplitter:
    """Splits Markdown into blocks incrementally.

    ``feed`` takes the whole text so far (which only ever grows) and returns
    ``(finished, tail)``: blocks that are complete since the last call, and
    the block still being written (or None).  Work per call is proportional to
    the text added since the last finished block, not to the whole message.
    """

    def __init__(self) -> None:
        self._done = 0  # offset in the source where unfinished text starts

    def feed(self, source: str) -> tuple[list[Block], Block | None]:
        finished: list[Block] = []
        pos = self._done
        while True:
            block, end = _next_block(source, pos)
            if block is None:
                self._done = pos
                return finished, None
            if end is None:  # the block runs to the end of the text so far
                self._done = pos
                return finished, block
            finished.append(block)
            pos = end


def _next_block(source: str, pos: int) -> tuple[Block | None, int | None]:
    """The block starting at ``pos`` and where it ends (None: not finished yet)."""
    n = len(source)
    while pos < n and source[pos] == "\n":
        pos += 1
    if pos >= n:
        return None, None
    line_end = source.find("\n", pos)
    first_line = source[pos:] if line_end < 0 else source[pos:line_end]
    fence = _FENCE.match(first_line)
    if fence and line_end >= 0:
        marker = fence.group(1)
        body_start = line_end + 1
        scan = body_start
        while True:
            nxt = source.find("\n", scan)
            if nxt < 0:
                return Block("code", source[body_start:], fence.group(2), closed=False), None
            line = source[scan:nxt].strip()
            if line.startswith(marker[0] * len(marker)) and set(line) == {marker[0]}:
                return Block("code", source[body_start:scan], fence.group(2)), nxt + 1
            scan = nxt + 1
    if fence:  # an opening fence line that is still being written
        return Block("code", "", fence.group(2), closed=False), None
    scan = pos
    while True:
        nxt = source.find("\n", scan)
        if nxt < 0:
            return Block("prose", source[pos:], closed=False), None
        following = source[nxt + 1:]
        line_start = nxt + 1
        next_line_end = source.find("\n", line_start)
        next_line = source[line_start:] if next_line_end < 0 else source[line_start:next_line_end]
        if next_line_end >= 0 and not next_line.strip():
            return Block("prose", source[pos:nxt]), line_start
        if _FENCE.match(next_line) and (next_line_end >= 0 or following.startswith("```")):
            return Block("prose", source[pos:nxt]), line_start
        if next_line_end < 0:
            return Block("prose", source[pos:], closed=False), None
        scan = line_start


def split_blocks(source: str) -> list[Block]:
    """All blocks of a finished message, prose runs merged between code blocks."""
    ended = source if source.endswith("\n") else source + "\n"
    finished, tail = BlockSplitter().feed(ended)
    blocks = finished + ([tail] if tail is not None else [])
    merged: list[Block] = []
    for block in blocks:
        if block.kind == "prose" and merged and merged[-1].kind == "prose":
            merged[-1] = Block("prose", merged[-1].text + "\n\n" + block.text)
        else:
            text = block.text.rstrip("\n") if block.kind == "prose" else block.text
            merged.append(Block(block.kind, text, block.lang))
    return merged


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"])


class RenderStats:
    """Counts characters rendered, so tests can prove streaming cost stays flat."""

    chars = 0


def render_prose(text: str) -> str:
    """Markdown prose to the HTML subset Qt's rich text understands."""
    RenderStats.chars += len(text)
    html = _markdown().render(text)
    # Qt rich text ignores CSS classes; give tables visible cell borders and padding.
    return html.replace("<table>", '<table border="1" cellspacing="0" cellpadding="4">')


CODE_STYLES = {"light": "friendly", "dark": "monokai"}  # Pygments styles per theme
_code_style = ["friendly"]


def set_code_style(theme: str) -> None:
    """Highlight code for the ``"light"`` or ``"dark"`` theme from now on."""
    _code_style[0] = CODE_STYLES.get(theme, "friendly")


@lru_cache(maxsize=4)
def _formatter_for(style: str) -> HtmlFormatter:
    return HtmlFormatter(noclasses=True, nowrap=True, style=style)


def _formatter() -> HtmlFormatter:
    return _formatter_for(_code_style[0])


def _lexer(lang: str, code: str) -> object:
    if lang:
        try:
            return get_lexer_by_name(lang)
        except ClassNotFound:
            pass
    if len(code) > 40:
        try:
            return guess_lexer(code)
        except ClassNotFound:
            pass
    return TextLexer()


def render_code(code: str, lang: str) -> str:
    """A code block as highlighted HTML (a ``<pre>`` with inline colours)."""
    RenderStats.chars += len(code)
    body = highlight(code, _lexer(lang, code), _formatter())
    return f'<pre style="margin:0; white-space:pre-wrap">{body.rstrip()}</pre>'
