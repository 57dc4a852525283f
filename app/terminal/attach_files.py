"""``fireside chat --attach FILE``: the files attached to the first question.

They are read before the model loads (:func:`read_files`), so a file that cannot be
attached is one line and exit 2 at once; once the model's context is known each goes in
whole or is indexed in the chat's own collection (:func:`settle_files`), and the
terminal says which.  If anything fails, nothing of the chat is kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.chat_session import ChatSession
from app.core.localdocs.attachments import (
    Attachment,
    AttachmentError,
    Reading,
    collection_for,
    forget_chat,
    human_size,
    read,
    settle,
    whole_budget,
)
from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.localdocs.library import DEFAULT_CONTEXT
from app.core.localdocs.vectors import TextEmbedder
from app.core.texts import tr
from app.terminal.output import err, note


def read_files(paths: Sequence[str]) -> list[Reading] | None:
    """The files' text, or None after saying (one line) why one cannot be attached."""
    readings: list[Reading] = []
    for path in paths:
        try:
            readings.append(read(path))
        except AttachmentError as exc:
            err(exc)
            return None
    return readings


def settle_files(session: ChatSession, readings: Sequence[Reading], question: str,
                 n_ctx: int | None, settings: LocalDocsSettings,
                 docs_path: Path, embedder: TextEmbedder | None = None,
                 ) -> list[Attachment] | None:
    """Each file whole (if it fits what is left of the budget) or indexed, said on standard
    error; None after saying why one could not be (its chat's collection is removed)."""
    attached: list[Attachment] = []
    taken = 0
    collection = collection_for(session.conversation.id)
    for reading in readings:
        budget = whole_budget(settings, n_ctx or DEFAULT_CONTEXT, question, taken)
        try:
            attachment = settle(reading, budget, docs_path, collection, embedder=embedder)
        except AttachmentError as exc:
            err(exc)
            discard(session, docs_path)
            return None
        if attachment.whole:
            taken += attachment.tokens
            note(tr("Attached {file} ({size}): sent whole ({tokens} tokens).",
                    file=attachment.name, size=human_size(attachment.size),
                    tokens=attachment.tokens))
        else:
            note(tr("Attached {file} ({size}): too long to send whole ({tokens} tokens), so "
                    "it was indexed; the parts relevant to each question are searched.",
                    file=attachment.name, size=human_size(attachment.size),
                    tokens=attachment.tokens))
        attached.append(attachment)
    return attached


def discard(session: ChatSession, docs_path: Path) -> None:
    """The question was not saved: a new chat's attachments collection goes too."""
    if session.is_new:
        forget_chat(docs_path, session.conversation.id)
