"""What a message keeps of a file attached to it, and how the model and chat search see
it: :class:`Attachment`, :func:`with_attachments`, :func:`match`.

A leaf module (no file reading, no index): the chat model and the storage use it without
loading LocalDocs' indexing; :mod:`.attachments` reads and indexes files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from app.core.localdocs.store import ATTACHMENTS_PREFIX
from app.core.texts import Text, tr

WHOLE = "whole"  # the text goes to the model with the message
INDEXED = "indexed"  # too long: indexed in the chat's collection, searched per question
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Attachment:
    """A file attached to a message, as the message keeps it.

    Attributes:
        name: the file's name, as shown.
        path: where it was when attached (absolute).
        size: its size in bytes.
        kind: ``text``, ``html``, ``pdf`` or ``docx`` (:func:`extract.kind_of`).
        mode: :data:`WHOLE` or :data:`INDEXED`.
        tokens: its text's estimated length in tokens.
        text: a whole attachment's text (sent again with every later turn); "" if indexed.
        collection: where an indexed attachment was indexed; None if whole.
    """

    name: str
    path: str
    size: int
    kind: str
    mode: str
    tokens: int
    text: str = ""
    collection: str | None = None

    @property
    def whole(self) -> bool:
        return self.mode == WHOLE

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if not self.whole:
            del data["text"]
        if self.collection is None:
            del data["collection"]
        return data

    @classmethod
    def from_dict(cls, data: object) -> Attachment | None:
        """A saved record (None if it is not one: a record of another version or tool)."""
        if not isinstance(data, dict):
            return None
        try:
            name, mode = data.get("name"), data.get("mode", WHOLE)
            if not isinstance(name, str) or not name or mode not in (WHOLE, INDEXED):
                return None
            text = data.get("text") if mode == WHOLE else ""
            collection = data.get("collection")
            return cls(name, str(data.get("path") or name), int(data.get("size") or 0),
                       str(data.get("kind") or ""), mode, int(data.get("tokens") or 0),
                       text if isinstance(text, str) else "",
                       collection if isinstance(collection, str) else None)
        except (TypeError, ValueError):
            return None

    def mode_text(self) -> Text:
        """How it reached the model, for the user (exports, the terminal)."""
        return tr("sent whole") if self.whole else tr("searched for the relevant parts")


def attachments_of(records: Iterable[object] | None) -> list[Attachment]:
    """The attachments of a message's saved records (records not understood left out)."""
    return [a for a in map(Attachment.from_dict, records or []) if a is not None]


def collection_for(conversation_id: str) -> str:
    """The collection holding a chat's indexed attachments."""
    return ATTACHMENTS_PREFIX + conversation_id


def human_size(size: int) -> str:
    """``size`` bytes as people read it: 812 B, 12 KB, 3.4 MB."""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            if unit == "B":
                return f"{int(value)} B"
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
        value /= 1024
    return f"{size} B"  # (not reached)



# -- what the model reads ------------------------------------------------------------
def attachments_block(records: Iterable[object] | None) -> str:
    """The attached files as the model reads them (in English, as LocalDocs' instruction):
    each whole file's name, then its text, between clear marks; an indexed file named."""
    parts: list[str] = []
    for attachment in attachments_of(records):
        if attachment.whole and attachment.text.strip():
            parts.append(f"--- Attached file: {attachment.name} ---\n"
                         f"{attachment.text.strip()}\n"
                         f"--- End of {attachment.name} ---")
        elif not attachment.whole:
            parts.append(f"(Also attached: {attachment.name}, too long to include here; "
                         "excerpts from it follow when they are relevant.)")
    return "\n\n".join(parts)


def with_attachments(content: str, records: Iterable[object] | None) -> str:
    """A user message's text for the model: its attached files first, then the message
    (the saved message keeps only what the user typed)."""
    block = attachments_block(records)
    return f"{block}\n\n{content}" if block else content



# -- chat search ----------------------------------------------------------------------
def match(records: Iterable[object] | None, words: Sequence[str]) -> str | None:
    """A snippet if every one of ``words`` (lower case) starts a word of an attachment's
    name or whole text, else None (how chat search finds a chat by its files)."""
    for attachment in attachments_of(records):
        name_words = _WORD.findall(attachment.name.lower())
        text_words = set(_WORD.findall(attachment.text.lower())) if attachment.text else set()
        if not all(any(w.startswith(q) for w in (*name_words, *text_words)) for q in words):
            continue
        if any(w.startswith(q) for w in name_words for q in words):
            return _mark(attachment.name, words)
        first = min((m.start() for q in words for m in re.finditer(
            r"\b" + re.escape(q), attachment.text, re.IGNORECASE)), default=0)
        excerpt = attachment.text[max(0, first - 40):first + 80]
        return f"{attachment.name}: …{_mark(' '.join(excerpt.split()), words)}…"
    return None


def _mark(text: str, words: Sequence[str]) -> str:
    """``text`` with the words that start with one of ``words`` in [brackets]."""
    return _WORD.sub(lambda m: f"[{m.group(0)}]" if any(
        m.group(0).lower().startswith(q) for q in words) else m.group(0), text)
