"""Export and import chat files, for the window's File menu and the terminal alike.

Writing goes to a temporary file that replaces the target in one step, so a
backup is never half-written; reading reports what was added and skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.core.chat_export import to_json, to_markdown
from app.core.chat_import import ChatImportError, ImportReport, import_file
from app.core.context import AppContext
from app.core.providers import REMOTE_PREFIX
from app.core.texts import Lookup


def export_text(context: AppContext, markdown: bool, chat_id: str | None = None,
                lookup: Lookup | None = None) -> tuple[str, int]:
    """One chat (or all) as Markdown (its words through ``lookup``) or JSON, and a count."""
    store = context.store
    ids = [chat_id] if chat_id else [c.id for c in store.list_conversations()]
    chats = [c for c in (store.load_conversation(i) for i in ids) if c is not None]
    if markdown:
        names = {m.id: m.name for m in context.catalog.models}
        names.update({m.id: m.name for m in context.installed})
        remote = {m.model_id for c in chats for m in c.messages
                  if m.model_id and m.model_id.startswith(REMOTE_PREFIX)}
        names.update({i: i.removeprefix(REMOTE_PREFIX) for i in remote})  # PROVIDER/MODEL
        return to_markdown(chats, names, lookup), len(chats)
    return to_json(chats, context.catalog, context.settings.generation), len(chats)


def export_chats(context: AppContext, target: Path, chat_id: str | None = None,
                 markdown: bool | None = None, lookup: Lookup | None = None) -> int:
    """Write one chat (or all) to ``target`` (Markdown for ``.md`` unless told); the count."""
    if markdown is None:
        markdown = target.suffix.lower() in (".md", ".markdown")
    text, count = export_text(context, markdown, chat_id, lookup)
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def import_chats(context: AppContext, source: Path) -> ImportReport:
    """Import a Fireside JSON export or ChatGPT's conversations.json (ChatImportError if not)."""
    return import_file(context.store, source)


__all__ = ["ChatImportError", "export_chats", "import_chats"]
