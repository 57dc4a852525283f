"""Titles for new chats, written by the real model after the first exchange."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.core.chat_title import TITLE_INSTRUCTION, clean_title, title_request
from app.core.conversation import title_from_text
from app.ui.main_window import MainWindow

TIMEOUT_MS = 60_000


def test_model_answers_become_clean_titles() -> None:
    assert clean_title('"Paris, the Capital of France."') == "Paris, the Capital of France"
    assert clean_title("Title: Baking Bread\nSome extra text") == "Baking Bread"
    assert clean_title("**Dragons and Bread**") == "Dragons and Bread"
    assert clean_title("   \n  ") is None and clean_title('"."') is None
    assert clean_title("word " * 40) is None  # a sentence, not a title
    assert clean_title("Here's a title that is too long") is None
    assert clean_title("Sure! Bread") is None
    cut = clean_title("Supercalifragilisticexpialidocious " * 3)
    assert cut is not None and len(cut) <= 61 and cut.endswith("…")


def test_the_request_continues_the_chat() -> None:
    history = [{"role": "system", "content": "s"}, {"role": "user", "content": "q"}]
    request = title_request(history, "a")
    assert request[:2] == history
    assert request[2:] == [{"role": "assistant", "content": "a"},
                           {"role": "user", "content": TITLE_INSTRUCTION}]


@pytest.fixture
def window(starter_window: MainWindow) -> MainWindow:
    starter_window.ctx.settings.generation.max_tokens = 48
    return starter_window


def test_a_new_chat_gets_a_model_title_and_keeps_its_cache(qtbot: QtBot,
                                                            window: MainWindow) -> None:
    question = "What is the capital of France, and what river runs through it?"
    results = []
    window.host.sig_finished.connect(lambda _rid, result: results.append(result))
    titled: list[str] = []
    window.host.sig_titled.connect(lambda _cid, title: titled.append(title))
    window.input.setPlainText(question)
    window.send()
    qtbot.waitUntil(lambda: bool(titled), timeout=TIMEOUT_MS)
    assert window.current is not None
    stored = window.ctx.store.load_conversation(window.current.id)
    assert stored is not None
    assert stored.title == titled[0] != title_from_text(question)
    assert len(stored.title) <= 61 and len(stored.messages) == 2  # nothing shown in the chat
    assert window.chat_list.item_for(stored.id).text() == stored.title  # type: ignore[union-attr]
    # The title request did not cost the chat its KV cache.
    window.input.setPlainText("And its population?")
    window.send()
    qtbot.waitUntil(lambda: len(results) == 2, timeout=TIMEOUT_MS)
    assert results[1].prompt_tokens_evaluated <= 15


def test_a_title_never_overwrites_the_users_own(qtbot: QtBot, window: MainWindow) -> None:
    window.input.setPlainText("Name a colour.")
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=TIMEOUT_MS)
    assert window.current is not None
    chat_id = window.current.id
    window.rename_chat(chat_id, "My colours")
    window._title_fallbacks[chat_id] = title_from_text("Name a colour.")
    window._on_titled(chat_id, "Model's title")
    assert window.ctx.store.load_conversation(chat_id).title == "My colours"  # type: ignore[union-attr]


def test_only_a_first_exchange_with_its_automatic_title_asks_for_one() -> None:
    from app.core.chat_title import title_request_for
    from app.core.conversation import Conversation, Message, Role

    chat = Conversation(title=title_from_text("Why is the sky blue?"))
    question = chat.append(Message(Role.USER, "Why is the sky blue?"))
    assert title_request_for(chat, "s") is None  # no answer yet
    chat.append(Message(Role.ASSISTANT, "Rayleigh scattering.", parent_id=question.id))
    request = title_request_for(chat, "Be brief.")
    assert request is not None
    assert request[0] == {"role": "system", "content": "Be brief."}  # the replies' own prompt
    assert request[-2:] == [{"role": "assistant", "content": "Rayleigh scattering."},
                            {"role": "user", "content": TITLE_INSTRUCTION}]
    chat.title = "Sky"
    assert title_request_for(chat, "s") is None  # the user named it
    chat.title = title_from_text("Why is the sky blue?")
    chat.append(Message(Role.ASSISTANT, "Because of scattering.", parent_id=question.id))
    assert title_request_for(chat, "s") is None  # a regenerated answer: the title stays


def test_a_reasoning_models_thinking_never_becomes_the_title() -> None:
    assert clean_title("<think>\nOkay, the user wants a title for") is None  # cut off thinking
    assert clean_title("<think>a colour question</think>\n\nFavourite colours") == \
        "Favourite colours"
