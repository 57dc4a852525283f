"""``fireside providers``: the remote OpenAI-compatible servers, added and removed.

    fireside providers [--json] [--refresh]      providers and their cached models
    fireside providers add NAME BASE_URL [--key-stdin] [--key-in-file] [--model ID]…
    fireside providers remove NAME

Listing uses no network; ``--refresh`` asks every provider for its models
(``GET /v1/models``) and caches them.  ``--key-stdin`` reads the API key from
standard input (a terminal asks for it without echoing it) and keeps it in the
system's secret store.  Where there is none, the key could only live as long as
this command, so it is refused unless ``--key-in-file`` chooses the plain file
(0600, with a warning).  A key is never printed, listed or logged.

Exit codes: 0 done, 1 bad input (nothing changed), 4 a provider could not be reached
with ``--refresh`` (the others are listed).
"""

from __future__ import annotations

import getpass
import json
import sys
from typing import Any

from app.core.context import setup_logging
from app.core.network import set_offline
from app.core.paths import AppPaths
from app.core.providers import (
    Provider,
    ProviderError,
    ProviderStore,
    check_name,
    list_models,
    normalize_base_url,
)
from app.core.remote_client import RemoteError
from app.core.secrets import SecretsError, keyring_status
from app.core.settings import SettingsStore
from app.core.texts import Text, tr
from app.terminal.output import err, note, out, say, use_language, write_all

EXIT_OK, EXIT_ERROR, EXIT_NETWORK = 0, 1, 4
COMMAND = "fireside providers"
_PLACES = {"keyring": tr("in the secret store"), "session": tr("for this session only"),
           "file": tr("in a plain file"), "none": tr("no key")}


def _open(data_dir: str | None) -> ProviderStore:
    paths = AppPaths.resolve(data_dir).ensure()
    settings = SettingsStore(paths.settings_file).load()
    use_language(settings.language)
    set_offline(settings.offline)
    setup_logging(paths)
    store = ProviderStore.for_paths(paths)
    return store


def _fail(message: Text | BaseException) -> int:
    err(message, command=COMMAND)
    return EXIT_ERROR


def _read_key() -> str:
    """The key from standard input: asked for without echo on a terminal."""
    if sys.stdin is None:
        return ""
    if sys.stdin.isatty():
        return getpass.getpass(say(tr("API key (not shown): "))).strip()
    return sys.stdin.readline().strip()


def run_add(data_dir: str | None, name: str, base_url: str, key_stdin: bool,
            key_in_file: bool, models: list[str]) -> int:
    store = _open(data_dir)
    providers = store.load()
    try:
        name = check_name(name, providers)
        url = normalize_base_url(base_url)
    except ProviderError as exc:
        return _fail(exc)
    provider = Provider(name=name, base_url=url, typed_models=[m.strip() for m in models
                                                               if m.strip()])
    if key_stdin:
        key = _read_key()
        if not key:
            return _fail(tr("No API key was given on standard input; nothing was added."))
        if not key_in_file and not keyring_status().available:
            return _fail(tr("This system has no secret store (keyring) to keep the API key "
                            "in, and a key kept for this command only would be gone when it "
                            "ends. Nothing was added. Add --key-in-file to keep the key in a "
                            "plain file readable by your account only."))
        try:
            provider.key_location = store.secrets.store(name, key, plain_file=key_in_file)
        except SecretsError as exc:
            return _fail(exc)
        if provider.key_location == "session":  # the secret store refused it after all
            store.secrets.delete(name, "session")
            return _fail(tr("The system's secret store refused the API key; nothing was "
                            "added. Add --key-in-file to keep it in a plain file instead."))
        if provider.key_location == "file":
            note(tr("Warning: the API key is kept unencrypted in {file}; anyone who can read "
                    "that file can use it.", file=str(store.secrets.plain_file)))
    try:
        store.save([*providers, provider])
    except ProviderError as exc:
        store.secrets.delete(name, provider.key_location)
        return _fail(exc)
    out(tr("Added the provider {name} ({url}). Messages to its models leave this computer "
           "for {host}.", name=name, url=url, host=provider.host))
    return EXIT_OK


def run_remove(data_dir: str | None, name: str) -> int:
    store = _open(data_dir)
    providers = store.load()
    found = next((p for p in providers if p.name == name), None) or next(
        (p for p in providers if p.name.casefold() == name.casefold()), None)
    if found is None:
        return _fail(tr("There is no provider called “{name}” (see `fireside providers`).",
                        name=name))
    try:
        store.save([p for p in providers if p is not found])
    except ProviderError as exc:
        return _fail(exc)
    store.secrets.delete(found.name, found.key_location)
    out(tr("Removed the provider {name} and its API key.", name=found.name))
    return EXIT_OK


def _refresh(store: ProviderStore, providers: list[Provider]) -> dict[str, Text]:
    """Ask every provider for its models; the failures' messages by provider name."""
    failures: dict[str, Text] = {}
    for provider in providers:
        try:
            key = store.secrets.get(provider.name, provider.key_location)
            provider.models = list_models(provider, key)
        except (RemoteError, SecretsError) as exc:
            failures[provider.name] = exc.text
            err(tr("{name}: {problem}", name=provider.name, problem=exc.text), command=COMMAND)
            if isinstance(exc, RemoteError) and exc.kind == "offline":
                break
    store.save(providers)
    return failures


def providers_report(providers: list[Provider], failures: dict[str, Text]) -> dict[str, Any]:
    """The providers as plain data (never a key)."""
    status = keyring_status()
    rows = []
    for p in providers:
        row: dict[str, Any] = {"name": p.name, "base_url": p.base_url, "host": p.host,
                               "key": p.key_location, "models": p.models,
                               "typed_models": p.typed_models}
        if p.name in failures:
            row["error"] = say(failures[p.name])
        rows.append(row)
    return {"providers": rows,
            "keyring": {"available": status.available, "backend": status.backend}}


def run_providers(data_dir: str | None, as_json: bool, refresh: bool) -> int:
    store = _open(data_dir)
    providers = store.load()
    failures: dict[str, Text] = {}
    if refresh and providers:
        try:
            failures = _refresh(store, providers)
        except ProviderError as exc:
            return _fail(exc)
    report = providers_report(providers, failures)
    if as_json:
        write_all(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        return EXIT_NETWORK if failures else EXIT_OK
    if not providers:
        out(tr("No providers. Add one with `fireside providers add NAME BASE_URL "
               "[--key-stdin]`, or in Settings → Providers."))
    for p in providers:
        print(f"{p.name}  {p.base_url}  ({say(_PLACES[p.key_location])})")
        models = p.all_models()
        if not models:
            out(tr("  (no models cached: `fireside providers --refresh` lists them)"))
        for model in models:
            print(f"  {p.name}/{model}")
    return EXIT_NETWORK if failures else EXIT_OK
