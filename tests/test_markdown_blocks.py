"""Markdown splitting and rendering for the chat view (no Qt needed)."""

from __future__ import annotations

from app.ui.markdown_blocks import (
    BlockSplitter,
    RenderStats,
    render_code,
    render_prose,
    split_blocks,
)

REPLY = """# Title

Some *prose* with `code` and a [link](https://example.org).

- one
- two

| a | b |
|---|---|
| 1 | 2 |

```python
def f():
    return 1
```
Done."""


def test_split_finished_message() -> None:
    blocks = split_blocks(REPLY)
    assert [b.kind for b in blocks] == ["prose", "code", "prose"]
    assert blocks[1].lang == "python" and blocks[1].text == "def f():\n    return 1\n"
    assert blocks[2].text == "Done."


def test_prose_renders_headings_lists_tables_links_inline_code() -> None:
    html = render_prose(split_blocks(REPLY)[0].text)
    for fragment in ("<h1>Title</h1>", "<em>prose</em>", "<code>code</code>",
                     '<a href="https://example.org">link</a>', "<li>one</li>", "<table",
                     "<td>1</td>"):
        assert fragment in html


def test_raw_html_is_escaped() -> None:
    assert "<script>" not in render_prose("<script>alert(1)</script>")


def test_code_is_highlighted() -> None:
    html = render_code("def f():\n    return 1\n", "python")
    assert html.startswith("<pre") and "style=" in html and "return" in html


def test_streaming_in_pieces_gives_the_same_blocks() -> None:
    splitter = BlockSplitter()
    done: list[str] = []
    text = ""
    for i in range(0, len(REPLY), 3):
        text = REPLY[: i + 3]
        finished, _tail = splitter.feed(text)
        done += [b.text for b in finished]
    finished, tail = splitter.feed(REPLY + "\n")
    done += [b.text for b in finished]
    assert tail is not None and tail.text == "Done.\n" and not tail.closed
    done.append(tail.text)
    merged = split_blocks(REPLY)
    assert "".join(done).replace("\n", "") == "".join(b.text for b in merged).replace("\n", "")


def test_streaming_cost_stays_flat_for_a_long_reply() -> None:
    """Re-rendering only the tail: the work per flush does not grow with the reply."""
    paragraph = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 4 + "\n\n"
    text = ""
    splitter = BlockSplitter()
    per_flush: list[int] = []
    for _ in range(400):  # ~ 4,000+ tokens in 400 flushes
        text += paragraph[: len(paragraph) // 2]
        before = RenderStats.chars
        finished, tail = splitter.feed(text)
        for block in finished:
            render_prose(block.text)
        if tail is not None:
            render_prose(tail.text)
        per_flush.append(RenderStats.chars - before)
        text += paragraph[len(paragraph) // 2:]
    early = sum(per_flush[10:60]) / 50
    late = sum(per_flush[-50:]) / 50
    assert late <= early * 1.2
    assert max(per_flush) < 2 * len(paragraph)
