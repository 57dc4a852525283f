"""Talking to an OpenAI-compatible server: the ``openai`` client, and its failures in words.

:func:`make_client` makes the client every remote call uses: the key given (or no
Authorization header at all), never ``OPENAI_API_KEY`` or the other ``OPENAI_*``
variables of the environment (a key meant for one server must not go to another),
and none of the headers that would tell the server this computer's system.  It
retries as the ``openai`` client does, except a rate limit that asks for a long
wait, which is told to the user instead.

:func:`remote_error` turns whatever the client raised into a :class:`RemoteError`
whose text says what happened and names the host.  No message contains the key.
"""

from __future__ import annotations

import email.utils
import functools
import json
import logging
import socket
import ssl
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from app.core.engine import EngineError
from app.core.network import OfflineError, require_network
from app.core.texts import Text, tr

if TYPE_CHECKING:
    import openai

log = logging.getLogger(__name__)

# Headers that would tell every server this computer's system and architecture.
_QUIET_HEADERS = ("X-Stainless-OS", "X-Stainless-Arch", "X-Stainless-Runtime",
                  "X-Stainless-Runtime-Version", "X-Stainless-Package-Version",
                  "X-Stainless-Lang", "OpenAI-Organization", "OpenAI-Project")

class RemoteError(EngineError):
    """A remote server could not be used; :attr:`text` says what happened, and where.

    Attributes:
        kind: ``"refused"``, ``"dns"``, ``"tls"``, ``"unreachable"``, ``"timeout"``,
            ``"auth"``, ``"forbidden"``, ``"unknown_model"``, ``"not_found"``,
            ``"rate_limited"``, ``"server"``, ``"rejected"``, ``"cut"``, ``"idle"``,
            ``"malformed"``, ``"not_api"`` or ``"offline"`` (offline mode is on: nothing
            was sent).
        host: the host (and port) that failed.
        status: the HTTP status, if the server answered with one.
        retry_after: seconds the server asked to wait (HTTP 429), if it said.
        partial: the reply text that had arrived (and reached ``on_text``).
    """

    def __init__(self, text: Text, kind: str, host: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(text)
        self.kind = kind
        self.host = host
        self.status = status
        self.retry_after = retry_after
        self.partial = ""


def require_remote(what: Text, host: str) -> None:
    """Refuse (kind ``"offline"``) before any connection when offline mode is on.

    Offline mode refuses a server on this computer too: it promises no network
    traffic at all, and a local server may itself pass messages on.
    """
    try:
        require_network(what)
    except OfflineError as exc:
        raise RemoteError(exc.text, "offline", host) from None


# -- the client ----------------------------------------------------------------------------
@functools.cache
def _client_class() -> type[openai.OpenAI]:
    import openai

    class _Client(openai.OpenAI):
        """Retries as the ``openai`` client does (connection errors, 408, 409, 5xx),
        but a 429 only when the server asks for a wait of 2 s or less: a longer wait
        is told to the user instead of spent silently."""

        def _should_retry(self, response: Any) -> bool:
            if getattr(response, "status_code", 0) == 429:
                wait = retry_after_seconds(response.headers)
                if wait is None or wait > 2:
                    return False
            return bool(super()._should_retry(response))

    return _Client


def make_client(base_url: str, api_key: str | None, *, connect_timeout: float = 10.0,
                read_timeout: float = 300.0, max_retries: int = 1) -> openai.OpenAI:
    """An ``openai`` client for ``base_url`` that sends ``api_key`` (or no key at all)."""
    from openai import Omit, Timeout

    # Without a key the placeholder is never sent: each request drops the Authorization
    # header (request_headers); the client insists on a key or on that, request by request.
    return _client_class()(
        api_key=api_key or "unused", base_url=base_url, max_retries=max_retries,
        timeout=Timeout(connect=connect_timeout, read=read_timeout, write=read_timeout,
                        pool=connect_timeout),
        default_headers=cast(dict[str, str], dict.fromkeys(_QUIET_HEADERS, Omit())))


def request_headers(api_key: str | None) -> dict[str, Any]:
    """Every request's own headers: without a key, no Authorization header."""
    if api_key:
        return {}
    from openai import Omit

    return {"Authorization": Omit()}


def retry_after_seconds(headers: Any) -> float | None:
    """The wait a ``Retry-After`` (seconds or a date) or ``retry-after-ms`` header asks for."""
    if headers is None:
        return None
    millis = headers.get("retry-after-ms")
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


# -- errors ------------------------------------------------------------------------------
def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _detail(body: object, fallback: str, api_key: str | None) -> str:
    """The server's own words about an error, short, without the key."""
    message: object = body
    for _ in range(3):
        if isinstance(message, dict):
            message = message.get("error") or message.get("message") or message.get(
                "detail") or json.dumps(message)[:300]
        elif isinstance(message, list) and message:
            message = message[0]
    text = message if isinstance(message, str) else fallback
    text = " ".join(text.split())[:300]
    if api_key:
        text = text.replace(api_key, "…")
    return text or fallback


def remote_error(exc: BaseException, host: str, api_key: str | None = None, *,
                 base_url: str | None = None, model: str | None = None,
                 started: bool = False) -> RemoteError:
    """The :class:`RemoteError` for ``exc`` raised while talking to ``host``.

    ``started``: the reply had begun streaming (a connection lost now cut the reply).
    """
    if isinstance(exc, RemoteError):
        return exc
    import openai

    if isinstance(exc, openai.APIStatusError):
        return _status_error(exc, host, api_key, base_url, model)
    if isinstance(exc, openai.APITimeoutError):
        if started:
            return RemoteError(tr("{host} stopped sending in the middle of the reply.",
                                  host=host), "idle", host)
        return RemoteError(tr("{host} did not answer in time.", host=host), "timeout", host)
    if isinstance(exc, openai.APIConnectionError):
        return _connection_error(exc, host, started)
    if isinstance(exc, openai.APIResponseValidationError | json.JSONDecodeError):
        return RemoteError(tr("{host} sent something that is not a valid chat answer "
                              "(malformed JSON).", host=host), "malformed", host)
    if isinstance(exc, openai.APIError):  # an error event inside the stream
        detail = _detail(exc.body, exc.message, api_key)
        return RemoteError(tr("{host} reported an error during the reply: {detail}",
                              host=host, detail=detail), "server", host)
    log.warning("unexpected failure talking to %s: %s", host, type(exc).__name__)
    return RemoteError(tr("{host} sent an answer Fireside could not read ({error}).",
                          host=host, error=type(exc).__name__), "malformed", host)


def _status_error(exc: openai.APIStatusError, host: str, api_key: str | None,
                  base_url: str | None, model: str | None) -> RemoteError:
    status = exc.status_code
    detail = _detail(exc.body, exc.message, api_key)
    if status == 401:
        if not api_key:
            return RemoteError(tr("{host} needs an API key (HTTP 401). Add the key in "
                                  "Settings → Providers.", host=host), "auth", host, status)
        return RemoteError(tr("{host} rejected the API key (HTTP 401). Check the key in "
                              "Settings → Providers.", host=host), "auth", host, status)
    if status == 403:
        return RemoteError(tr("{host} refused access (HTTP 403): the API key is not allowed "
                              "to use this.", host=host), "forbidden", host, status)
    if status == 404:
        if model and "model" in detail.casefold():
            return RemoteError(tr("{host} does not know the model “{model}” (HTTP 404). "
                                  "Test the connection in Settings → Providers to see its "
                                  "models.", host=host, model=model), "unknown_model", host,
                               status)
        return RemoteError(tr("{host} has no OpenAI-compatible API at {url} (HTTP 404). "
                              "Check the base URL: it usually ends in /v1.", host=host,
                              url=base_url or host), "not_found", host, status)
    if status == 429:
        wait = retry_after_seconds(exc.response.headers)
        if wait is not None:
            return RemoteError(tr("{host} is limiting requests (HTTP 429). Try again in "
                                  "{seconds} s.", host=host, seconds=max(1, round(wait))),
                               "rate_limited", host, status, wait)
        return RemoteError(tr("{host} is limiting requests (HTTP 429). Try again in a "
                              "moment.", host=host), "rate_limited", host, status)
    if status >= 500:
        return RemoteError(tr("{host} had a server error (HTTP {status}): {detail}", host=host,
                              status=status, detail=detail), "server", host, status)
    return RemoteError(tr("{host} refused the request (HTTP {status}): {detail}", host=host,
                          status=status, detail=detail), "rejected", host, status)


def _connection_error(exc: BaseException, host: str, started: bool) -> RemoteError:
    chain = list(_chain(exc))
    words = " ".join(str(e) for e in chain)
    if any(isinstance(e, ssl.SSLError) for e in chain) or "SSL" in words:
        if "CERTIFICATE_VERIFY_FAILED" in words:
            return RemoteError(tr("The secure connection to {host} failed: its certificate is "
                                  "not trusted.", host=host), "tls", host)
        return RemoteError(tr("The secure connection to {host} failed (a TLS error). Check "
                              "whether the base URL should start with http:// rather than "
                              "https://.", host=host), "tls", host)
    if started:
        return RemoteError(tr("The connection to {host} was cut in the middle of the reply.",
                              host=host), "cut", host)
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return RemoteError(tr("{host} refused the connection: is the server running, and "
                              "are the address and port right?", host=host), "refused", host)
    if any(isinstance(e, socket.gaierror) for e in chain):
        return RemoteError(tr("The server {host} was not found: check the base URL.",
                              host=host), "dns", host)
    if any("timeout" in type(e).__name__.lower() for e in chain):
        return RemoteError(tr("{host} did not answer in time.", host=host), "timeout", host)
    return RemoteError(tr("{host} could not be reached, or closed the connection without "
                          "an answer.", host=host), "unreachable", host)
