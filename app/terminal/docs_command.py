"""``fireside docs``: LocalDocs collections from the terminal (the same index as the window).

    fireside docs add NAME FOLDER…       a collection (or more folders for it)
    fireside docs list [--json]          collections, their folders and how far indexed
    fireside docs index [NAME]           index what changed (all collections without NAME),
                                         then embed new chunks (with an embedding model)
    fireside docs search NAME QUERY…     the best chunks for QUERY, with where they are
                                         (hybrid: keywords and meaning; --mode to choose)
    fireside docs chunking NAME TOKENS   chunk size (the next index re-chunks, no reading)
    fireside docs rename OLD NEW, fireside docs remove NAME (the index, never the files)

Indexing shows a progress bar (files, MB/s, time left); Ctrl+C pauses it after the file
being read, and running it again goes on from there (exit 130 when paused).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
from typing import Any

from app.core.context import AppContext, setup_logging
from app.core.localdocs.docs_settings import DEFAULT_EMBEDDING_MODEL
from app.core.localdocs.embedder import EmbedError
from app.core.localdocs.embedding_setup import (
    chosen_embedding_model,
    close_embedders,
    shared_embedder,
)
from app.core.localdocs.indexer import Indexer, IndexProgress, IndexReport, reason_text
from app.core.localdocs.pdf_child import close_reader
from app.core.localdocs.retrieval import SearchMode, search
from app.core.localdocs.store import Collection, DocsStore
from app.core.localdocs.vectors import TextEmbedder, embed_pending, vector_counts
from app.core.texts import tr
from app.terminal.output import err, note, out, say, use_language, write_all

EXIT_PAUSED = 130


def _open(data_dir: str | None) -> tuple[AppContext, DocsStore]:
    context = AppContext.open(data_dir)
    setup_logging(context.paths)
    use_language(context.settings.language)
    return context, DocsStore(context.paths.localdocs)


def run_docs(data_dir: str | None, action: str, args: Any) -> int:
    context, store = _open(data_dir)
    try:
        if action == "add":
            return _add(store, args.name, args.folders)
        if action == "index":
            return _index(store, args.name, None if args.no_embed else _embedder(context))
        if action == "search":
            return _search(store, args.name, " ".join(args.query), args.limit, args.json,
                           args.mode, _embedder(context))
        if action == "chunking":
            return _chunking(store, args.name, args.tokens, args.overlap)
        if action == "rename":
            renamed = store.rename_collection(args.old, args.new)
            context.store.rename_collection_in_chats(args.old, renamed.name)  # chats follow
            note(tr("Renamed “{old}” to “{new}”.", old=args.old, new=args.new))
            return 0
        if action == "remove":
            store.remove_collection(args.name)
            note(tr("Removed the collection “{name}” and its index; your files are "
                    "untouched.", name=args.name))
            return 0
        return _list(store, bool(getattr(args, "json", False)), _embedder(context))
    finally:
        store.close()
        close_embedders()
        close_reader()
        context.close()


def _embedder(context: AppContext) -> TextEmbedder | None:
    """The installed embedding model's embedder (None: keyword search only)."""
    model = chosen_embedding_model(context.settings.localdocs, context.embedding_models)
    return shared_embedder(model) if model is not None else None


def _chunking(store: DocsStore, name: str, tokens: int, overlap: int | None) -> int:
    overlap = tokens // 8 if overlap is None else overlap
    if not 128 <= tokens <= 1024 or not 0 <= overlap <= tokens // 2:
        err(tr("Chunks hold 128 to 1024 tokens, and overlap at most half of that."),
            command="fireside docs chunking")
        return 2
    store.set_chunking(name, tokens, overlap)
    note(tr("“{name}” now has chunks of about {tokens} tokens ({overlap} shared). "
            "`fireside docs index {name}` re-chunks it from the text in the index.",
            name=name, tokens=tokens, overlap=overlap))
    return 0


def _add(store: DocsStore, name: str, folders: list[str]) -> int:
    resolved = [os.path.abspath(os.path.expanduser(f)) for f in folders]
    missing = [f for f in resolved if not os.path.isdir(f)]
    if missing:
        err(tr("not a folder: {folder}", folder=missing[0]), command="fireside docs add")
        return 2
    collection = store.add_collection(name, resolved)
    note(tr("Collection “{name}”: {folders}. Index it with `fireside docs index {name}`.",
            name=collection.name, folders=", ".join(collection.folders)))
    return 0


