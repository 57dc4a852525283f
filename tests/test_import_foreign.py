"""Importing files other programs wrote: never a crash, never half a file, never twice.

Third-party exporters write ChatGPT's format loosely: conversations without ids,
the same node ids (``node-1``…) in every conversation, no ``current_node``, the
same title again and again, parts that are not strings, a ``null`` message in
the middle of a branch.  Real ChatGPT exports (uuids everywhere) must import as
before, and the chats an older Fireside imported must not come in twice.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.core.chat_import import ChatImportError, import_file
from app.core.conversation import Conversation, Message, Role
from app.core.storage import ChatStore, StorageError

Node = dict[str, Any]


def node(nid: str, parent: str | None, children: list[str], role: str | None = None,
         parts: list[Any] | None = None, *, message_id: bool = True,
         content: dict[str, Any] | None = None, slug: str | None = None) -> Node:
    """A mapping node; ``role=None`` gives a node whose message is ``null``."""
    message: dict[str, Any] | None = None
    if role is not None:
        message = {"author": {"role": role},
                   "content": content or {"content_type": "text", "parts": parts or []},
                   "metadata": {"model_slug": slug} if slug else {}}
        if message_id:
            message["id"] = nid
    return {"id": nid, "message": message, "parent": parent, "children": children}


def third_party_export() -> list[dict[str, Any]]:
    """Four conversations as loose exporters write them: no ids, node ids repeated."""
    fjord = {"title": "New chat", "create_time": 1_700_000_000, "current_node": "node-3",
             "mapping": {
                 "node-1": node("node-1", None, ["node-2"]),
                 "node-2": node("node-2", "node-1", ["node-3"], "user", ["What is a fjord?"]),
                 "node-3": node("node-3", "node-2", [], "assistant", ["A long sea inlet."])}}
    number = {"title": "New chat", "create_time": 1_700_000_100,  # no current_node
              "mapping": {
                  "node-1": node("node-1", None, ["node-2"]),
                  "node-2": node("node-2", "node-1", ["node-3"], "user", ["Tell me a number"],
                                 message_id=False),
                  "node-3": node("node-3", "node-2", ["node-4"]),  # null, mid-branch
                  "node-4": node("node-4", "node-3", [], "assistant", [
                      "The answer is", 42, None, {"content_type": "image_asset_pointer"},
                      ["nested"], True], message_id=False)}}
    groceries = {"title": "Groceries", "current_node": "node-2",  # no create_time either
                 "mapping": {
                     "node-1": node("node-1", None, ["node-2", "node-3"], "user", ["Milk?"]),
                     "node-2": node("node-2", "node-1", [], "assistant", ["Yes."]),
                     "node-3": node("node-3", "node-1", [], "assistant", ["No."])}}
    untitled = {"create_time": 1_700_000_300, "mapping": {  # no title; parents, no children
        "node-1": {"id": "node-1", "parent": None,
                   "message": {"author": {"role": "user"},
                               "content": {"content_type": "text", "parts": ["hi"]}}},
        "node-2": {"id": "node-2", "parent": "node-1",
                   "message": {"author": {"role": "assistant"},
                               "content": {"content_type": "text", "parts": ["hello"]}}}}}
    return [fjord, number, groceries, untitled]


def write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def chats(store: ChatStore) -> list[Conversation]:
    loaded = [store.load_conversation(c.id) for c in store.list_conversations()]
    return sorted((c for c in loaded if c is not None), key=lambda c: c.id)


def shown(chat: Conversation) -> list[tuple[str, str]]:
    return [(m.role.value, m.content) for m in chat.path()]


def by_first_words(store: ChatStore) -> dict[str, Conversation]:
    return {chat.path()[0].content: chat for chat in chats(store)}


def test_third_party_chats_all_import_each_under_its_own_ids(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.sqlite3")
    report = import_file(store, write(tmp_path / "conversations.json", third_party_export()))
    assert (report.source, report.conversations_added, report.messages_added) == (
        "chatgpt", 4, 9)
    assert report.skipped == [] and report.already_present == 0
    every = chats(store)
    assert sorted(c.title for c in every) == ["ChatGPT chat", "Groceries", "New chat",
                                               "New chat"]
    assert "chatgpt-New chat" not in {c.id for c in every}  # never the title
    for chat in every:
        assert all(m.id.startswith(chat.id + "-") for m in chat.messages)
    found = by_first_words(store)
    assert shown(found["What is a fjord?"]) == [("user", "What is a fjord?"),
                                                 ("assistant", "A long sea inlet.")]
    number = found["Tell me a number"]
    assert shown(number) == [("user", "Tell me a number"),
                             ("assistant", "The answer is\n42\n[image_asset_pointer]")]
    question, answer = number.path()
    assert answer.parent_id == question.id  # the null message in between is bridged
    groceries = found["Milk?"]
    assert shown(groceries) == [("user", "Milk?"), ("assistant", "Yes.")]  # current_node
    assert [m.content for m in groceries.siblings(groceries.path()[1].id)] == ["Yes.", "No."]
    assert groceries.created_at == 0.0
    assert shown(found["hi"]) == [("user", "hi"), ("assistant", "hello")]
    assert store.search("fjord")[0].conversation_id == found["What is a fjord?"].id


def test_reimporting_adds_nothing_and_ids_are_stable(tmp_path: Path) -> None:
    path = write(tmp_path / "conversations.json", third_party_export())
    store = ChatStore(tmp_path / "a.sqlite3")
    import_file(store, path)
    before = chats(store)
    again = import_file(store, path)
    assert (again.conversations_added, again.messages_added, again.already_present) == (0, 0, 4)
    assert chats(store) == before
    elsewhere = ChatStore(tmp_path / "b.sqlite3")  # the same file gives the same ids anywhere
    import_file(elsewhere, path)
    assert [c.id for c in chats(elsewhere)] == [c.id for c in before]
    assert [[m.id for m in c.messages] for c in chats(elsewhere)] == \
        [[m.id for m in c.messages] for c in before]


def test_reimport_after_the_old_crash_keeps_the_chat_that_had_made_it(tmp_path: Path) -> None:
    """Fireside 0.x imported the first chat of such a file (under the title and the bare
    node ids) and then crashed.  Importing the file again brings in the rest, once."""
    store = ChatStore(tmp_path / "chats.sqlite3")
    old = store.create_conversation(Conversation(title="New chat", id="chatgpt-New chat",
                                                 created_at=1_700_000_000))
    store.add_message(old.id, Message(Role.USER, "What is a fjord?", id="chatgpt-node-2"))
    store.add_message(old.id, Message(Role.ASSISTANT, "A long sea inlet.", id="chatgpt-node-3",
                                      parent_id="chatgpt-node-2", model_id="chatgpt"))
    report = import_file(store, write(tmp_path / "conversations.json", third_party_export()))
    assert (report.conversations_added, report.already_present) == (3, 1)
    every = chats(store)
    assert len(every) == 4
    assert [c.title for c in every].count("New chat") == 2
    assert sum(shown(c)[0] == ("user", "What is a fjord?") for c in every) == 1
    assert len(store.load_conversation("chatgpt-New chat").messages) == 2  # type: ignore[union-attr]


def test_a_cut_emoji_is_mended_not_fatal(tmp_path: Path) -> None:
    """A JavaScript exporter that cut a message inside an emoji leaves half of it behind."""
    data = third_party_export()
    data[0]["title"] = "Fjords \ud83c"
    data[0]["mapping"]["node-3"]["message"]["content"]["parts"] = ["A long sea inlet \ud83c"]
    store = ChatStore(tmp_path / "chats.sqlite3")
    assert import_file(store, write(tmp_path / "c.json", data)).conversations_added == 4
    fjords = by_first_words(store)["What is a fjord?"]
    assert fjords.title == "Fjords \ufffd"
    assert shown(fjords)[1] == ("assistant", "A long sea inlet \ufffd")


def real_chatgpt_export() -> list[dict[str, Any]]:
    """ChatGPT's own shape: uuids, a hidden system node, images and voice, a tool call."""
    c1, c2 = "67a1f0c2-8d4e-8001-9f3b-2a6c1d0e5b7a", "67a1f0c2-8d4e-8001-9f3b-2a6c1d0e5b7b"
    u = [f"aaaaaaaa-bbbb-4ccc-8ddd-{i:012d}" for i in range(20)]
    image = {"content_type": "image_asset_pointer", "asset_pointer": "file-service://file-x",
             "size_bytes": 123, "width": 512, "height": 512}
    voice = [{"content_type": "audio_transcription", "text": "Thanks, that helps.",
              "direction": "in"},
             {"content_type": "audio_asset_pointer", "asset_pointer": "sediment://file-y"}]
    first = {
        "title": "Cat picture", "create_time": 1_720_000_000.1, "update_time": 1_720_000_900.2,
        "conversation_id": c1, "id": c1, "current_node": u[6], "default_model_slug": "gpt-4o",
        "mapping": {
            "client-created-root": node("client-created-root", None, [u[0]]),
            u[0]: node(u[0], "client-created-root", [u[1]], "system", [""]),
            u[1]: node(u[1], u[0], [u[2]], "user", content={
                "content_type": "multimodal_text",
                "parts": [image, "What is in this picture?"]}),
            u[2]: node(u[2], u[1], [u[3]], "assistant", slug="gpt-4o", content={
                "content_type": "code", "language": "unknown", "text": "print(1)"}),
            u[3]: node(u[3], u[2], [u[4]], "tool", content={
                "content_type": "execution_output", "text": "1"}),
            u[4]: node(u[4], u[3], [u[5]], "assistant", ["A cat."], slug="gpt-4o"),
            u[5]: node(u[5], u[4], [u[6], u[7]], "user", content={
                "content_type": "multimodal_text", "parts": voice}),
            u[6]: node(u[6], u[5], [], "assistant", ["You're welcome."], slug="gpt-4o"),
            u[7]: node(u[7], u[5], [], "assistant", ["Any time."], slug="gpt-4o-mini")}}
    second = {
        "title": "Soup", "create_time": 1_720_100_000.0, "update_time": 1_720_100_500.0,
        "conversation_id": c2, "id": c2, "current_node": u[13],
        "mapping": {
            u[10]: node(u[10], None, [u[11]], "user", ["Soup ideas?"]),
            u[11]: node(u[11], u[10], [u[12]], "assistant", ["Leek and potato."], slug="gpt-4o"),
            u[12]: node(u[12], u[11], [u[13]], "user", ["Vegan?"]),
            u[13]: node(u[13], u[12], [], "assistant", ["Lentil."], slug="gpt-4o")}}
    return [first, second]


