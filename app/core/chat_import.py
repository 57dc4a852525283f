"""Import chats: Fireside's own JSON export, and ChatGPT's ``conversations.json``.

An import is one transaction: all of a file lands, or (on any database error)
none of it, and :class:`ChatImportError` says why.  A broken entry is skipped
and the report says which and why; nothing else stops an import.

Ids are kept, so importing the same file twice adds nothing twice: a chat that
exists gains only the messages it lacks.  ChatGPT's ids are namespaced by
conversation (``chatgpt-<conversation>-<node>``), because other exporters call
every conversation's nodes ``node-1``, ``node-2``…; a conversation without an id
gets a stable one made from its content (never its title: many chats are called
"New chat").  Messages that earlier versions imported as ``chatgpt-<message id>`` are
recognised, so re-importing an old file adds no copies.  Message ids are unique
across chats: one another chat already uses gets a suffix from its own chat.

From a ChatGPT export every branch is imported and the one that was showing
(``current_node``) is the one open; text parts are kept, other content types
are noted in brackets.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.chat_export import EXPORT_FORMAT
from app.core.conversation import Conversation, Message, MessageStatus, Role
from app.core.storage import ChatStore
from app.core.texts import Text, UserError, message_of, tr

log = logging.getLogger(__name__)


class ChatImportError(UserError, ValueError):
    """The file cannot be imported (nothing of it was); :attr:`text` says why."""


@dataclass
class ImportReport:
    """What an import did; :attr:`skipped` holds why each broken entry was left out."""

    source: str
    conversations_added: int = 0
    messages_added: int = 0
    already_present: int = 0
    skipped: list[Text] = field(default_factory=list)

    def summary(self) -> Text:
        """What the import did, in a sentence for the user (window and terminal)."""
        values = {"chats": tr("%n new chat(s)", "", self.conversations_added),
                  "messages": tr("%n message(s)", "", self.messages_added),
                  "present": tr("%n chat(s) already here", "", self.already_present)}
        if self.skipped:
            return tr("Imported {chats} and {messages}; {present}; {skipped} skipped.",
                      skipped=tr("%n broken entry(s)", "", len(self.skipped)), **values)
        return tr("Imported {chats} and {messages}; {present}.", **values)


@dataclass
class _Entry:
    """A chat read from a file, with the ids earlier versions gave its parts."""

    conversation: Conversation
    legacy_ids: dict[str, str] = field(default_factory=dict)  # message id -> older id
    legacy_chat: str | None = None  # the older id of a ChatGPT chat that had none


class _Broken(Exception):
    """An entry that cannot be imported; :attr:`text` says why."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


def import_file(store: ChatStore, path: Path) -> ImportReport:
    """Import ``path`` (format detected from its content) into ``store``, all or nothing."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: an emoji a JavaScript exporter cut
            data = _mend(data)
    except (OSError, ValueError, RecursionError) as exc:
        raise ChatImportError(tr("{file} cannot be read as JSON: {error}", file=path.name,
                                 error=str(exc))) from None
    if isinstance(data, dict) and data.get("format") == EXPORT_FORMAT \
            and isinstance(data.get("conversations") or [], list):
        source, parsed = "fireside", _parse(data.get("conversations") or [], _fireside_chat)
    elif isinstance(data, list) and (not data or any(
            isinstance(c, dict) and "mapping" in c for c in data)):
        source, parsed = "chatgpt", _parse(data, _chatgpt_conversation)
    else:
        raise ChatImportError(tr("{file} is neither a Fireside chat export nor ChatGPT's "
                                 "conversations.json", file=path.name))
    report = ImportReport(source)
    try:
        plan = _Plan(store, report)
        for item in parsed:
            if isinstance(item, Text):
                report.skipped.append(item)
            else:
                plan.add(item)
        store.import_chats(list(plan.new.values()), list(plan.additions.items()))
    except (sqlite3.Error, UserError) as exc:  # UserError: the store's, e.g. a full disk
        log.info("import of %s rolled back: %s", path, exc)
        raise ChatImportError(tr("the chats in {file} could not be saved, so none were "
                                 "imported: {error}", file=path.name,
                                 error=message_of(exc))) from None
    return report


def _mend(value: Any) -> Any:
    """``value`` with each lone UTF-16 surrogate replaced by U+FFFD (SQLite refuses them)."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [_mend(item) for item in value]
    if isinstance(value, dict):
        return {_mend(key): _mend(item) for key, item in value.items()}
    return value


