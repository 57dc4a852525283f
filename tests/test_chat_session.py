"""The core's chat turn (no Qt): saving, settings, statuses, thinking time and titles,
with a real SQLite store and the real llama.cpp engine on a tiny model."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from app.core import chat_session
from app.core.chat_session import FINISH_STATUS, ChatSession
from app.core.conversation import Conversation, MessageStatus, Role
from app.core.disk_full import DiskFullError
from app.core.engine import Engine, GenerationResult
from app.core.generation import GenerationSettings
from app.core.model_settings import ModelSettings
from app.core.presets import Preset
from app.core.settings import Settings
from app.core.storage import ChatStore


@pytest.fixture
def store(tmp_path: Path) -> ChatStore:
    return ChatStore(tmp_path / "chats.sqlite3")


def result(text: str, reason: str = "stop") -> GenerationResult:
    return GenerationResult(text, reason, 10, 10, len(text.split()), 0.01, 50.0, 55.0, 512)


def test_a_new_chat_is_saved_with_its_question_and_placeholder_in_one_step(
        store: ChatStore) -> None:
    session = ChatSession(store, Settings(system_prompt="be brief"), preset="Precise")
    assert session.is_new
    turn = session.start_turn("tiny", "What is the capital of France?")
    assert not session.is_new
    saved = store.load_conversation(session.conversation.id)
    assert saved is not None and saved.title == "What is the capital of France?"
    assert saved.preset == "Precise" and saved.model_id == "tiny"
    assert [(m.role, m.status) for m in saved.messages] == [
        (Role.USER, MessageStatus.COMPLETE), (Role.ASSISTANT, MessageStatus.STREAMING)]
    assert saved.current_leaf == turn.reply.id
    system, question = turn.request.messages  # the preset's prompt wins over the default
    assert system["role"] == "system" and "precise" in system["content"]
    assert question == {"role": "user", "content": "What is the capital of France?"}
    assert turn.request.chat_key == saved.id and turn.request.message_ids[0] is None
    assert turn.request.settings.temperature == 0.2  # the Precise preset's


def test_settings_resolve_defaults_then_the_model_then_the_preset(store: ChatStore) -> None:
    settings = Settings(generation=GenerationSettings(temperature=0.9, top_k=11, max_tokens=99),
                        model_settings={"m": ModelSettings(top_k=22, max_tokens=7,
                                                           system_prompt="model prompt")},
                        presets=[Preset(name="Mine", temperature=1.5)])
    turn = ChatSession(store, settings, preset="Mine").start_turn("m", "hi")
    assert (turn.request.settings.temperature, turn.request.settings.top_k,
            turn.request.settings.max_tokens) == (1.5, 22, 7)
    assert turn.request.messages[0]["content"] == "model prompt"
    chat = store.load_conversation(turn.conversation.id)
    assert chat is not None
    store.set_system_prompt(chat.id, "the chat's own")
    chat.system_prompt = "the chat's own"
    again = ChatSession(store, settings, chat).start_turn("m", "and again")
    assert again.request.messages[0]["content"] == "the chat's own"


def test_a_failed_save_changes_nothing(store: ChatStore, monkeypatch: pytest.MonkeyPatch,
                                       tmp_path: Path) -> None:
    def full(*_args: object) -> None:
        raise DiskFullError(tmp_path)

    monkeypatch.setattr(store, "create_conversation", full)
    session = ChatSession(store, Settings())
    with pytest.raises(DiskFullError):
        session.start_turn("m", "typed on a full disk")
    assert session.is_new and session.conversation.messages == []
    monkeypatch.undo()
    first = session.start_turn("m", "hello")
    first.finish(result("hi there"))
    monkeypatch.setattr(store, "add_messages", full)
    with pytest.raises(DiskFullError):
        session.start_turn("m", "second question")
    assert len(session.conversation.messages) == 2
    assert session.conversation.current_leaf == first.reply.id


def test_the_reply_is_saved_as_it_grows_and_how_it_ended(
        store: ChatStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_session, "SAVE_INTERVAL_S", 0.0)
    turn = ChatSession(store, Settings()).start_turn("m", "Count to three.")
    turn.add_text("One, ")
    turn.add_text("two")

    def stored() -> tuple[str, MessageStatus]:
        chat = store.load_conversation(turn.conversation.id)
        assert chat is not None
        message = chat.message(turn.reply.id)
        assert message is not None
        return message.content, message.status

    assert stored() == ("One, two", MessageStatus.STREAMING)
    assert turn.finish(result("One, two, three.", "context")) is MessageStatus.LENGTH
    assert stored() == ("One, two, three.", MessageStatus.LENGTH)
    assert set(FINISH_STATUS) == {"stop", "stopped", "length", "context"}
    failed = ChatSession(store, Settings(), turn.conversation).start_turn("m", "more")
    failed.add_text("half an ans")
    failed.fail()
    chat = store.load_conversation(turn.conversation.id)
    assert chat is not None and chat.messages[-1].status is MessageStatus.ERROR
    assert chat.messages[-1].content == "half an ans"
    assert [m["content"] for m in chat.prompt_messages()][-1] == "more"  # left out


def test_thinking_time_is_taken_when_the_tag_closes_even_split_over_pieces(
        store: ChatStore) -> None:
    turn = ChatSession(store, Settings()).start_turn("m", "Think first.")
    for piece in ("<think>hmm", " let me see</th", "ink>The answer"):
        turn.add_text(piece)
        if piece.startswith("<think>"):
            assert turn.reply.thinking_seconds is None
    assert turn.reply.thinking_seconds is not None
    assert turn.text == "<think>hmm let me see</think>The answer"


def test_a_save_the_disk_refuses_is_kept_and_saved_later(
        store: ChatStore, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    turn = ChatSession(store, Settings()).start_turn("m", "hello")
    told: list[str] = []
    turn.on_not_saved = lambda reply, error: told.append(str(error))
    real = store.update_message

    def full(*_args: object) -> None:
        raise DiskFullError(tmp_path)

    monkeypatch.setattr(store, "update_message", full)
    turn.add_text("an answer")
    turn.finish(result("an answer, whole"))
    assert turn.unsaved and len(told) == 1 and "is full" in told[0]
    monkeypatch.setattr(store, "update_message", real)
    turn.save()
    chat = store.load_conversation(turn.conversation.id)
    assert chat is not None and chat.messages[-1].content == "an answer, whole"
    assert chat.messages[-1].status is MessageStatus.COMPLETE and not turn.unsaved


def test_a_title_is_asked_after_the_first_exchange_and_the_users_name_wins(
        store: ChatStore) -> None:
    session = ChatSession(store, Settings())
    turn = session.start_turn("m", "Name a colour.")
    turn.finish(result("Blue."))
    request = session.title_request()
    assert request is not None and request.fallback == "Name a colour."
    assert request.messages[-1]["role"] == "user"
    assert session.apply_title("Colours", request.fallback)
    stored = store.load_conversation(session.conversation.id)
    assert stored is not None and stored.title == "Colours"
    store.rename_conversation(session.conversation.id, "My own name")
    assert not session.apply_title("Something else", "Colours")
    stored = store.load_conversation(session.conversation.id)
    assert stored is not None and stored.title == "My own name"
    session.start_turn("m", "And another?").finish(result("Red."))
    assert session.title_request() is None  # only after the first exchange


def test_where_the_models_memory_starts() -> None:
    request = chat_session.TurnRequest([], GenerationSettings(), "c", [None, "a", "b", "c", "d"])
    assert request.memory_starts_at(0) is None
    assert request.memory_starts_at(2) == "c"


def test_a_whole_turn_with_the_real_engine(store: ChatStore, tiny_model: Path) -> None:
    engine = Engine()
    engine.load(tiny_model, GenerationSettings(context_length=512))
    try:
        session = ChatSession(store, Settings(generation=GenerationSettings(max_tokens=8)))
        turn = session.start_turn("tiny", "hello world")
        request = turn.request
        outcome = engine.generate(request.messages, request.settings, turn.add_text,
                                  threading.Event(), chat_key=request.chat_key)
        assert turn.finish(outcome) in (MessageStatus.COMPLETE, MessageStatus.LENGTH)
    finally:
        engine.unload()
    chat = store.load_conversation(session.conversation.id)
    assert chat is not None and chat.messages[-1].content == outcome.text
    assert chat.messages[-1].tokens == outcome.completion_tokens > 0


def test_a_regenerated_answer_is_a_new_version_of_the_same_question(store: ChatStore) -> None:
    session = ChatSession(store, Settings())
    session.start_turn("m", "Pick a number.").finish(result("Seven."))
    conversation: Conversation = session.conversation
    question = conversation.messages[0]
    conversation.current_leaf = question.id
    again = session.start_turn("m")  # no new question: answer the open one again
    assert again.reply.parent_id == question.id
    assert len(conversation.siblings(again.reply.id)) == 2