def test_a_real_chatgpt_export_imports_and_meets_what_an_older_fireside_imported(
        tmp_path: Path) -> None:
    data = real_chatgpt_export()
    store = ChatStore(tmp_path / "chats.sqlite3")
    # Fireside 0.x imported the start of "Soup" (ids chatgpt-<message id>); it went on since.
    soup = data[1]["mapping"]
    older = store.create_conversation(Conversation(title="Soup", id=f"chatgpt-{data[1]['id']}"))
    first, second = list(soup)[:2]
    store.add_message(older.id, Message(Role.USER, "Soup ideas?", id=f"chatgpt-{first}"))
    store.add_message(older.id, Message(Role.ASSISTANT, "Leek and potato.",
                                        id=f"chatgpt-{second}", parent_id=f"chatgpt-{first}"))
    report = import_file(store, write(tmp_path / "conversations.json", data))
    assert (report.conversations_added, report.messages_added, report.skipped) == (1, 8, [])
    cat = store.load_conversation(f"chatgpt-{data[0]['id']}")
    assert cat is not None and cat.title == "Cat picture"
    assert shown(cat) == [
        ("user", "[image_asset_pointer]\nWhat is in this picture?"),
        ("assistant", "```\nprint(1)\n```"),
        ("assistant", "A cat."),  # the tool's output is left out; its child hangs above it
        ("user", "Thanks, that helps.\n[audio_asset_pointer]"),
        ("assistant", "You're welcome.")]  # current_node, not the newest answer
    path = cat.path()
    assert path[0].parent_id is None and path[2].parent_id == path[1].id
    assert [m.model_id for m in cat.siblings(path[-1].id)] == ["chatgpt:gpt-4o",
                                                               "chatgpt:gpt-4o-mini"]
    assert all(m.id.startswith(f"chatgpt-{data[0]['id']}-") for m in cat.messages)
    soup_chat = store.load_conversation(older.id)
    assert soup_chat is not None and len(soup_chat.messages) == 4  # two new, none twice
    vegan, lentil = soup_chat.messages[2:]
    assert (vegan.content, lentil.content) == ("Vegan?", "Lentil.")
    assert vegan.parent_id == f"chatgpt-{second}" and lentil.parent_id == vegan.id
    assert len(store.list_conversations()) == 2
    again = import_file(store, tmp_path / "conversations.json")
    assert (again.conversations_added, again.messages_added, again.already_present) == (0, 0, 2)


