"""Export to Markdown and JSON, import back without duplicates, and ChatGPT's export format."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from app.core.chat_export import to_json, to_markdown
from app.core.chat_import import ChatImportError, import_file
from app.core.conversation import Conversation, Message, MessageStatus, Role
from app.core.storage import ChatStore


def sample_store(path: Path) -> ChatStore:
    store = ChatStore(path)
    chat = store.create_conversation(Conversation(
        title="Bread", model_id="smollm2-135m-instruct-q4_1", system_prompt="Be brief.",
        created_at=1_700_000_000, updated_at=1_700_000_100))
    q = store.add_message(chat.id, Message(Role.USER, "How do I make **sourdough**?",
                                           created_at=1_700_000_001))
    a = store.add_message(chat.id, Message(
        Role.ASSISTANT, "Feed a starter.\n\n```python\nprint('bake')\n```", parent_id=q.id,
        model_id="smollm2-135m-instruct-q4_1", tokens=12, tokens_per_second=80.5,
        created_at=1_700_000_002, thinking_seconds=2.5))
    rye = store.add_message(chat.id, Message(Role.USER, "And rye?", parent_id=a.id,
                                             created_at=1_700_000_003))
    store.add_message(chat.id, Message(Role.ASSISTANT, "Rye needs", parent_id=rye.id,
                                       status=MessageStatus.STOPPED, created_at=1_700_000_004))
    # An earlier version of the second question, on a branch of its own that is not open.
    store.add_message(chat.id, Message(Role.USER, "And spelt?", parent_id=a.id,
                                       created_at=1_700_000_005), touch=False)
    other = store.create_conversation(Conversation(title="Other", pinned=True))
    store.add_message(other.id, Message(Role.USER, "hello"))
    return store


def snapshot(store: ChatStore) -> list[dict[str, object]]:
    chats = [store.load_conversation(c.id) for c in store.list_conversations()]
    return sorted((asdict(c) for c in chats if c is not None), key=lambda c: str(c["id"]))


def test_json_round_trip_is_complete_and_reimport_adds_nothing(tmp_path: Path) -> None:
    source = sample_store(tmp_path / "a.sqlite3")
    chats = [source.load_conversation(c.id) for c in source.list_conversations()]
    export = tmp_path / "chats.json"
    export.write_text(to_json([c for c in chats if c is not None]))
    data = json.loads(export.read_text())
    assert data["format"] == "fireside-chats" and len(data["conversations"]) == 2
    assert "smollm2-135m-instruct-q4_1" in data["models"]
    assert data["models"]["smollm2-135m-instruct-q4_1"] == {"name": "smollm2-135m-instruct-q4_1"}
    target = ChatStore(tmp_path / "b.sqlite3")
    first = import_file(target, export)
    assert (first.conversations_added, first.messages_added) == (2, 6)
    assert snapshot(target) == snapshot(source)  # tree, statuses, models, times, pins
    again = import_file(target, export)
    assert (again.conversations_added, again.messages_added, again.already_present) == (0, 0, 2)
    assert snapshot(target) == snapshot(source)


def test_markdown_is_readable_with_model_and_time(tmp_path: Path) -> None:
    store = sample_store(tmp_path / "a.sqlite3")
    chat = store.load_conversation(store.list_conversations()[1].id)
    assert chat is not None and chat.title == "Bread"
    text = to_markdown([chat], {"smollm2-135m-instruct-q4_1": "SmolLM2 135M"})
    assert text.startswith("# Bread\n")
    assert "> System prompt: Be brief." in text
    assert "### You — " in text and "### SmolLM2 135M — " in text
    assert "```python\nprint('bake')\n```" in text
    assert "(stopped)" in text
    assert "And rye?" in text and "And spelt?" not in text  # the open branch only
    assert "the JSON export also holds 1 message from other branches" in text


def chatgpt_export() -> list[dict[str, object]]:
    """The shape of ChatGPT's conversations.json: a node tree with a current node."""
    def node(nid: str, parent: str | None, children: list[str], role: str | None,
             parts: list[object] | None = None, slug: str | None = None) -> dict[str, object]:
        message = None if role is None else {
            "id": nid, "author": {"role": role}, "create_time": 1_690_000_000.5,
            "content": {"content_type": "text", "parts": parts or []},
            "metadata": {"model_slug": slug} if slug else {}}
        return {"id": nid, "message": message, "parent": parent, "children": children}

    mapping = {
        "root": node("root", None, ["sys"], None),
        "sys": node("sys", "root", ["u1"], "system", [""]),
        "u1": node("u1", "sys", ["a1", "a1b"], "user", ["What is a fjord?"]),
        "a1": node("a1", "u1", [], "assistant", ["An old answer."], "gpt-4o"),
        "a1b": node("a1b", "u1", ["u2"], "assistant", ["A long, narrow sea inlet."], "gpt-4o"),
        "u2": node("u2", "a1b", ["a2"], "user",
                   ["Show one", {"content_type": "image_asset_pointer"}]),
        "a2": node("a2", "u2", [], "assistant", ["Geirangerfjord."], "gpt-4o"),
    }
    return [{"title": "Fjords", "create_time": 1_690_000_000.0, "update_time": 1_690_000_500.0,
             "mapping": mapping, "current_node": "a2", "conversation_id": "abc-123"},
            {"title": "broken", "mapping": "not a mapping"}]


