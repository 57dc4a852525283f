"""Offline mode: one switch that keeps Fireside off the network entirely.

Every way Fireside reaches the network passes one of two doors —
:func:`app.core.downloads.check_url` (downloads, catalog refresh) and the
Hugging Face client factory in :mod:`app.core.hub` (search, file lists) —
and both ask :func:`require_network` first.  With offline mode on they refuse
before any socket is opened, with a message that says why and how to change
it.  Nothing is contacted at start-up in any case.
"""

from __future__ import annotations

from app.core.texts import Text, UserError, tr

_state = {"offline": False}


class OfflineError(UserError):
    """The network was asked for while offline mode is on; :attr:`text` says why."""


def set_offline(offline: bool) -> None:
    _state["offline"] = bool(offline)


def is_offline() -> bool:
    return _state["offline"]


def require_network(what: Text) -> None:
    """Raise :class:`OfflineError` (naming ``what``) when offline mode is on."""
    if _state["offline"]:
        raise OfflineError(tr("Offline mode is on, so Fireside uses no network at all: {what} "
                              "is off. Turn offline mode off in Settings → General to use it.",
                              what=what))
