"""``fireside chats [--json]``: the saved chats, pinned first, newest first; those the API
server saved (other programs' conversations) are marked "API" (``origin`` in the JSON)."""

from __future__ import annotations

import json
import time
from typing import TypedDict

from app.core.api_chats import ORIGIN as API_ORIGIN
from app.core.context import AppContext
from app.core.texts import tr
from app.terminal.output import out, say, use_language, write_all


class ChatRow(TypedDict):
    """One chat as listed (and as printed with ``--json``)."""

    id: str
    title: str
    pinned: bool
    model_id: str | None
    messages: int
    created_at: str
    updated_at: str
    origin: str | None  # "api": saved from the API server; None: the window or the terminal


def run_chats(data_dir: str | None, as_json: bool, query: str | None = None) -> int:
    context = AppContext.open(data_dir)
    use_language(context.settings.language)
    try:
        counts = context.store.message_counts()
        chats = context.store.list_conversations()
        if query:
            wanted = {hit.conversation_id for hit in context.store.search(query)}
            chats = [c for c in chats if c.id in wanted]
        rows: list[ChatRow] = [
            {"id": c.id, "title": c.title, "pinned": c.pinned, "model_id": c.model_id,
             "messages": counts.get(c.id, 0),
             "created_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(c.created_at)),
             "updated_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(c.updated_at)),
             "origin": c.origin}
            for c in chats]
    finally:
        context.close()
    if as_json:
        write_all(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return 0
    if not rows:
        out(tr("No chats yet.") if not query else tr("No chat matches “{query}”.", query=query))
    api = say(tr("API"))  # a column only where some chat came from the API server
    column = any(row["origin"] == API_ORIGIN for row in rows)
    for row in rows:
        pin = "📌 " if row["pinned"] else ""
        messages = say(tr("{count:>4} msgs", count=row["messages"]))
        origin = "" if not column else (api if row["origin"] == API_ORIGIN
                                        else " " * len(api)) + "  "
        print(f"{row['id']}  {row['updated_at'][:16].replace('T', ' ')}  "
              f"{messages}  {origin}{pin}{row['title']}")
    return 0
