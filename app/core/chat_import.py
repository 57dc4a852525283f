"""Import chats: Fireside's own JSON export, and ChatGPT's ``conversations.json``.

Ids are kept (ChatGPT's get a ``chatgpt-`` prefix), so importing the same
file twice adds nothing twice: a chat that exists gains only the messages it
lacks.  From a ChatGPT export every branch is imported and the one that was
showing (``current_node``) is the one open; text parts are kept, other
content types are noted in brackets.  Bad entries are skipped and counted, never fatal.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.chat_export import EXPORT_FORMAT
from app.core.conversation import Conversation, Message, MessageStatus, Role
from app.core.storage import ChatStore
from app.core.texts import Text, UserError, tr

log = logging.getLogger(__name__)


class ChatImportError(UserError, ValueError):
    """The file is not a chat export Fireside understands; :attr:`text` says why."""


@dataclass
class ImportReport:
    """What an import did."""

    source: str
    conversations_added: int = 0
    messages_added: int = 0
    already_present: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> Text:
        """What the import did, in a sentence for the user (window and terminal)."""
        values = {"chats": tr("%n new chat(s)", "", self.conversations_added),
                  "messages": tr("%n message(s)", "", self.messages_added),
                  "present": tr("%n chat(s) already here", "", self.already_present)}
        if self.skipped:
            return tr("Imported {chats} and {messages}; {present}; {skipped} skipped.",
                      skipped=tr("%n broken entry(s)", "", len(self.skipped)), **values)
        return tr("Imported {chats} and {messages}; {present}.", **values)


def import_file(store: ChatStore, path: Path) -> ImportReport:
    """Import ``path`` (format detected from its content) into ``store``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ChatImportError(tr("{file} cannot be read as JSON: {error}", file=path.name,
                                 error=str(exc))) from None
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT:
        return _import_conversations(store, _fireside_conversations(data), "fireside")
    if isinstance(data, list) and all(isinstance(c, dict) and "mapping" in c for c in data):
        return _import_conversations(store, _chatgpt_conversations(data), "chatgpt")
    raise ChatImportError(tr("{file} is neither a Fireside chat export nor ChatGPT's "
                             "conversations.json", file=path.name))


def _import_conversations(store: ChatStore, parsed: list[Conversation | str],
                          source: str) -> ImportReport:
    report = ImportReport(source)
    for item in parsed:
        if isinstance(item, str):
            report.skipped.append(item)
            continue
        existing = store.load_conversation(item.id)
        if existing is None:
            store.create_conversation(item)  # a flat list (older exports) is linked in order
            report.conversations_added += 1
            report.messages_added += len(item.messages)
            continue
        have = {m.id for m in existing.messages}
        missing = [m for m in item.messages if m.id not in have]
        for message in missing:
            store.add_message(item.id, message, touch=False)
        report.messages_added += len(missing)
        if not missing:
            report.already_present += 1
    return report


# -- Fireside ---------------------------------------------------------------------
def _fireside_conversations(data: dict[str, Any]) -> list[Conversation | str]:
    result: list[Conversation | str] = []
    for index, raw in enumerate(data.get("conversations") or []):
        try:
            conversation = Conversation(
                id=str(raw["id"]), title=str(raw["title"]), model_id=raw.get("model_id"),
                system_prompt=raw.get("system_prompt"), created_at=float(raw["created_at"]),
                updated_at=float(raw["updated_at"]), pinned=bool(raw.get("pinned")),
                current_leaf=raw.get("current_leaf"), preset=raw.get("preset"))
            for m in raw.get("messages") or []:
                status = MessageStatus(m.get("status", "complete"))
                if status is MessageStatus.STREAMING:
                    status = MessageStatus.INTERRUPTED
                conversation.messages.append(Message(
                    role=Role(m["role"]), content=str(m["content"]), id=str(m["id"]),
                    parent_id=m.get("parent_id"), status=status, model_id=m.get("model_id"),
                    created_at=float(m["created_at"]), tokens=m.get("tokens"),
                    tokens_per_second=m.get("tokens_per_second"),
                    thinking_seconds=m.get("thinking_seconds")))
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("chat %d in the export skipped: %s", index, exc)
            result.append(f"chat {index}: {exc}")
            continue
        result.append(conversation)
    return result


# -- ChatGPT ------------------------------------------------------------------------
def _chatgpt_text(message: dict[str, Any]) -> str:
    content = message.get("content") or {}
    kind = content.get("content_type", "text")
    parts = content.get("parts") or []
    texts = []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        elif isinstance(part, dict):
            texts.append(f"[{part.get('content_type', 'attachment')}]")
    if kind not in ("text", "multimodal_text") and not texts:
        texts.append(f"[{kind}]")
    if kind == "code" and content.get("text"):
        texts.append(f"```\n{content['text']}\n```")
    return "\n".join(t for t in texts if t).strip()


def _chatgpt_conversations(data: list[dict[str, Any]]) -> list[Conversation | str]:
    result: list[Conversation | str] = []
    for index, raw in enumerate(data):
        try:
            result.append(_chatgpt_conversation(raw))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            log.warning("ChatGPT conversation %d skipped: %s", index, exc)
            result.append(f"conversation {index}: {exc}")
    return result


def _chatgpt_conversation(raw: dict[str, Any]) -> Conversation:
    """One ChatGPT conversation with all its branches; the one that was showing is open.

    ChatGPT's tree also holds system and tool nodes: they are left out and
    their children hang from the nearest message that is kept.
    """
    mapping: dict[str, Any] = raw["mapping"]
    if not isinstance(mapping, dict):
        raise ValueError("its mapping is not a tree of messages")
    cid = str(raw.get("conversation_id") or raw.get("id") or raw["title"])
    created = float(raw.get("create_time") or 0)
    conversation = Conversation(title=str(raw.get("title") or "ChatGPT chat"),
                                id=f"chatgpt-{cid}", model_id=None, created_at=created,
                                updated_at=float(raw.get("update_time") or created))
    kept_at: dict[str, str | None] = {}  # node id -> the id of the message it maps to
    roots = [k for k, v in mapping.items() if v.get("parent") not in mapping]
    stack: list[tuple[str, str | None]] = [(k, None) for k in reversed(roots)]
    while stack:
        node_id, parent = stack.pop()
        if node_id in kept_at or node_id not in mapping:
            continue  # a cycle or a dangling child
        node = mapping[node_id]
        message = _chatgpt_message(node, parent, created)
        if message is not None:
            conversation.messages.append(message)
        kept_at[node_id] = message.id if message is not None else parent
        for child in reversed(node.get("children") or []):
            stack.append((child, kept_at[node_id]))
    current = raw.get("current_node")
    conversation.current_leaf = kept_at.get(current) if current in kept_at else None
    return conversation


def _chatgpt_message(node: dict[str, Any], parent: str | None, created: float
                     ) -> Message | None:
    message = node.get("message")
    if not message:
        return None
    role = (message.get("author") or {}).get("role")
    text = _chatgpt_text(message)
    if role not in ("user", "assistant") or not text:
        return None  # system and tool messages are ChatGPT's plumbing
    slug = (message.get("metadata") or {}).get("model_slug")
    return Message(
        role=Role(role), content=text, id=f"chatgpt-{message.get('id') or node.get('id')}",
        parent_id=parent,
        model_id=f"chatgpt:{slug}" if slug else ("chatgpt" if role == "assistant" else None),
        created_at=float(message.get("create_time") or created))
