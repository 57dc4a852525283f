"""``fireside export`` and ``fireside import``: chats out to Markdown/JSON and back in.

    fireside export [--chat ID] --format md|json OUT     (OUT may be - for stdout)
    fireside import FILE                                  Fireside JSON or ChatGPT's export
"""

from __future__ import annotations

from pathlib import Path

from app.core.chat_import import ChatImportError, import_file
from app.core.chat_transfer import export_chats, export_text
from app.core.context import AppContext
from app.core.texts import tr
from app.terminal.output import err, lookup, note, out, use_language, write_all


def run_export(data_dir: str | None, chat_id: str | None, fmt: str, target: str) -> int:
    context = AppContext.open(data_dir)
    use_language(context.settings.language)
    try:
        if chat_id and context.store.load_conversation(chat_id) is None:
            err(tr("no chat with id “{chat}”; see `fireside chats`", chat=chat_id))
            return 2
        if target == "-":
            text, _ = export_text(context, fmt == "md", chat_id, lookup())
            write_all(text)
            return 0
        try:
            count = export_chats(context, Path(target), chat_id, markdown=fmt == "md",
                                 lookup=lookup())
        except OSError as exc:
            err(tr("cannot write {path}: {reason}", path=target, reason=exc.strerror))
            return 1
    finally:
        context.close()
    note(tr("Exported %n chat(s) to {path}", "", count, path=target))
    return 0


def run_import(data_dir: str | None, path: str) -> int:
    """Import a file: the summary on standard output, each entry skipped on standard error.

    Exit codes: 0 imported (broken entries skipped), 2 nothing imported (the reason
    on standard error).
    """
    context = AppContext.open(data_dir)
    use_language(context.settings.language)
    try:
        report = import_file(context.store, Path(path))
    except ChatImportError as exc:
        err(exc, command="fireside import")
        return 2
    finally:
        context.close()
    for reason in report.skipped:
        note(tr("skipped {entry}", entry=reason))
    out(report.summary())
    return 0
