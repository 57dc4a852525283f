"""``fireside serve``: the OpenAI-compatible API without the window, for scripts and servers.

The same server as the window's (:class:`app.server.stack.ServingStack`) over a model
thread without Qt (:class:`app.core.model_slot.ModelThread`), with the same rules:
loopback unless ``--host`` says otherwise, and then only with the key.  The options
apply to this run; the rest (allowed origins, saving chats…) come from the settings.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

from app.core.api_key import api_key, new_api_key
from app.core.api_settings import ApiServerSettings, is_loopback
from app.core.context import AppContext, setup_logging
from app.core.engine import Engine, EngineError
from app.core.installed import InstalledModel
from app.core.model_slot import LoadRequest, ModelSlot, ModelThread
from app.core.providers import ProviderStore
from app.core.texts import UserError, tr
from app.server.stack import ServingStack
from app.terminal.output import err, note, use_language

EXIT_NO_MODEL = 2
EXIT_LOAD_FAILED = 3


def run_serve(data_dir: str | None, *, host: str | None, port: int | None,
              model_key: str | None, show_key: bool, new_key: bool, require_key: bool,
              origins: list[str], one_at_a_time: bool = False, key_in_file: bool = False,
              save_chats: bool = True) -> int:
    context = AppContext.open(data_dir)
    setup_logging(context.paths)
    use_language(context.settings.language)
    try:
        if show_key or new_key:
            return _print_key(context, new_key, key_in_file)
        return _serve(context, host, port, model_key, require_key, origins, one_at_a_time,
                      save_chats)
    finally:
        context.close()


def _print_key(context: AppContext, new: bool, in_file: bool) -> int:
    api = context.settings.api_server
    secrets = ProviderStore.for_paths(context.paths).secrets
    if in_file and api.key_location != "file":
        new = True  # (moved: a key in a 0600 file, kept where there is no secret store)
    key = new_api_key(secrets, api, plain_file=in_file) if new else api_key(secrets, api)
    context.save_settings()  # where the key is kept (never the key)
    print(key)
    if api.key_location == "session":
        note(tr("This system has no secret store, so this key is not kept: the next "
                "`fireside serve` that needs a key makes a new one and prints it. To keep "
                "one in a private file instead, run `fireside serve --show-key "
                "--key-in-file`."))
    return 0


def _serve(context: AppContext, host: str | None, port: int | None, model_key: str | None,
           require_key: bool, origins: list[str], one_at_a_time: bool,
           save_chats: bool) -> int:
    saved = context.settings.api_server
    api = ApiServerSettings.model_validate({
        **saved.model_dump(), "host": host or saved.host, "port": port or saved.port,
        "require_key": require_key or saved.require_key,
        "allowed_origins": [*saved.allowed_origins, *origins],
        "parallel": saved.parallel and not one_at_a_time,
        "save_chats": saved.save_chats and save_chats})
    settings = context.settings.model_copy(update={"api_server": api})
    installed: list[InstalledModel] = list(context.installed)
    model = None
    if model_key:
        model = context.find_model(model_key)
        if model is None:
            err(tr("no model “{model}”; see `fireside models`", model=model_key))
            return EXIT_NO_MODEL
        if all(m.id != model.id for m in installed):
            installed.append(model)  # a file named by path is served for this run
    keyed = not is_loopback(api.host) or api.require_key
    key = ""
    if keyed:
        key = api_key(ProviderStore.for_paths(context.paths).secrets, saved)
        context.save_settings()
    model_thread = ModelThread(ModelSlot(Engine.with_cache(context.paths.cache_dir),
                                         context.checksums))
    stack = ServingStack(model_thread, paths=context.paths, settings=lambda: settings,
                         installed=lambda: installed, key=lambda: key, host=api.host,
                         port=api.port)
    try:
        if model is not None:
            _preload(model_thread, LoadRequest.for_model(settings, model))
        stack.start()
        stack.server.wait_started()
        note(tr("Serving {models} at {url} — Ctrl+C stops.", models=_models_line(installed),
                url=stack.server.url))
        if not is_loopback(api.host):
            note(tr("Listening on {host}: other computers can reach this server, so every "
                    "request needs the API key (`fireside serve --show-key` prints it).",
                    host=api.host))
        elif keyed:
            note(tr("Requests need the API key (`fireside serve --show-key` prints it)."))
        if keyed and saved.key_location == "session":
            note(tr("This system has no secret store, so the key lasts for this run only: "
                    "{key}", key=key))
        _wait_for_stop()
        return 0
    except EngineError as exc:
        err(exc)
        return EXIT_LOAD_FAILED
    except UserError as exc:  # the port is taken, the address is not this computer's
        err(exc)
        return 1
    finally:
        stack.stop(timeout=5)
        model_thread.close(timeout=10)


def _models_line(installed: list[InstalledModel]) -> str:
    if not installed:
        return str(tr("no models (install one with `fireside pull`)"))
    return ", ".join(m.id for m in installed)


def _preload(model_thread: ModelThread, request: LoadRequest) -> None:
    note(tr("Loading {model}…", model=request.model.name))
    model_thread.submit(lambda slot: slot.ensure(request)).result()


def _wait_for_stop() -> None:
    """Until Ctrl+C or SIGTERM (a service manager stopping it)."""
    stop = threading.Event()

    def on_signal(_number: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, on_signal)
    try:
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
