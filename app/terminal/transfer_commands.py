"""``fireside export`` and ``fireside import``: chats out to Markdown/JSON and back in.

    fireside export [--chat ID] --format md|json OUT     (OUT may be - for stdout)
    fireside import FILE                                  Fireside JSON or ChatGPT's export
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app.core.chat_export import to_json, to_markdown
from app.core.chat_import import ChatImportError, import_file
from app.core.context import AppContext


def _err(message: str) -> None:
    print(f"fireside: {message}", file=sys.stderr)


def run_export(data_dir: str | None, chat_id: str | None, fmt: str, out: str) -> int:
    context = AppContext.open(data_dir)
    try:
        store = context.store
        ids = [chat_id] if chat_id else [c.id for c in store.list_conversations()]
        chats = [c for c in (store.load_conversation(i) for i in ids) if c is not None]
        if chat_id and not chats:
            _err(f"no chat with id {chat_id!r}; see `fireside chats`")
            return 2
        if fmt == "json":
            text = to_json(chats, context.catalog, context.settings.generation)
        else:
            names = {m.id: m.name for m in context.catalog.models}
            names.update({m.id: m.name for m in context.installed})
            text = to_markdown(chats, names)
    finally:
        context.close()
    if out == "-":
        sys.stdout.write(text)
        return 0
    target = Path(out)
    tmp = target.with_name(target.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)  # never a half-written backup
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        _err(f"cannot write {target}: {exc.strerror}")
        return 1
    print(f"Exported {len(chats)} chats to {target}", file=sys.stderr)
    return 0


def run_import(data_dir: str | None, path: str) -> int:
    context = AppContext.open(data_dir)
    try:
        report = import_file(context.store, Path(path))
    except ChatImportError as exc:
        _err(str(exc))
        return 2
    finally:
        context.close()
    print(f"Imported from {report.source}: {report.conversations_added} new chats, "
          f"{report.messages_added} messages; {report.already_present} chats were already "
          f"here" + (f"; skipped {len(report.skipped)} broken entries" if report.skipped
                     else "") + ".")
    return 0
