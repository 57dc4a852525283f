"""Remote providers: OpenAI-compatible servers the user added, and their models.

A :class:`Provider` is a name, a base URL (``http://127.0.0.1:8080/v1``), the
model ids last listed by the server (``GET /v1/models``) plus any the user typed,
and *where* its API key is kept (:mod:`app.core.secrets`) — never the key.  The
providers live in their own file, ``providers.json`` in the config folder (0600),
not in ``settings.json``.

:func:`remote_models` lists every provider's models as :class:`RemoteModel`
references for the model picker; :func:`find_remote_model` resolves a
``NAME/MODEL`` reference (``fireside chat -m NAME/MODEL``).  :func:`list_models`
asks a server for its models, :func:`open_engine` makes the engine for one model.

Offline mode refuses every remote call before a socket opens — also for a server
on this computer (``localhost``): offline mode promises no network traffic at all,
and a local server may itself be a proxy to the internet.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.core.paths import AppPaths
from app.core.private_files import make_private_dir, write_private
from app.core.remote_client import (
    RemoteError,
    make_client,
    remote_error,
    request_headers,
    require_remote,
)
from app.core.remote_engine import RemoteEngine
from app.core.secrets import KeyLocation, SecretStore
from app.core.texts import UserError, tr

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
REMOTE_PREFIX = "remote:"  # model ids of remote models in chats and settings
FILE_NAME = "providers.json"
MAX_NAME = 64


class ProviderError(UserError):
    """A provider's name or base URL cannot be used, or the providers file cannot be
    written; :attr:`text` says why."""


class Provider(BaseModel):
    """One OpenAI-compatible server.

    Attributes:
        name: the user's name for it (unique, no ``/``).
        base_url: the API's base, normally ending in ``/v1``.
        models: the model ids the server listed the last time it was asked.
        typed_models: model ids the user typed (kept when the list is refreshed).
        key_location: where its API key is kept (never the key itself).
    """

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    name: str
    base_url: str
    models: list[str] = Field(default_factory=list)
    typed_models: list[str] = Field(default_factory=list)
    key_location: KeyLocation = "none"

    def all_models(self) -> list[str]:
        """The listed models, then the typed ones not listed."""
        listed = list(dict.fromkeys(self.models))
        return listed + [m for m in dict.fromkeys(self.typed_models) if m not in listed]

    @property
    def host(self) -> str:
        return host_of(self.base_url)


@dataclass(frozen=True)
class RemoteModel:
    """A model on a provider, as the picker shows it and ``-m NAME/MODEL`` names it.

    Attributes:
        provider: the provider's name.
        model: the model's id on that server.
        base_url: where requests go.
        host: the host (and port) messages are sent to, for the "leaves this
            computer" mark.
        key_location: where the provider's key is kept.
    """

    provider: str
    model: str
    base_url: str
    host: str
    key_location: KeyLocation = "none"

    @property
    def ref(self) -> str:
        """``NAME/MODEL``: how ``fireside chat -m`` and the settings name it."""
        return f"{self.provider}/{self.model}"

    @property
    def id(self) -> str:
        """How chats and messages record it (``remote:NAME/MODEL``; local ids never
        start so)."""
        return REMOTE_PREFIX + self.ref

    @property
    def name(self) -> str:
        """How it is shown: ``NAME/MODEL``."""
        return self.ref

    @property
    def is_loopback(self) -> bool:
        """The server is on this computer (messages still leave Fireside)."""
        return is_loopback(self.base_url)


# -- addresses -------------------------------------------------------------------------
def host_of(base_url: str) -> str:
    """``host`` or ``host:port`` of ``base_url`` (the whole text if it has none)."""
    parts = urlsplit(base_url)
    return parts.netloc.rpartition("@")[2] or base_url


def is_loopback(base_url: str) -> bool:
    host = urlsplit(base_url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_base_url(text: str) -> str:
    """The base URL as requests use it, or :class:`ProviderError` saying what is wrong.

    Spaces and a trailing ``/`` go; a URL without a path gets ``/v1``, where every
    OpenAI-compatible server named in the documentation has its API
    (``http://localhost:11434`` → ``http://localhost:11434/v1``).
    """
    url = text.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProviderError(tr("“{url}” is not a web address: a base URL starts with "
                               "http:// or https:// and names a server, like "
                               "http://127.0.0.1:8080/v1.", url=url))
    if parts.username is not None or parts.password is not None:
        raise ProviderError(tr("A base URL with a user name or password in it would keep "
                               "them in a plain file: put the key in the API key field "
                               "instead."))
    try:
        _ = parts.port  # a port that is not a number
    except ValueError:
        raise ProviderError(tr("“{url}” has a port that is not a number.", url=url)) from None
    path = parts.path.rstrip("/") or "/v1"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def check_name(name: str, providers: list[Provider], keep: str | None = None) -> str:
    """``name`` stripped, if a new provider (or ``keep`` renamed) may have it."""
    name = name.strip()
    if not name:
        raise ProviderError(tr("A provider needs a name."))
    if "/" in name or any(ord(c) < 32 for c in name) or len(name) > MAX_NAME:
        raise ProviderError(tr("A provider's name has at most {limit} characters and no "
                               "“/” (it is written NAME/MODEL).", limit=MAX_NAME))
    for other in providers:
        if other.name.casefold() == name.casefold() and other.name != keep:
            raise ProviderError(tr("There is already a provider called “{name}”.",
                                   name=other.name))
    return name


# -- the providers file ----------------------------------------------------------------
def providers_file(paths: AppPaths) -> Path:
    """``providers.json`` in the config folder (beside, never inside, settings.json)."""
    return paths.config_dir / FILE_NAME


class ProviderStore:
    """Loads and saves the providers at one path, atomically and privately (0600).

    A file that cannot be read as providers is moved aside as
    ``providers.json.broken-<time>`` (:attr:`recovered_from`) and the list starts empty.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.recovered_from: Path | None = None

    @classmethod
    def for_paths(cls, paths: AppPaths) -> ProviderStore:
        return cls(providers_file(paths))

    @property
    def secrets(self) -> SecretStore:
        """Where this config folder's keys are kept."""
        return SecretStore(self.path.parent)

    def load(self) -> list[Provider]:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            log.warning("cannot read %s: %s", self.path, exc)
            return []
        try:
            data = json.loads(raw)
            if not isinstance(data, dict) or not isinstance(data.get("providers"), list):
                raise ValueError("not a providers file")
            providers = [Provider.model_validate(p) for p in data["providers"]]
        except (ValueError, ValidationError) as exc:
            backup = self.path.with_name(f"{self.path.name}.broken-{int(time.time())}")
            os.replace(self.path, backup)
            self.recovered_from = backup
            log.warning("providers file %s was invalid (%s); kept as %s", self.path,
                        type(exc).__name__, backup.name)
            return []
        return providers

    def save(self, providers: list[Provider]) -> None:
        data = {"schema_version": SCHEMA_VERSION,
                "providers": [p.model_dump(mode="json") for p in providers]}
        try:
            make_private_dir(self.path.parent, tighten_existing=False)
            write_private(self.path, json.dumps(data, indent=2) + "\n")
        except OSError as exc:
            raise ProviderError(tr("The providers could not be saved in {file}: {error}",
                                   file=str(self.path), error=exc.strerror or str(exc))
                                ) from None


# -- models ----------------------------------------------------------------------------
def remote_models(providers: list[Provider]) -> list[RemoteModel]:
    """Every provider's models, grouped by provider in the providers' order."""
    return [RemoteModel(p.name, model, p.base_url, p.host, p.key_location)
            for p in providers for model in p.all_models()]


def remote_model_by_id(providers: list[Provider], model_id: str | None) -> RemoteModel | None:
    """The remote model a chat or the settings name by id (``remote:NAME/MODEL``)."""
    if not model_id or not model_id.startswith(REMOTE_PREFIX):
        return None
    return find_remote_model(providers, model_id.removeprefix(REMOTE_PREFIX))


def find_remote_model(providers: list[Provider], ref: str) -> RemoteModel | None:
    """The model ``NAME/MODEL`` refers to, or None if no provider is called ``NAME``.

    ``NAME`` is a provider's name (exact, else ignoring case); ``MODEL`` is
    everything after the first ``/`` and may itself contain ``/``
    (``vllm/meta-llama/Llama-3.1-8B``).  A model id the provider has not listed is
    still returned (the server says if it does not know it).
    """
    name, slash, model = ref.partition("/")
    model = model.strip()
    if not slash or not name or not model:
        return None
    provider = next((p for p in providers if p.name == name), None) or next(
        (p for p in providers if p.name.casefold() == name.casefold()), None)
    if provider is None:
        return None
    return RemoteModel(provider.name, model, provider.base_url, provider.host,
                       provider.key_location)


def list_models(provider: Provider, api_key: str | None, timeout: float = 15.0) -> list[str]:
    """The model ids the server lists at ``GET /v1/models``, sorted.

    Raises :class:`RemoteError` with a message naming the host (kind ``"offline"`` in
    offline mode, before any connection).
    """
    host = provider.host
    require_remote(tr("the remote provider {name} ({host})", name=provider.name, host=host),
                   host)
    client = make_client(provider.base_url, api_key, connect_timeout=min(timeout, 10.0),
                         read_timeout=timeout, max_retries=1)
    try:
        page = client.models.list(extra_headers=request_headers(api_key))
        ids = sorted({str(m.id) for m in page.data if getattr(m, "id", None)})
    except RemoteError:
        raise
    except Exception as exc:
        raise remote_error(exc, host, api_key, base_url=provider.base_url) from None
    finally:
        client.close()
    return ids


def open_engine(model: RemoteModel, secrets: SecretStore, *, connect_timeout: float = 10.0,
                first_chunk_timeout: float = 300.0, idle_timeout: float = 60.0) -> RemoteEngine:
    """The engine that chats with ``model``, with its provider's key (read here)."""
    key = secrets.get(model.provider, model.key_location)
    return RemoteEngine(model.base_url, model.model, key, label=model.ref,
                        connect_timeout=connect_timeout,
                        first_chunk_timeout=first_chunk_timeout, idle_timeout=idle_timeout)
