"""Reasoning models: <think> sections split from answers, shown collapsed, not sent back."""

from __future__ import annotations

from pathlib import Path

from gguf_factory import write_tiny_model
from pytestqt.qtbot import QtBot

from app.core.conversation import Conversation, Message, MessageStatus, Role
from app.core.engine import Engine
from app.core.generation import GenerationSettings
from app.core.reasoning import split_reasoning, strip_reasoning
from app.ui.message_widget import MessageWidget, ProseSegment


def test_thinking_is_split_from_the_answer() -> None:
    done = split_reasoning("<think>\nLet me add.\n</think>\n\nIt is 4.")
    assert (done.thinking, done.answer, done.thinking_open) == ("Let me add.", "It is 4.", False)
    going = split_reasoning("<think>\nStill adding")
    assert (going.thinking, going.answer, going.thinking_open) == ("Still adding", "", True)
    # The template opened the block in the prompt: the reply only closes it.
    implicit = split_reasoning("First I add.</think>It is 4.")
    assert (implicit.thinking, implicit.answer) == ("First I add.", "It is 4.")
    plain = split_reasoning("Just an answer.")
    assert plain.thinking is None and plain.answer == "Just an answer."
    assert strip_reasoning("<think>x</think>y") == "y"
    assert strip_reasoning("<think>unfinished") == "<think>unfinished"


def test_thinking_is_left_out_of_the_history_sent_back() -> None:
    chat = Conversation(title="t", messages=[
        Message(Role.USER, "2+2?"),
        Message(Role.ASSISTANT, "<think>\nadd them\n</think>\n4"),
        Message(Role.USER, "and 3+3?")])
    assert [m["content"] for m in chat.prompt_messages()] == ["2+2?", "4", "and 3+3?"]


def test_a_template_that_opens_thinking_gives_replies_that_say_so(tmp_path: Path) -> None:
    template = ("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n"
                "{% endfor %}<|im_start|>assistant\n<think>\n")
    model = write_tiny_model(tmp_path / "thinker.gguf", chat_template=template)
    engine = Engine()
    engine.load(model, GenerationSettings())
    pieces: list[str] = []
    result = engine.generate([{"role": "user", "content": "hi"}],
                             GenerationSettings(max_tokens=5, temperature=0.0), pieces.append)
    assert result.text.startswith("<think>\n") and "".join(pieces) == result.text
    engine.unload()


def test_the_message_shows_thinking_collapsed_with_its_duration(qtbot: QtBot) -> None:
    message = Message(Role.ASSISTANT, "<think>\nponder deeply\n</think>\nThe answer is 4.",
                      thinking_seconds=3.2)
    widget = MessageWidget(message, "Model")
    qtbot.addWidget(widget)
    widget.show()
    assert widget.thinking is not None
    assert widget.thinking.toggle.text() == "Thought for 3 s"
    assert not widget.thinking.body.isVisible()
    prose = [s for s in widget._segments if isinstance(s, ProseSegment)]
    assert len(prose) == 1 and "The answer is 4." in prose[0].text()
    widget.thinking.toggle.click()
    assert widget.thinking.body.isVisible() and widget.thinking.body.text() == "ponder deeply"


def test_streaming_thinking_then_answer(qtbot: QtBot) -> None:
    message = Message(Role.ASSISTANT, "", status=MessageStatus.STREAMING)
    widget = MessageWidget(message, "Model")
    qtbot.addWidget(widget)
    widget.stream_to("<think>\nhmm, let me")
    assert widget.thinking is not None and widget.thinking.toggle.text() == "Thinking…"
    assert widget._segments == []
    widget.stream_to("<think>\nhmm, let me see</think>\nYes, ")
    widget.message.thinking_seconds = 2.0
    widget.finish_stream("<think>\nhmm, let me see</think>\nYes, it works.",
                         MessageStatus.COMPLETE)
    assert widget.thinking.toggle.text() == "Thought for 2 s"
    texts = [s.text() for s in widget._segments if isinstance(s, ProseSegment)]
    assert len(texts) == 1 and "Yes, it works." in texts[0] and "hmm" not in texts[0]


def test_an_implicit_opening_moves_the_text_into_thinking(qtbot: QtBot) -> None:
    widget = MessageWidget(Message(Role.ASSISTANT, "", status=MessageStatus.STREAMING), "M")
    qtbot.addWidget(widget)
    widget.stream_to("pondering")  # looks like an answer at first
    assert len(widget._segments) == 1
    widget.stream_to("pondering</think>The answer")
    texts = [s.text() for s in widget._segments if isinstance(s, ProseSegment)]
    assert len(texts) == 1 and "The answer" in texts[0] and "pondering" not in texts[0]
    assert widget.thinking is not None and widget.thinking.text == "pondering"
