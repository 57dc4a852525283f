"""A comparison out of Compare: as Markdown to read, JSON to keep, or an ordinary chat.

The JSON (``"format": "fireside-comparison"``) holds everything: each answer with its
model, settings and metrics, and the vote.  The Markdown gives a heading per answer
and its metrics under it.  :func:`continue_as_chat` saves the prompt and the chosen
answer as a new chat with that model, so the chat list shows it and the talk goes on.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from app.core.compare.records import Answer, Comparison
from app.core.conversation import Conversation, Message, Role, title_from_text
from app.core.localdocs.attachment_record import human_size
from app.core.private_files import write_private
from app.core.storage import ChatStore
from app.core.texts import Lookup, Text, UserError, tr

EXPORT_FORMAT = "fireside-comparison"
EXPORT_VERSION = 1


class ContinueError(UserError):
    """The answer asked for cannot be continued as a chat."""


def _say(text: Text, lookup: Lookup | None) -> str:
    return text.render(lookup) if lookup is not None else str(text)


def label(comparison: Comparison, index: int, lookup: Lookup | None = None,
          reveal: bool = True) -> str:
    """How answer ``index`` is named: its model, or "Model 2" while the vote is blind."""
    if comparison.blind and not reveal:
        return _say(tr("Model {number}", number=index + 1), lookup)
    return comparison.answers[index].name


def metrics_text(answer: Answer, lookup: Lookup | None = None) -> str:
    """One line of what was measured: load, first token, speed, tokens, memory."""
    m = answer.metrics
    if m is None:
        return _say(tr("did not answer: {reason}", reason=answer.error or ""), lookup)
    parts = []
    if m.load_seconds is not None:
        parts.append(_say(tr("load {seconds:.2f} s", seconds=m.load_seconds), lookup))
    parts.append(_say(tr("first token {seconds:.2f} s", seconds=m.time_to_first_token), lookup))
    parts.append(_say(tr("{speed:.1f} tokens/s", speed=m.tokens_per_second), lookup))
    parts.append(_say(tr("tokens: {count}", count=m.tokens), lookup))
    if m.peak_memory_bytes is not None:
        parts.append(_say(tr("memory {size}", size=human_size(m.peak_memory_bytes)), lookup))
    return " · ".join(parts)


def settings_text(answer: Answer) -> str:
    """The sampling values the answer was made with (numbers and names: not translated)."""
    s = answer.settings
    names = ("temperature", "top_p", "top_k", "min_p", "repeat_penalty", "max_tokens")
    values = [f"{name}={s[name]}" for name in names if name in s]
    if s.get("preset"):
        values.append(f"preset={s['preset']}")
    return ", ".join(values)


def to_json(comparison: Comparison) -> str:
    """Everything about ``comparison``, as JSON."""
    return json.dumps(to_dict(comparison), indent=1, ensure_ascii=False)


def to_dict(comparison: Comparison) -> dict[str, Any]:
    return {"format": EXPORT_FORMAT, "version": EXPORT_VERSION,
            "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), **comparison.to_dict()}


def to_markdown(comparison: Comparison, lookup: Lookup | None = None) -> str:
    """Readable Markdown: the prompt, then each answer under its model with its metrics."""
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(comparison.created_at))
    title = _say(tr("Comparison: {title}", title=title_from_text(comparison.prompt)), lookup)
    out = [f"# {title}\n",
           "*" + _say(tr("{date} · exported from Fireside", date=when), lookup) + "*\n"]
    if comparison.system_prompt:
        out.append("> " + _say(tr("System prompt: {prompt}", prompt=comparison.system_prompt),
                               lookup) + "\n")
    if comparison.blind:
        out.append("*" + _say(tr("Blind: the models' names were hidden until the vote."),
                              lookup) + "*\n")
    you = _say(tr("You"), lookup)
    out.append(f"## {you}\n")
    out.append(comparison.prompt.rstrip() + "\n")
    for index, answer in enumerate(comparison.answers):
        mark = ""
        if comparison.winner == index:
            mark = " — " + _say(tr("chosen"), lookup)
        out.append(f"## {index + 1}. {answer.name}{mark}\n")
        if answer.text:
            out.append(answer.text.rstrip() + "\n")
        out.append("*" + metrics_text(answer, lookup) + "*\n")
        settings = settings_text(answer)
        if settings:
            out.append(f"`{settings}`\n")
    if comparison.tie:
        out.append("*" + _say(tr("Voted a tie."), lookup) + "*\n")
    return "\n".join(out)


def continue_as_chat(store: ChatStore, comparison: Comparison, index: int) -> Conversation:
    """A new chat with answer ``index``'s model: the prompt and that answer."""
    if not 0 <= index < len(comparison.answers):
        raise ContinueError(tr("There is no answer {number}: the comparison has {count}.",
                               number=index + 1, count=len(comparison.answers)))
    if not comparison.answers[index].text:
        raise ContinueError(tr("Answer {number} cannot be continued: it has no text.",
                               number=index + 1))
    answer = comparison.answers[index]
    m = answer.metrics
    question = Message(role=Role.USER, content=comparison.prompt)
    reply = Message(role=Role.ASSISTANT, content=answer.text, model_id=answer.model_id,
                    tokens=m.tokens if m is not None else None,
                    tokens_per_second=m.tokens_per_second if m is not None else None)
    conversation = Conversation(title=title_from_text(comparison.prompt),
                                model_id=answer.model_id,
                                system_prompt=comparison.system_prompt,
                                preset=comparison.preset, messages=[question, reply])
    return store.create_conversation(conversation)


def export_to_file(comparison: Comparison, path: Path, lookup: Lookup | None = None) -> None:
    """Write ``comparison`` to ``path``: JSON for a ``.json`` name, Markdown otherwise
    (0600, replaced atomically; raises ``OSError`` if it cannot be written)."""
    if path.suffix.lower() == ".json":
        text = to_json(comparison)
    else:
        text = to_markdown(comparison, lookup)
    write_private(path, text.rstrip("\n") + "\n")
