"""``fireside chats [--json]``: the saved chats, pinned first, newest first."""

from __future__ import annotations

import json
import time

from app.core.context import AppContext


def run_chats(data_dir: str | None, as_json: bool, query: str | None = None) -> int:
    context = AppContext.open(data_dir)
    try:
        counts = context.store.message_counts()
        chats = context.store.list_conversations()
        if query:
            wanted = {hit.conversation_id for hit in context.store.search(query)}
            chats = [c for c in chats if c.id in wanted]
        rows = [{"id": c.id, "title": c.title, "pinned": c.pinned, "model_id": c.model_id,
                 "messages": counts.get(c.id, 0),
                 "created_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(c.created_at)),
                 "updated_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(c.updated_at))}
                for c in chats]
    finally:
        context.close()
    if as_json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not rows:
        print("No chats yet." if not query else f"No chat matches {query!r}.")
    for row in rows:
        pin = "📌 " if row["pinned"] else ""
        print(f"{row['id']}  {row['updated_at'][:16].replace('T', ' ')}  "
              f"{row['messages']:>4} msgs  {pin}{row['title']}")
    return 0
