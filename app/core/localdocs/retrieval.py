"""The chunks a question is answered with, and how they reach the model: :func:`retrieve`,
:func:`with_sources`.

The best chunks for the question (keyword search for now) are taken while they fit in a
token budget — a share of the model's context, so they never crowd out the chat — and
numbered.  They go before the question in its message for this one turn (not into the
saved chat), with an instruction to cite them as [1], [2]…; the chat keeps the sources
with the reply (:class:`Source`, saved as dicts), so they are shown, exported and found
again with the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core.localdocs.chunking import tokens
from app.core.localdocs.store import DocsStore
from app.core.texts import Text, tr

DEFAULT_SOURCES = 4
INSTRUCTION = (
    "Excerpts from the user's own documents follow. Use them when they help to answer, and "
    "cite each one you use by its number in square brackets, like [1]. If they do not "
    "answer the question, say so rather than guess.")


@dataclass(frozen=True)
class Source:
    """A chunk an answer may draw on, and where it is."""

    number: int
    collection: str
    path: str
    page: int | None
    heading: str
    line_start: int
    line_end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source | None:
        """A saved source (None if it is not one: an older or foreign record)."""
        try:
            return cls(int(data["number"]), str(data["collection"]), str(data["path"]),
                       int(data["page"]) if data.get("page") is not None else None,
                       str(data.get("heading") or ""), int(data.get("line_start") or 0),
                       int(data.get("line_end") or 0), str(data.get("text") or ""))
        except (KeyError, TypeError, ValueError):
            return None

    def place(self) -> Text:
        """Where it is, for the user: "guide.pdf, page 2" or "notes.md, lines 3–9"."""
        name = Path(self.path).name
        if self.page is not None:
            return tr("{file}, page {page}", file=name, page=self.page)
        return tr("{file}, lines {start}–{end}", file=name, start=self.line_start,
                  end=self.line_end)


def retrieve(store: DocsStore, collections: Sequence[str], question: str,
             limit: int = DEFAULT_SOURCES, token_budget: int = 1024) -> list[Source]:
    """The best chunks of ``collections`` for ``question`` within ``token_budget`` tokens."""
    chosen = [store.require(name) for name in collections]
    sources: list[Source] = []
    used = 0
    seen: set[tuple[str, int | None, int, int]] = set()
    for hit in store.keyword_search(chosen, question, limit * 3):
        place = (hit.path, hit.page, hit.line_start, hit.line_end)
        if place in seen:  # (two collections over the same folder)
            continue
        seen.add(place)
        cost = tokens(hit.text) + 16  # with its label
        if sources and used + cost > token_budget:
            continue
        sources.append(Source(len(sources) + 1, hit.collection, hit.path, hit.page,
                              hit.heading, hit.line_start, hit.line_end, hit.text))
        used += cost
        if len(sources) >= limit:
            break
    return sources


def sources_block(sources: Sequence[Source]) -> str:
    """The excerpts as the model reads them (in English, as the instruction)."""
    parts = [INSTRUCTION]
    for source in sources:
        where = Path(source.path).name + (f", page {source.page}" if source.page is not None
                                          else "")
        heading = f" — {source.heading}" if source.heading else ""
        parts.append(f"[{source.number}] {where}{heading}\n{source.text.strip()}")
    return "\n\n".join(parts)


def with_sources(messages: Sequence[dict[str, str]],
                 sources: Sequence[Source]) -> list[dict[str, str]]:
    """``messages`` for this turn, the excerpts put before the question in its message
    (small models heed the question's own message far better than the system prompt;
    the saved chat keeps the question as the user wrote it)."""
    out = [dict(m) for m in messages]
    if not sources or not out or out[-1]["role"] != "user":
        return out
    out[-1]["content"] = (sources_block(sources) + "\n\nQuestion: "
                          + out[-1]["content"].strip())
    return out
