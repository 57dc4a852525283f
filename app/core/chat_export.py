"""Export chats: Markdown to read, JSON to keep everything.

Markdown shows each chat's open branch.  The JSON (``"format":
"fireside-chats"``) is complete: every message with its id and parent (the
tree, and which branch was open), status, model and timings; each chat's model and
system prompt; the models the chats name (file name and sha256, so they can
be found again) and the generation settings at export time.  Ids are stable,
so importing the file again adds nothing twice (:mod:`app.core.chat_import`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from app.core.catalog import Catalog
from app.core.conversation import Conversation, Message, Role
from app.core.generation import GenerationSettings
from app.core.localdocs.attachment_record import attachments_of, human_size
from app.core.localdocs.retrieval import Source
from app.core.texts import Lookup, Text, tr

EXPORT_FORMAT = "fireside-chats"
EXPORT_VERSION = 1


def _iso(timestamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))


def message_to_dict(message: Message) -> dict[str, Any]:
    data = asdict(message)
    data["role"] = message.role.value
    data["status"] = message.status.value
    return data


def conversation_to_dict(conversation: Conversation) -> dict[str, Any]:
    return {"id": conversation.id, "title": conversation.title,
            "model_id": conversation.model_id, "system_prompt": conversation.system_prompt,
            "created_at": conversation.created_at, "updated_at": conversation.updated_at,
            "pinned": conversation.pinned, "current_leaf": conversation.current_leaf,
            "preset": conversation.preset, "origin": conversation.origin,
            "collections": list(conversation.collections),
            "messages": [message_to_dict(m) for m in conversation.messages]}


def to_json(conversations: Iterable[Conversation], catalog: Catalog | None = None,
            generation: GenerationSettings | None = None) -> str:
    chats = list(conversations)
    model_ids = {c.model_id for c in chats} | {m.model_id for c in chats for m in c.messages}
    models = {}
    for model_id in sorted(i for i in model_ids if i):
        entry = catalog.get(model_id) if catalog else None
        models[model_id] = ({"name": entry.name, "filename": entry.filename,
                             "sha256": entry.sha256} if entry else {"name": model_id})
    return json.dumps({
        "format": EXPORT_FORMAT, "version": EXPORT_VERSION,
        "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "generation": generation.model_dump() if generation else None,
        "models": models,
        "conversations": [conversation_to_dict(c) for c in chats],
    }, indent=1, ensure_ascii=False)


def to_markdown(conversations: Iterable[Conversation],
                model_names: dict[str, str] | None = None, lookup: Lookup | None = None) -> str:
    """Readable Markdown: a heading per chat, then who said what, when, with which model.

    The words Fireside adds are rendered through ``lookup`` (English without one).
    """
    names = model_names or {}

    def say(text: Text) -> str:
        return text.render(lookup) if lookup else str(text)

    statuses = {"stopped": tr("stopped"), "interrupted": tr("interrupted"),
                "length": tr("cut at the length limit"), "error": tr("error"),
                "streaming": tr("unfinished")}
    out: list[str] = []
    for conversation in conversations:
        out.append(f"# {conversation.title}\n")
        out.append("*" + say(tr("{date} · exported from Fireside",
                                date=_iso(conversation.created_at))) + "*\n")
        if conversation.system_prompt:
            out.append("> " + say(tr("System prompt: {prompt}",
                                     prompt=conversation.system_prompt)) + "\n")
        path = conversation.path()
        hidden = len(conversation.messages) - len(path)
        if hidden > 0:
            out.append("*" + say(tr("This is the branch that was open; the JSON export also "
                                    "holds %n message(s) from other branches.", "",
                                    hidden)) + "*\n")
        for message in path:
            if message.role is Role.USER:
                who = say(tr("You"))
            elif message.role is Role.SYSTEM:
                who = say(tr("System"))
            else:
                who = names.get(message.model_id or "", message.model_id or say(tr("Assistant")))
            status = message.status.value
            note = "" if status == "complete" else \
                f" ({say(statuses[status]) if status in statuses else status})"
            out.append(f"### {who} — {_iso(message.created_at)}{note}\n")
            out.append(message.content.rstrip() + "\n")
            attached = attachments_of(message.attachments)
            if attached:
                out.append(say(tr("Attached files:")))
                out.extend(f"- {a.name} ({human_size(a.size)}) — {say(a.mode_text())}"
                           for a in attached)
                out.append("")
            sources = [s for s in map(Source.from_dict, message.sources or []) if s]
            if sources:
                out.append(say(tr("Sources:")))
                out.extend(f"{s.number}. {say(s.place())}"
                           + (f" — {s.heading}" if s.heading else "") + f" (`{s.path}`)"
                           for s in sources)
                out.append("")
        out.append("\n---\n")
    return "\n".join(out)
