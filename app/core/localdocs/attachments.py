"""Files attached to a message: :func:`prepare` reads one, :class:`Attachment` is what the
message keeps, :func:`with_attachments` is how the model sees it.

A file is read with the limits of any LocalDocs file (:func:`extract.extract`).  If its
text fits the budget — a share of the model's context (:func:`whole_budget`) — it goes
in *whole*: its text is kept in the message's record and put before the question in a
delimited block every time the chat is sent to the model, on later turns too, so the
model keeps seeing it.  If not, it is *indexed*: added (as a single file) to the chat's
own collection (``attachments:`` + the chat's id, see :func:`collection_for`) and
indexed, so its relevant parts are retrieved for this question and later ones.

A file that cannot be attached — missing, a folder, a kind Fireside does not read, an
encrypted or broken PDF, a binary file named ``.txt``, too big — raises
:class:`AttachmentError` with the reason: the message is then not sent, rather than
sent with a broken attachment.  Deleting the chat deletes its collection
(:func:`forget_chat`), never the user's files.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.localdocs.attachment_record import (
    INDEXED,
    WHOLE,
    Attachment,
    attachments_block,
    attachments_of,
    collection_for,
    human_size,
    match,
    with_attachments,
)
from app.core.localdocs.chunking import tokens
from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.localdocs.embedder import EmbedError
from app.core.localdocs.extract import SECONDS, Extracted, ExtractError, extract, kind_of
from app.core.localdocs.indexer import Indexer, reason_text
from app.core.localdocs.retrieval import Source, with_sources
from app.core.localdocs.store import DocsError, DocsStore
from app.core.localdocs.vectors import TextEmbedder, embed_pending
from app.core.texts import Text, UserError, tr

log = logging.getLogger(__name__)

__all__ = ["INDEXED", "WHOLE", "Attachment", "AttachmentError", "attachments_block",
           "attachments_of", "collection_for", "forget_chat", "human_size", "match",
           "prepare", "read", "settle", "unattach", "whole_budget", "with_attachments",
           "with_sources_after"]

class AttachmentError(UserError):
    """A file cannot be attached; :attr:`text` says which and why."""


def whole_budget(settings: LocalDocsSettings, n_ctx: int, question: str = "",
                 taken: int = 0) -> int:
    """How many tokens of attached text may go in whole: LocalDocs' share of a context of
    ``n_ctx`` tokens, less the question and ``taken`` (files already attached)."""
    return settings.token_budget(n_ctx) - tokens(question) - taken


@dataclass(frozen=True)
class Reading:
    """A file read for attaching, before it is known whether it goes in whole."""

    name: str
    path: str
    size: int
    kind: str
    text: str

    @property
    def tokens(self) -> int:
        return tokens(self.text)


def read(path: str | Path, seconds: float = SECONDS) -> Reading:
    """Read ``path`` for attaching; AttachmentError (with the reason) if it cannot be."""
    name = Path(path).name or str(path)

    def refuse(reason: Text) -> AttachmentError:
        shown = name.encode("utf-8", "replace").decode("utf-8")  # (a name not in UTF-8)
        return AttachmentError(tr("Cannot attach {file}: {reason}", file=shown, reason=reason))

    try:
        file = Path(path).expanduser().absolute()
        folder, exists = file.is_dir(), file.is_file()
    except (OSError, RuntimeError) as exc:  # a name too long, ~nosuchuser, …
        raise refuse(Text.plain(getattr(exc, "strerror", None) or str(exc))) from None
    try:
        str(file).encode("utf-8")
    except UnicodeEncodeError:
        raise refuse(tr("its name is not valid UTF-8")) from None
    if folder:
        raise refuse(tr("it is a folder (to use a whole folder, add it to a LocalDocs "
                        "collection)"))
    if not exists:
        raise refuse(tr("there is no such file"))
    if kind_of(file) is None:
        raise refuse(tr("Fireside does not read this kind of file (it reads text, Markdown, "
                        "HTML, source code, PDF and DOCX)"))
    try:
        extracted = extract(file, seconds)
    except ExtractError as exc:
        raise refuse(exc.text) from None
    except Exception as exc:  # a library's surprise: a reason, never a traceback
        log.warning("could not read %s: %r", file, exc)
        raise refuse(tr("it could not be read: {error}",
                        error=f"{type(exc).__name__}: {exc}")) from None
    text = whole_text(extracted)
    if not text.strip():
        raise refuse(tr("it has no text"))
    return Reading(name, str(file), file.stat().st_size, extracted.kind, text)


def settle(reading: Reading, token_budget: int, docs_path: Path, collection: str, *,
           seconds: float = SECONDS, stop: threading.Event | None = None,
           embedder: TextEmbedder | None = None) -> Attachment:
    """Attach what was read: whole if its text fits ``token_budget`` tokens, else indexed
    into ``collection`` of the LocalDocs index at ``docs_path`` (AttachmentError if that
    fails) and, with an ``embedder``, embedded for search by meaning."""
    count = reading.tokens
    if count <= token_budget:
        return Attachment(reading.name, reading.path, reading.size, reading.kind, WHOLE,
                          count, reading.text)

    def refuse(reason: Text) -> AttachmentError:
        return AttachmentError(tr("Cannot attach {file}: {reason}", file=reading.name,
                                  reason=reason))

    _index(Path(reading.path), docs_path, collection, seconds, stop, refuse, embedder)
    return Attachment(reading.name, reading.path, reading.size, reading.kind, INDEXED, count,
                      collection=collection)


def prepare(path: str | Path, token_budget: int, docs_path: Path, collection: str, *,
            seconds: float = SECONDS, stop: threading.Event | None = None,
            embedder: TextEmbedder | None = None) -> Attachment:
    """:func:`read` then :func:`settle`: ``path`` attached whole or indexed."""
    return settle(read(path, seconds), token_budget, docs_path, collection, seconds=seconds,
                  stop=stop, embedder=embedder)


def _index(file: Path, docs_path: Path, collection: str, seconds: float,
           stop: threading.Event | None, refuse: Callable[[Text], AttachmentError],
           embedder: TextEmbedder | None = None) -> None:
    """Index ``file`` in ``collection`` (made if needed); raise ``refuse(reason)`` if not."""
    try:
        store = DocsStore(docs_path)
    except DocsError as exc:
        raise refuse(exc.text) from None
    try:
        found = store.add_collection(collection, [str(file)], for_chat=True)
        report = Indexer(store, stop=stop, seconds=seconds).index(found)
        if report.stopped:
            raise refuse(tr("reading it was stopped"))
        row = store.files(found).get(str(file))
        if row is None:
            raise refuse(tr("it could not be indexed"))
        if row.state != "indexed":
            raise refuse(reason_text(row.reason or ""))
        if embedder is not None:
            try:
                embed_pending(store, embedder, found, stop)
            except EmbedError as exc:  # found by keywords still
                log.warning("could not embed %s: %s", file, exc)
    except (DocsError, sqlite3.Error) as exc:
        raise refuse(Text.plain(str(exc))) from None
    finally:
        store.close()


def whole_text(extracted: Extracted) -> str:
    """A file's text as it is sent whole (a PDF's pages marked, so they can be cited)."""
    pages = [p for p in extracted.pages if p.text.strip()]
    if extracted.kind == "pdf" and len(extracted.pages) > 1:
        return "\n\n".join(f"[Page {p.number}]\n{p.text.strip()}" for p in pages)
    return "\n\n".join(p.text.strip() for p in pages)


# -- what the model reads ------------------------------------------------------------
def with_sources_after(messages: Sequence[dict[str, str]], sources: Sequence[Source],
                       question: str) -> list[dict[str, str]]:
    """:func:`retrieval.with_sources`, keeping the last message's attached files first:
    files, then the excerpts, then the question (``question``: the message as typed)."""
    if not messages or not sources:
        return with_sources(messages, sources)
    last = messages[-1]["content"]
    if not question or last == question or not last.endswith(question):
        return with_sources(messages, sources)
    files = last[:len(last) - len(question)]
    out = with_sources([*messages[:-1], {**messages[-1], "content": question}], sources)
    out[-1]["content"] = files + out[-1]["content"]
    return out


# -- search and clean-up ------------------------------------------------------------
# -- clean-up ------------------------------------------------------------------------
def forget_chat(docs_path: Path, conversation_id: str) -> bool:
    """Delete a chat's attachments collection (its index; never the files).  True if
    there was one; a failure is logged, never in the way of deleting the chat."""
    if not docs_path.is_file():
        return False
    try:
        store = DocsStore(docs_path)
    except (DocsError, sqlite3.Error) as exc:
        log.warning("could not open %s to forget a chat's attachments: %s", docs_path, exc)
        return False
    try:
        name = collection_for(conversation_id)
        if store.collection(name) is None:
            return False
        store.remove_collection(name)
        return True
    except (DocsError, sqlite3.Error) as exc:
        log.warning("could not remove %s: %s", collection_for(conversation_id), exc)
        return False
    finally:
        store.close()


def unattach(docs_path: Path, collection: str, path: str) -> None:
    """A file attached but not sent leaves the chat's collection (the collection goes when
    it was its only file); a failure is logged (the next indexing forgets it anyway)."""
    if not docs_path.is_file():
        return
    try:
        store = DocsStore(docs_path)
    except (DocsError, sqlite3.Error) as exc:
        log.warning("could not open %s to remove %s: %s", docs_path, path, exc)
        return
    try:
        found = store.collection(collection)
        if found is None or path not in found.folders:
            return
        if found.folders == [path]:
            store.remove_collection(collection)
            return
        store.forget_files(store.remove_folder(collection, path), [path])
    except (DocsError, sqlite3.Error) as exc:
        log.warning("could not remove %s from %s: %s", path, collection, exc)
    finally:
        store.close()
