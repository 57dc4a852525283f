"""Chats as trees: edit and regenerate make siblings, the open branch is remembered,
deleting a message takes what follows it."""

from __future__ import annotations

from pathlib import Path

from app.core.conversation import Conversation, Message, Role
from app.core.storage import ChatStore


def chat_with_branches(store: ChatStore) -> tuple[Conversation, dict[str, Message]]:
    """q1 → a1 → q2 → a2, then a regenerated a1' (a sibling of a1) and an edited q2'."""
    chat = store.create_conversation(Conversation(title="Branches"))
    m: dict[str, Message] = {}

    def add(name: str, role: Role, parent: str | None) -> None:
        message = Message(role, f"text of {name}", parent_id=m[parent].id if parent else None)
        store.add_message(chat.id, message)
        chat.append(message)
        m[name] = message

    add("q1", Role.USER, None)
    add("a1", Role.ASSISTANT, "q1")
    add("q2", Role.USER, "a1")
    add("a2", Role.ASSISTANT, "q2")
    add("a1b", Role.ASSISTANT, "q1")  # regenerate the first answer
    add("q2b", Role.USER, "a1b")  # ask on the new branch
    add("a2b", Role.ASSISTANT, "q2b")
    return chat, m


def ids(messages: list[Message]) -> list[str]:
    return [message.content.removeprefix("text of ") for message in messages]


def test_the_open_branch_is_the_newest_and_is_remembered(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "c.sqlite3")
    chat, m = chat_with_branches(store)
    assert ids(chat.path()) == ["q1", "a1b", "q2b", "a2b"]
    assert ids(chat.siblings(m["a1"].id)) == ["a1", "a1b"]
    assert ids(chat.siblings(m["q1"].id)) == ["q1"]
    # Going back to the first answer shows the newest branch under it.
    chat.current_leaf = chat.newest_leaf(m["a1"].id)
    store.set_current_leaf(chat.id, chat.current_leaf)
    assert ids(chat.path()) == ["q1", "a1", "q2", "a2"]
    reopened = store.load_conversation(chat.id)
    assert reopened is not None and ids(reopened.path()) == ["q1", "a1", "q2", "a2"]
    assert len(reopened.messages) == 7  # every version is kept
    # The model is sent the branch shown, nothing from the other one.
    sent = [e["content"] for e in reopened.prompt_messages("Be brief.")]
    assert sent == ["Be brief.", "text of q1", "text of a1", "text of q2", "text of a2"]


def test_deleting_a_message_takes_what_follows_and_shows_a_neighbour(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "c.sqlite3")
    chat, m = chat_with_branches(store)
    gone = chat.remove(m["a1b"].id)
    assert sorted(name for name, x in m.items() if x.id in gone) == ["a1b", "a2b", "q2b"]
    store.delete_messages(chat.id, gone, chat.current_leaf)
    assert ids(chat.path()) == ["q1", "a1", "q2", "a2"]  # the other version is shown
    reopened = store.load_conversation(chat.id)
    assert reopened is not None and ids(reopened.path()) == ["q1", "a1", "q2", "a2"]
    assert len(reopened.messages) == 4
    assert store.search("a2b") == [] and store.integrity_ok()
    # A message with no other version: the branch now ends at its parent.
    chat.remove(m["q2"].id)
    assert ids(chat.path()) == ["q1", "a1"]
    # Deleting the first message empties the chat.
    chat.remove(m["q1"].id)
    assert chat.path() == [] and chat.messages == []


def test_a_flat_chat_is_one_line_and_gets_parents_when_it_grows() -> None:
    chat = Conversation(title="flat")
    chat.messages += [Message(Role.USER, "text of q1"), Message(Role.ASSISTANT, "text of a1")]
    assert ids(chat.path()) == ["q1", "a1"]
    assert ids(chat.siblings(chat.messages[1].id)) == ["a1"]
    chat.append(Message(Role.USER, "text of q2", parent_id=chat.messages[1].id))
    assert ids(chat.path()) == ["q1", "a1", "q2"]
    assert chat.messages[1].parent_id == chat.messages[0].id


def test_a_broken_tree_never_loops_or_loses_the_shown_messages() -> None:
    a = Message(Role.USER, "text of a", id="a", parent_id="b")
    b = Message(Role.ASSISTANT, "text of b", id="b", parent_id="a")  # a cycle
    orphan = Message(Role.USER, "text of c", id="c", parent_id="missing")
    chat = Conversation(title="odd", messages=[a, b, orphan], current_leaf="b")
    assert ids(chat.path()) == ["a", "b"]
    chat.current_leaf = "c"
    assert ids(chat.path()) == ["c"]  # a missing parent ends the branch
    assert ids(chat.siblings("c")) == ["c"]