@pytest.mark.parametrize("failure", [
    sqlite3.OperationalError("disk I/O error"),
    StorageError("cannot write the chat database: disk I/O error")])
def test_an_import_is_all_or_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     failure: Exception) -> None:
    store = ChatStore(tmp_path / "chats.sqlite3")
    mine = store.create_conversation(Conversation(title="Mine"))
    store.add_message(mine.id, Message(Role.USER, "my own words"))
    before = chats(store)
    path = write(tmp_path / "conversations.json", third_party_export())
    calls = []
    insert = ChatStore._insert_message

    def failing(self: ChatStore, conversation_id: str, message: Message) -> None:
        calls.append(message.id)
        if len(calls) == 5:  # the disk fails in the middle of the third chat
            raise failure
        insert(self, conversation_id, message)

    monkeypatch.setattr(ChatStore, "_insert_message", failing)
    with pytest.raises(ChatImportError) as caught:
        import_file(store, path)
    assert "none were imported" in str(caught.value) and "disk I/O error" in str(caught.value)
    assert chats(store) == before  # not one chat or message of the file landed
    assert store.search("fjord") == [] and store.integrity_ok()
    monkeypatch.undo()
    assert import_file(store, path).conversations_added == 4


def fireside_export(conversations: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": "fireside-chats", "version": 1, "conversations": conversations}


def fireside_chat(cid: str, messages: list[tuple[str, str | None, str, str]],
                  title: str = "Copied") -> dict[str, Any]:
    return {"id": cid, "title": title, "created_at": 1_700_000_000, "updated_at": 1_700_000_001,
            "messages": [{"id": mid, "parent_id": parent, "role": role, "content": text,
                          "created_at": 1_700_000_000 + i}
                         for i, (mid, parent, role, text) in enumerate(messages)]}


def test_a_fireside_message_id_another_chat_holds_gets_its_own(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.sqlite3")
    mine = store.create_conversation(Conversation(title="Mine", id="mine"))
    store.add_message(mine.id, Message(Role.USER, "original", id="m1"))
    path = write(tmp_path / "chats.json", fireside_export([fireside_chat(
        "theirs", [("m1", None, "user", "copy"), ("m2", "m1", "assistant", "answer")])]))
    report = import_file(store, path)
    assert (report.conversations_added, report.messages_added) == (1, 2)
    theirs = store.load_conversation("theirs")
    assert theirs is not None and shown(theirs) == [("user", "copy"), ("assistant", "answer")]
    question, answer = theirs.path()
    assert question.id != "m1" and answer.parent_id == question.id
    assert shown(store.load_conversation("mine")) == [("user", "original")]  # type: ignore[arg-type]
    again = import_file(store, path)
    assert (again.conversations_added, again.messages_added, again.already_present) == (0, 0, 1)


def test_broken_entries_are_skipped_with_their_reasons(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.sqlite3")
    good = third_party_export()[0]
    report = import_file(store, write(tmp_path / "conversations.json", [
        None, good, {"title": "No tree", "mapping": [1, 2]}, {"title": "Nothing"}, "text"]))
    assert report.conversations_added == 1
    reasons = [str(r) for r in report.skipped]
    assert len(reasons) == 4
    assert reasons[1] == "chat 3 “No tree”: its mapping is not a tree of messages"
    assert reasons[2] == "chat 4 “Nothing”: “mapping” is missing"
    assert reasons[0].startswith("chat 1: ") and reasons[3].startswith("chat 5: ")
    fireside = import_file(store, write(tmp_path / "chats.json", fireside_export([
        fireside_chat("ok", [("f1", None, "user", "fine")]),
        {**fireside_chat("late", []), "created_at": "soon"},
        fireside_chat("wizard", [("f2", None, "wizard", "abracadabra")]),
        {**fireside_chat("nan", []), "updated_at": float("nan")}])))
    assert fireside.conversations_added == 1
    assert [str(r)[:14] for r in fireside.skipped] == ["chat 2 “Copied", "chat 3 “Copied",
                                                        "chat 4 “Copied"]
    assert "a time is not a number: 'soon'" in str(fireside.skipped[0])
    assert "wizard" in str(fireside.skipped[1])
    assert len(store.list_conversations()) == 2


def test_fireside_import_of_a_third_party_file_in_the_terminal(tmp_path: Path) -> None:
    path = write(tmp_path / "conversations.json",
                 [*third_party_export(), {"title": "No tree", "mapping": [1, 2]}])
    env = {**os.environ, "FIRESIDE_DATA_DIR": ""}
    runs = [subprocess.run([sys.executable, "-m", "app", "import", str(path), "--data-dir",
                            str(tmp_path / "data")], capture_output=True, text=True, timeout=60,
                           env=env) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
        assert run.stderr == "skipped chat 5 “No tree”: its mapping is not a tree of messages\n"
    assert runs[0].stdout == ("Imported 4 new chats and 9 messages; 0 chats already here; "
                              "1 broken entry skipped.\n")
    assert runs[1].stdout == ("Imported 0 new chats and 0 messages; 4 chats already here; "
                              "1 broken entry skipped.\n")
