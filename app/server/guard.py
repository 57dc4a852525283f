"""The checks every request passes before it is routed: :class:`Guard` (ASGI middleware).

1. ``Host`` must name this computer: ``localhost``, a loopback address, or the address the
   server listens on.  A web page on some domain that its DNS points at 127.0.0.1 (DNS
   rebinding) sends its own domain here, and is refused.  Listening on every address
   (0.0.0.0), any IP address is accepted (rebinding needs a name), and of names only
   this computer's own (its host name and ``NAME.local``).
2. A browser's ``Origin`` must be one the user listed; otherwise the request is refused
   before anything runs (a CORS header alone would only hide the answer from the page,
   after the model had answered).  Preflights of listed origins are answered with that
   origin — never ``*``, with the headers it asks to send — and other preflights are
   refused.  A request a browser marks
   as cross-site (``Sec-Fetch-Site``) without a listed origin is refused too.
3. The key (``Authorization: Bearer …``), where it is required, compared in constant time.

A request with two ``Host`` or two ``Origin`` headers is refused (which would count?), and
a WebSocket, which nothing here serves, is closed before it reaches the app.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.api_key import key_matches
from app.core.api_settings import LOOPBACK_NAMES, is_loopback
from app.server.errors import error_response

ALLOWED_HEADERS = "Authorization, Content-Type, OpenAI-Organization, OpenAI-Project"
OPEN_PATHS = ("/health",)  # no key needed (it says only that the server is up)


def _allowed_headers(requested: str) -> str:
    """The headers a listed origin may send: ours, and those its preflight asks for
    (clients such as the OpenAI JavaScript library add their own ``x-stainless-*``)."""
    asked = [h.strip() for h in requested.split(",")[:32]]
    names = [h for h in asked if h and len(h) <= 64 and all(c.isalnum() or c in "-_"
                                                             for c in h)]
    return ", ".join(dict.fromkeys([*ALLOWED_HEADERS.split(", "), *names]))


def this_computers_names() -> frozenset[str]:
    """The names another computer may use for this one (its host name, and .local)."""
    import socket

    name = socket.gethostname().lower()  # (no DNS lookup: nothing leaves this computer)
    names = {name, f"{name.split('.')[0]}.local"}
    return frozenset(n for n in names if n)


def normalize_origin(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def _host_name(host_header: str) -> str | None:
    """The host of a ``Host`` header (no port; IPv6 without brackets), or None if bad."""
    value = host_header.strip().lower()
    if not value or any(c.isspace() or c in "/\\@?#" for c in value):
        return None
    if value.startswith("["):
        end = value.find("]")
        rest = value[end + 1:] if end >= 0 else ""
        if end < 0 or (rest and not (rest[0] == ":" and rest[1:].isdigit())):
            return None
        return value[1:end]
    name, _, port = value.partition(":")
    if port and not port.isdigit():
        return None
    return name


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return False


@dataclass
class GuardRules:
    """What the guard lets through (read on every request, so changes apply at once).

    Attributes:
        bound_host: the address the server listens on.
        key: the current key (a function: it can be replaced while serving).
        key_required: the key is asked for (always when not on loopback).
        origins: the web origins the user allows.
    """

    bound_host: str
    key: Callable[[], str]
    key_required: Callable[[], bool]
    origins: Callable[[], list[str]] = field(default=lambda: [])
    names: frozenset[str] = field(default_factory=this_computers_names)

    def host_allowed(self, name: str) -> bool:
        if name in LOOPBACK_NAMES or is_loopback(name) or name == self.bound_host.lower():
            return True
        wildcard = self.bound_host in ("0.0.0.0", "::", "")
        return wildcard and (_is_ip(name) or name in self.names)

    def origin_allowed(self, origin: str) -> bool:
        wanted = normalize_origin(origin)
        return wanted != "null" and wanted in {normalize_origin(o) for o in self.origins()}


class Guard:
    """ASGI middleware enforcing :class:`GuardRules` before ``app`` sees a request."""

    def __init__(self, app: ASGIApp, rules: GuardRules) -> None:
        self.app = app
        self.rules = rules

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":  # none are served; not one passes unchecked
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal, origin = self._check(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if origin is None:
            await self.app(scope, receive, send)
            return

        async def send_with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"access-control-allow-origin", origin.encode("latin-1")),
                            (b"vary", b"Origin")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    def _check(self, scope: Scope) -> tuple[Response | None, str | None]:
        """A refusal (or a preflight's answer), and the allowed origin to echo."""
        headers = Headers(scope=scope)
        if len(headers.getlist("host")) > 1 or len(headers.getlist("origin")) > 1:
            return error_response(400, "The request has more than one Host or Origin "
                                       "header.", code="invalid_headers"), None
        name = _host_name(headers.get("host", ""))
        if name is None or not self.rules.host_allowed(name):
            return error_response(403, "The Host header must name this computer (localhost "
                                       "or the server's address).", code="host_not_allowed"), None
        origin = headers.get("origin")
        if origin is not None and not self.rules.origin_allowed(origin):
            return error_response(403, "Requests from this web origin are not allowed. Add "
                                       "it in Fireside's API server settings to allow it.",
                                  code="origin_not_allowed"), None
        if origin is None and headers.get("sec-fetch-site") in ("cross-site", "same-site"):
            return error_response(403, "Cross-site requests are not allowed.",
                                  code="origin_not_allowed"), None
        if scope["method"] == "OPTIONS":
            if origin is None:
                return error_response(405, "OPTIONS is only answered to allowed web "
                                           "origins.", code="method_not_allowed"), None
            return Response(status_code=204, headers={
                "Access-Control-Allow-Origin": origin,
                "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
                "Access-Control-Allow-Headers": _allowed_headers(
                    headers.get("access-control-request-headers", "")),
                "Access-Control-Max-Age": "600", "Vary": "Origin"}), None
        if scope["path"] not in OPEN_PATHS and self.rules.key_required():
            scheme, _, given = headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not key_matches(given.strip(), self.rules.key()):
                return error_response(
                    401, "Incorrect API key provided. Fireside's key is in Settings → API "
                         "server (or `fireside serve --show-key`).", kind="invalid_request_error",
                    code="invalid_api_key"), origin
        return None, origin