def _parse(entries: list[Any], parse_one: Callable[[Any], _Entry]
           ) -> list[_Entry | Text]:
    """Each entry parsed, or why it was skipped (a broken entry never stops the rest)."""
    result: list[_Entry | Text] = []
    for index, raw in enumerate(entries, start=1):
        try:
            result.append(parse_one(raw))
        except Exception as exc:  # foreign data: whatever is wrong with it, skip it
            log.info("entry %d of the import skipped: %r", index, exc)
            title = raw.get("title") if isinstance(raw, dict) else None
            reason = exc.text if isinstance(exc, _Broken) else \
                tr("“{field}” is missing", field=str(exc.args[0])) \
                if isinstance(exc, KeyError) and exc.args else \
                tr("it is not valid ({error})", error=str(exc) or type(exc).__name__)
            result.append(tr("chat {number} “{title}”: {reason}", number=index,
                             title=title, reason=reason) if isinstance(title, str) and title
                          else tr("chat {number}: {reason}", number=index, reason=reason))
    return result


class _Plan:
    """What an import will write, worked out against the store before anything is."""

    def __init__(self, store: ChatStore, report: ImportReport) -> None:
        self.store = store
        self.report = report
        self.new: dict[str, Conversation] = {}
        self.additions: dict[str, list[Message]] = {}
        self._have: dict[str, set[str] | None] = {}  # chat -> its message ids (None: no chat)
        self._owner: dict[str, str] = {}  # message id -> chat, for the messages planned

    def _known(self, chat_id: str) -> set[str] | None:
        """The ids of the messages ``chat_id`` has or will have (None: there is no such chat)."""
        if chat_id not in self._have:
            existing = self.store.load_conversation(chat_id)
            self._have[chat_id] = None if existing is None else {m.id for m in
                                                                 existing.messages}
        return self._have[chat_id]

    def _imported_before(self, entry: _Entry) -> bool:
        """Whether an earlier version imported this chat already, under its older ids.

        Those ids came from the file alone (the chat's title, its nodes' ids), so
        other chats of the same name may share them: the words must match too.
        """
        if entry.legacy_chat is None or not entry.conversation.messages:
            return False
        older = self.store.load_conversation(entry.legacy_chat)
        if older is None:
            return False
        had = {m.id: (m.role, m.content) for m in older.messages}
        return all(had.get(entry.legacy_ids.get(m.id, "")) == (m.role, m.content)
                   for m in entry.conversation.messages)

    def add(self, entry: _Entry) -> None:
        chat = entry.conversation
        chat.link_if_flat()
        known = self._known(chat.id)
        if known is None and self._imported_before(entry):
            self.report.already_present += 1
            return
        ids: set[str] = set() if known is None else known
        suffix = hashlib.sha256(chat.id.encode()).hexdigest()[:8]
        stored = self.store.message_owners(
            [i for m in chat.messages for i in (m.id, f"{m.id}-{suffix}")])
        final: dict[str, str | None] = {}  # id in the file -> id stored (None: skipped)
        fresh: list[Message] = []
        for message in chat.messages:
            if message.id in final:
                continue  # the same message twice in one chat
            alternate = f"{message.id}-{suffix}"
            forms = (message.id, entry.legacy_ids.get(message.id), alternate)
            present = next((i for i in forms if i is not None and i in ids), None)
            if present is None:
                present = next((i for i in (message.id, alternate)
                                if i not in self._owner and i not in stored), None)
                if present is None:
                    self.report.skipped.append(tr(
                        "a message of “{title}”: its id {id} is used by another chat",
                        title=chat.title, id=message.id))
                else:
                    ids.add(present)
                    self._owner[present] = chat.id
                    fresh.append(message)
            final[message.id] = present
        self._link(chat, fresh, final)
        if known is None:
            self.new[chat.id] = chat
            self._have[chat.id] = ids
            self.report.conversations_added += 1
        elif chat.id in self.new:
            self.new[chat.id].messages.extend(fresh)
        elif fresh:
            self.additions.setdefault(chat.id, []).extend(fresh)
        if known is not None and not fresh:
            self.report.already_present += 1
        self.report.messages_added += len(fresh)

    @staticmethod
    def _link(chat: Conversation, fresh: list[Message], final: dict[str, str | None]) -> None:
        """Give ``fresh`` their stored ids; a skipped message's children take its parent."""
        parents = {m.id: m.parent_id for m in chat.messages}

        def stored(message_id: str | None) -> str | None:
            seen: set[str] = set()
            while message_id is not None and message_id in final and message_id not in seen:
                seen.add(message_id)
                if final[message_id] is not None:
                    return final[message_id]
                message_id = parents.get(message_id)
            return None if message_id in seen else message_id

        links = [(stored(m.id), stored(m.parent_id)) for m in fresh]
        for message, (new_id, parent) in zip(fresh, links, strict=True):
            message.id, message.parent_id = new_id or message.id, parent
        chat.current_leaf = stored(chat.current_leaf)
        chat.messages = fresh