def _list(store: DocsStore, as_json: bool, embedder: TextEmbedder | None) -> int:
    rows: list[dict[str, Any]] = []
    for collection in store.user_collections():
        status = store.status(collection)
        embedded = vector_counts(store, collection, embedder.key)[0] if embedder else None
        rows.append({"name": collection.name, "folders": collection.folders,
                     "files": status.files, "indexed": status.indexed,
                     "failed": [{"path": p, "reason": say(reason_text(r))}
                                for p, r in status.failed],
                     "chunks": status.chunks, "embedded": embedded,
                     "megabytes": round(status.bytes / 1e6, 2),
                     "chunk_tokens": collection.chunk_tokens,
                     "indexed_at": collection.indexed_at})
    if as_json:
        write_all(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not rows:
        out(tr("No collections yet. Add one with `fireside docs add NAME FOLDER`."))
        return 0
    if embedder is None:
        note(tr("Keyword search only. Download the embedding model (`fireside pull "
                "{model}`, 146 MB) to find passages by meaning too.",
                model=DEFAULT_EMBEDDING_MODEL))
    for row in rows:
        out(tr("{name}: {indexed} of {files} files indexed, {chunks} chunks ({folders})",
               name=row["name"], indexed=row["indexed"], files=row["files"],
               chunks=row["chunks"], folders=", ".join(row["folders"])))
        if embedded is not None and row["embedded"] < row["chunks"]:
            out("    " + say(tr("{done} of {total} chunks embedded for search by meaning",
                               done=row["embedded"], total=row["chunks"])))
        for failed in row["failed"]:
            out(f"    ✗ {failed['path']}: {failed['reason']}")
    return 0


def _index(store: DocsStore, name: str | None, embedder: TextEmbedder | None) -> int:
    collections = [store.require(name)] if name else store.user_collections()
    if not collections:
        out(tr("No collections yet. Add one with `fireside docs add NAME FOLDER`."))
        return 0
    stop = threading.Event()
    for collection in collections:
        previous = signal.signal(signal.SIGINT, lambda *_: stop.set())  # Ctrl+C: pause
        try:
            report = _index_one(store, collection, stop)
            embedded = (_embed_one(store, collection, embedder, stop)
                        if embedder and not stop.is_set() else 0)
        finally:
            signal.signal(signal.SIGINT, previous)
        if stop.is_set():
            note(tr("Paused. Run `fireside docs index {name}` again to go on where it "
                    "stopped.", name=collection.name))
            return EXIT_PAUSED
        if report.removed_collection:
            err(tr("“{name}” was removed while it was being indexed.", name=collection.name),
                command="fireside docs index")
            return 1
        for folder, reason in report.unreadable:
            err(tr("{folder} was left out: {reason}", folder=folder, reason=reason),
                command="fireside docs index")
        note(tr("{name}: {indexed} read, {rechunked} re-chunked, {unchanged} unchanged, "
                "{failed} could not be read, {removed} removed ({seconds:.1f} s).",
                name=collection.name, indexed=report.indexed, rechunked=report.rechunked,
                unchanged=report.unchanged, failed=report.failed, removed=report.removed,
                seconds=report.seconds))
        if embedded < 0:
            return 1
        if embedded:
            note(tr("{name}: {count} chunks embedded for search by meaning.",
                    name=collection.name, count=embedded))
    return 0


def _embed_one(store: DocsStore, collection: Collection, embedder: TextEmbedder,
               stop: threading.Event) -> int:
    """Embed the collection's new chunks (a progress bar); how many (-1: it failed)."""
    from tqdm import tqdm

    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, initial=done, unit=" chunks", desc=say(tr("embedding")),
                       file=sys.stderr, leave=False,
                       disable=done >= total or not sys.stderr.isatty())
        bar.update(done - bar.n)

    try:
        return embed_pending(store, embedder, collection, stop, progress)
    except EmbedError as exc:
        err(exc, command="fireside docs index")
        return -1
    finally:
        if bar is not None:
            bar.close()


def _index_one(store: DocsStore, collection: Collection, stop: threading.Event) -> IndexReport:
    from tqdm import tqdm

    bar: Any = None

    def progress(state: IndexProgress) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=state.bytes_total, unit="B", unit_scale=True,
                       desc=collection.name, file=sys.stderr, leave=False,
                       disable=state.files_total == 0 or not sys.stderr.isatty())
        bar.set_postfix_str(f"{state.files_done}/{state.files_total} files", refresh=False)
        bar.update(state.bytes_done - bar.n)

    indexer = Indexer(store, on_progress=progress, stop=stop)
    try:
        return indexer.index(collection)
    finally:
        if bar is not None:
            bar.close()


def _search(store: DocsStore, name: str, query: str, limit: int, as_json: bool,
            mode: SearchMode, embedder: TextEmbedder | None) -> int:
    collection = store.require(name)
    if mode == "vector" and embedder is None:
        err(tr("Search by meaning needs the embedding model: `fireside pull {model}`.",
               model=DEFAULT_EMBEDDING_MODEL), command="fireside docs search")
        return 2
    hits = search(store, [collection], query, max(1, min(limit, 100)), embedder, mode)
    if as_json:
        write_all(json.dumps([{
            "path": h.path, "page": h.page, "heading": h.heading,
            "lines": [h.line_start, h.line_end], "score": round(h.score, 4),
            "snippet": h.snippet, "text": h.text} for h in hits],
            indent=2, ensure_ascii=False) + "\n")
        return 0
    if not hits:
        out(tr("Nothing in “{name}” matches.", name=name))
        return 1
    for number, hit in enumerate(hits, start=1):
        where = say(tr("{path} (page {page})", path=hit.path, page=hit.page)
                    if hit.page is not None else
                    tr("{path} (line {line})", path=hit.path, line=hit.line_start)
                    if hit.line_end <= hit.line_start else
                    tr("{path} (lines {start}–{end})", path=hit.path, start=hit.line_start,
                       end=hit.line_end))
        write_all(f"{number}. {where}" + (f" — {hit.heading}" if hit.heading else "") + "\n")
        write_all("   " + " ".join(hit.snippet.split()) + "\n")
    return 0
