"""The chunks a question is answered with, and how they reach the model: :func:`search`,
:func:`retrieve`, :func:`with_sources`.

Search is hybrid: keyword search (FTS5, BM25) finds the chunks that share the question's
words, vector search (:mod:`.vectors`, when an embedding model is installed) those that
mean the same in other words, and the two rankings are merged by reciprocal-rank fusion
(each chunk scores the sum of 1 / (60 + its rank) in each list), which needs no tuning
between BM25's and cosine's scales.  Without an embedding model, or for chunks not
embedded yet, keyword search alone answers.

The best chunks for the question are taken while they fit in a
token budget — a share of the model's context, so they never crowd out the chat — and
numbered.  They go before the question in its message for this one turn (not into the
saved chat), with an instruction to cite them as [1], [2]…; the chat keeps the sources
with the reply (:class:`Source`, saved as dicts), so they are shown, exported and found
again with the message.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from app.core.localdocs.chunking import tokens
from app.core.localdocs.embedder import EmbedError
from app.core.localdocs.store import Collection, DocsStore, Hit
from app.core.localdocs.vectors import TextEmbedder, vector_index
from app.core.texts import Text, tr

log = logging.getLogger(__name__)

DEFAULT_SOURCES = 4
RRF_K = 60  # reciprocal-rank fusion's constant (Cormack et al., 2009)
SearchMode = Literal["hybrid", "keyword", "vector"]
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
        if self.line_end <= self.line_start:
            return tr("{file}, line {line}", file=name, line=self.line_start)
        return tr("{file}, lines {start}–{end}", file=name, start=self.line_start,
                  end=self.line_end)


def search(store: DocsStore, collections: Sequence[Collection], query: str, limit: int = 10,
           embedder: TextEmbedder | None = None, mode: SearchMode = "hybrid") -> list[Hit]:
    """The ``limit`` best chunks of ``collections`` for ``query``.

    ``mode`` "hybrid" merges keyword and vector search (keyword alone without an
    ``embedder``, or when it fails); "keyword" and "vector" use one of them.
    """
    depth = max(limit * 4, 20)  # each list reaches deeper than the result, for the fusion
    keyword = store.keyword_search(list(collections), query, depth) if mode != "vector" else []
    nearest: list[tuple[int, float]] = []
    if embedder is not None and mode != "keyword":
        try:
            nearest = vector_index(store, embedder.key).search(
                collections, embedder.embed_query(query), depth)
        except EmbedError as exc:  # the model went missing or broke: keywords still work
            log.warning("vector search failed: %s", exc)
    if mode == "keyword" or not nearest:
        return keyword[:limit]
    if mode == "vector":
        return store.chunks(nearest[:limit], query)
    fused: dict[int, float] = {}
    for rank, chunk_id in enumerate([h.chunk_id for h in keyword]):
        fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    for rank, (chunk_id, _) in enumerate(nearest):
        fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    best = sorted(fused.items(), key=lambda item: -item[1])[:limit]
    return store.chunks(best, query)


def retrieve(store: DocsStore, collections: Sequence[str], question: str,
             limit: int = DEFAULT_SOURCES, token_budget: int = 1024,
             embedder: TextEmbedder | None = None) -> list[Source]:
    """The best chunks of ``collections`` for ``question`` within ``token_budget`` tokens
    (hybrid search when an ``embedder`` is given)."""
    chosen = [store.require(name) for name in collections]
    sources: list[Source] = []
    used = 0
    seen: set[tuple[str, int | None, int, int]] = set()
    for hit in search(store, chosen, question, limit * 3, embedder):
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