# -- values from a file --------------------------------------------------------------
def _time(value: Any, default: float | None = None) -> float:
    """A finite number of seconds (the entry is broken if there is none and no default)."""
    if isinstance(value, (int, float, str)) and not isinstance(value, bool):
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return number
    if default is None:
        raise _Broken(tr("a time is not a number: {value}", value=repr(value)[:40]))
    return default


def _text(value: Any, default: str | None = None) -> str | None:
    """A string, or ``default`` for a missing (or empty) value; a number is spelled out."""
    if isinstance(value, str):
        return value or default
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return default


# -- Fireside ---------------------------------------------------------------------
def _fireside_chat(raw: dict[str, Any]) -> _Entry:
    chat_id = _text(raw["id"])
    if chat_id is None:
        raise _Broken(tr("it has no id"))
    conversation = Conversation(
        id=chat_id, title=_text(raw["title"], "") or "", model_id=_text(raw.get("model_id")),
        system_prompt=_text(raw.get("system_prompt")), created_at=_time(raw["created_at"]),
        updated_at=_time(raw["updated_at"]), pinned=bool(raw.get("pinned")),
        current_leaf=_text(raw.get("current_leaf")), preset=_text(raw.get("preset")),
        origin=_text(raw.get("origin")),
        collections=[c for c in raw.get("collections") or [] if isinstance(c, str)]
        if isinstance(raw.get("collections"), list) else [])
    for m in raw.get("messages") or []:
        status = MessageStatus(m.get("status", "complete"))
        if status is MessageStatus.STREAMING:
            status = MessageStatus.INTERRUPTED
        message_id = _text(m["id"])
        if message_id is None:
            raise _Broken(tr("a message has no id"))
        conversation.messages.append(Message(
            role=Role(m["role"]), content=_text(m["content"], "") or "", id=message_id,
            parent_id=_text(m.get("parent_id")), status=status,
            model_id=_text(m.get("model_id")), created_at=_time(m["created_at"]),
            tokens=_count(m.get("tokens")), tokens_per_second=_number(m.get("tokens_per_second")),
            thinking_seconds=_number(m.get("thinking_seconds")),
            sources=_records(m.get("sources")), attachments=_records(m.get("attachments"))))
    return _Entry(conversation)


def _records(value: Any) -> list[dict[str, Any]] | None:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else None


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: Any) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None


# -- ChatGPT ------------------------------------------------------------------------
def _chatgpt_text(message: dict[str, Any]) -> str:
    content = message.get("content")
    if isinstance(content, str):
        return content.strip()
    if not isinstance(content, dict):
        return ""
    kind = content.get("content_type") if isinstance(content.get("content_type"), str) \
        else "text"
    parts = content.get("parts")
    texts = []
    for part in parts if isinstance(parts, list) else []:
        if isinstance(part, dict):
            inner = part.get("text")
            texts.append(inner if isinstance(inner, str) and inner.strip() else
                         f"[{_text(part.get('content_type'), 'attachment')}]")
        else:
            texts.append(_text(part, "") or "")
    code = content.get("text")
    if kind == "code" and isinstance(code, str) and code.strip():
        texts.append(f"```\n{code}\n```")
    elif kind not in ("text", "multimodal_text") and not any(texts):
        texts.append(f"[{kind}]")
    return "\n".join(t for t in texts if t).strip()


