"""``fireside export`` and ``fireside import``: chats out to Markdown/JSON and back in.

    fireside export [--chat ID] --format md|json OUT     (OUT may be - for stdout)
    fireside import FILE                                  Fireside JSON or ChatGPT's export
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.core.chat_import import ChatImportError, import_file
from app.core.chat_transfer import export_chats, export_text
from app.core.context import AppContext


def _err(message: str) -> None:
    print(f"fireside: {message}", file=sys.stderr)


def run_export(data_dir: str | None, chat_id: str | None, fmt: str, out: str) -> int:
    context = AppContext.open(data_dir)
    try:
        if chat_id and context.store.load_conversation(chat_id) is None:
            _err(f"no chat with id {chat_id!r}; see `fireside chats`")
            return 2
        if out == "-":
            text, _ = export_text(context, fmt == "md", chat_id)
            sys.stdout.write(text)
            return 0
        try:
            count = export_chats(context, Path(out), chat_id, markdown=fmt == "md")
        except OSError as exc:
            _err(f"cannot write {out}: {exc.strerror}")
            return 1
    finally:
        context.close()
    print(f"Exported {count} chats to {out}", file=sys.stderr)
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