def test_chatgpt_export_imports_every_branch_and_opens_the_one_showing(tmp_path: Path,
                                                                       ) -> None:
    path = tmp_path / "conversations.json"
    path.write_text(json.dumps(chatgpt_export()))
    store = ChatStore(tmp_path / "c.sqlite3")
    report = import_file(store, path)
    assert report.source == "chatgpt" and report.conversations_added == 1
    assert len(report.skipped) == 1
    chat = store.load_conversation("chatgpt-abc-123")
    assert chat is not None and chat.title == "Fjords"
    shown = chat.path()
    assert [(m.role.value, m.content) for m in shown] == [
        ("user", "What is a fjord?"), ("assistant", "A long, narrow sea inlet."),
        ("user", "Show one\n[image_asset_pointer]"), ("assistant", "Geirangerfjord.")]
    assert shown[1].model_id == "chatgpt:gpt-4o"
    assert shown[0].parent_id is None  # the system node is left out
    assert shown[1].parent_id == shown[0].id
    # The regenerated answer ChatGPT kept is here too, as the other version of the answer.
    assert [m.content for m in chat.siblings(shown[1].id)] == [
        "An old answer.", "A long, narrow sea inlet."]
    assert len(chat.messages) == 5
    assert import_file(store, path).conversations_added == 0
    assert store.search("geirangerfjord")[0].conversation_id == chat.id


def test_files_that_are_not_exports_are_refused(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "c.sqlite3")
    for name, text in [("a.json", "{not json"), ("b.json", '{"hello": 1}'),
                       ("c.json", "[1, 2, 3]")]:
        (tmp_path / name).write_text(text)
        with pytest.raises(ChatImportError):
            import_file(store, tmp_path / name)
    assert store.list_conversations() == []


def fireside(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          timeout=60)


def test_export_and_import_from_the_terminal(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    sample_store(first / "chats.sqlite3").close()
    backup = tmp_path / "backup.json"
    done = fireside("export", "--format", "json", str(backup), "--data-dir", str(first))
    assert done.returncode == 0, done.stderr
    assert fireside("import", str(backup), "--data-dir", str(second)).returncode == 0
    listed = [json.loads(fireside("chats", "--json", "--data-dir", str(d)).stdout)
              for d in (first, second)]
    assert [(c["id"], c["messages"]) for c in listed[0]] == \
        [(c["id"], c["messages"]) for c in listed[1]]
    bread = next(c["id"] for c in listed[0] if c["title"] == "Bread")
    md = fireside("export", "--chat", bread, "--format", "md", "-", "--data-dir", str(first))
    assert md.stdout.startswith("# Bread") and "# Other" not in md.stdout
    bad = fireside("import", str(tmp_path / "missing.json"), "--data-dir", str(second))
    assert bad.returncode == 2 and "cannot be read" in bad.stderr