def _chatgpt_conversation(raw: dict[str, Any]) -> _Entry:
    """One ChatGPT conversation with all its branches; the one that was showing is open.

    ChatGPT's tree also holds system and tool nodes (and empty ones): they are
    left out and their children hang from the nearest message that is kept.
    """
    mapping = raw["mapping"]
    if not isinstance(mapping, dict) or not mapping:
        raise _Broken(tr("its mapping is not a tree of messages"))
    nodes = {str(k): v if isinstance(v, dict) else {} for k, v in mapping.items()}
    created = _time(raw.get("create_time"), 0.0)
    kept, kept_at = _chatgpt_tree(nodes, created)
    own_id = _text(raw.get("conversation_id")) or _text(raw.get("id"))
    cid = own_id or "sha-" + hashlib.sha256(json.dumps(
        [created, sorted(nodes), [[k, m.role.value, m.content] for k, _, m in kept]],
        ensure_ascii=False).encode()).hexdigest()[:32]
    entry = _Entry(Conversation(
        title=_text(raw.get("title"), "") or "ChatGPT chat", id=f"chatgpt-{cid}",
        model_id=None, created_at=created,
        updated_at=_time(raw.get("update_time"), created)))
    if own_id is None and "title" in raw:
        entry.legacy_chat = f"chatgpt-{raw['title']}"  # what earlier versions called it
    for key, parent, message in kept:
        message.id = f"chatgpt-{cid}-{key}"
        message.parent_id = None if parent is None else f"chatgpt-{cid}-{parent}"
        entry.conversation.messages.append(message)
        older = _text(nodes[key]["message"].get("id")) or _text(nodes[key].get("id"))
        if older is not None:
            entry.legacy_ids[message.id] = f"chatgpt-{older}"
    current = raw.get("current_node")
    leaf = kept_at.get(current) if isinstance(current, str) else None
    entry.conversation.current_leaf = None if leaf is None else f"chatgpt-{cid}-{leaf}"
    return entry


def _chatgpt_children(nodes: dict[str, dict[str, Any]]) -> dict[str | None, list[str]]:
    """Each node's children (None: the roots): those it lists, then those naming it parent."""
    children: dict[str | None, list[str]] = {}
    linked: set[tuple[str | None, str]] = set()
    for key, node in nodes.items():
        listed = node.get("children")
        for child in listed if isinstance(listed, list) else []:
            if isinstance(child, str) and child in nodes and (key, child) not in linked:
                linked.add((key, child))
                children.setdefault(key, []).append(child)
    somebodys = {child for _, child in linked}
    for key, node in nodes.items():
        parent = node.get("parent")
        parent = parent if isinstance(parent, str) and parent in nodes else None
        if (parent, key) not in linked and (parent is not None or key not in somebodys):
            linked.add((parent, key))
            children.setdefault(parent, []).append(key)
    return children


def _chatgpt_tree(nodes: dict[str, dict[str, Any]], created: float
                  ) -> tuple[list[tuple[str, str | None, Message]], dict[str, str | None]]:
    """The messages kept, parents first, as (node, the node of its parent message, message);
    and for each node, the node of the message kept at it or nearest above it."""
    children = _chatgpt_children(nodes)
    kept: list[tuple[str, str | None, Message]] = []
    kept_at: dict[str, str | None] = {}
    stack: list[tuple[str, str | None]] = [(k, None) for k in reversed(children.get(None, []))]
    while stack:
        key, parent = stack.pop()
        if key in kept_at:
            continue  # a cycle, or a node listed twice
        message = _chatgpt_message(nodes[key], created)
        if message is not None:
            kept.append((key, parent, message))
        kept_at[key] = key if message is not None else parent
        stack.extend((child, kept_at[key]) for child in reversed(children.get(key, [])))
    return kept, kept_at


def _chatgpt_message(node: dict[str, Any], created: float) -> Message | None:
    message = node.get("message")
    if not isinstance(message, dict):
        return None  # the root, or a node whose message is gone
    author = message.get("author")
    role = author.get("role") if isinstance(author, dict) else None
    text = _chatgpt_text(message)
    if role not in ("user", "assistant") or not text:
        return None  # system and tool messages are ChatGPT's plumbing
    metadata = message.get("metadata")
    slug = _text(metadata.get("model_slug")) if isinstance(metadata, dict) else None
    return Message(
        role=Role(role), content=text,
        model_id=f"chatgpt:{slug}" if slug else ("chatgpt" if role == "assistant" else None),
        created_at=_time(message.get("create_time"), created))
