"""The API server page: Fireside's models for other programs, through a local
OpenAI-compatible API — on or off, the port, the address and the key to give those
programs, which web pages may call it, and what it keeps.

The settings themselves apply on OK or Apply, like every page's.  The key is another
matter: it lives in the system's secret store, not in the settings, and Show, Copy and
Regenerate act on it at once, through the window's :class:`~app.ui.api_host.ApiHost`
(which reads and writes the secret store off the GUI thread).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.core.api_settings import ApiServerSettings, is_loopback
from app.ui.api_host import ApiHost, KeyResult, base_url, describe
from app.ui.settings.generation_form import FormError

_ORIGIN = re.compile(r"([a-z][a-z0-9+.-]*)://(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)"
                     r"(?::(\d{1,5}))?/?")


def origin_problem(origin: str) -> bool:
    """``origin`` is not ``scheme://host[:port]`` (the form a browser sends)."""
    match = _ORIGIN.fullmatch(origin.lower())
    return match is None or (match.group(3) is not None
                             and not 0 < int(match.group(3)) < 65536)


class ApiServerPage(QWidget):
    """Edits the API server's part of a copy of the settings; the key through ``host``."""

    def __init__(self, settings: ApiServerSettings, host: ApiHost,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.bound_host = settings.host
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Lets other programs on this computer — editors, scripts, notebooks, agent "
            "tools — use Fireside's models through an OpenAI-compatible API. It listens on "
            "this computer only."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.enabled = QCheckBox(self.tr("Turn on the API server"))
        self.enabled.setChecked(settings.enabled)
        layout.addWidget(self.enabled)
        form = QFormLayout()
        self.port = QSpinBox()
        self.port.setAccessibleName(self.tr("Port"))
        self.port.setRange(1, 65535)
        self.port.setValue(settings.port)
        self.port.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 12)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("Address"), self._address_row())
        form.addRow(self.tr("API key"), self._key_row())
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        form.addRow("", self.key_note)
        self._form = form
        layout.addLayout(form)
        self.require_key = QCheckBox(self.tr("Require the key on this computer too"))
        self.require_key.setChecked(settings.require_key or not is_loopback(settings.host))
        self.require_key.setEnabled(is_loopback(settings.host))
        layout.addWidget(self.require_key)
        layout.addWidget(QLabel(self.tr("Allow requests from these web origins (one per "
                                        "line):")))
        self.origins = QPlainTextEdit()
        self.origins.setAccessibleName(self.tr("Allowed web origins"))
        self.origins.setPlaceholderText("https://example.org")
        self.origins.setPlainText("\n".join(settings.allowed_origins))
        self.origins.setTabChangesFocus(True)
        self.origins.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        layout.addWidget(self.origins)
        origins_note = QLabel(self.tr("Web pages not listed here cannot call the API. Leave it "
                                      "empty unless a web page of yours must."))
        origins_note.setWordWrap(True)
        layout.addWidget(origins_note)
        self.save_chats = QCheckBox(self.tr("Save API conversations as chats"))
        self.save_chats.setChecked(settings.save_chats)
        layout.addWidget(self.save_chats)
        self.share_remote = QCheckBox(self.tr("Offer remote providers' models too (what is "
                                              "sent to them leaves this computer)"))
        self.share_remote.setChecked(settings.share_remote)
        layout.addWidget(self.share_remote)
        self.parallel = QCheckBox(self.tr("Answer several requests together (faster; the same "
                                          "request may then get a slightly different answer)"))
        self.parallel.setChecked(settings.parallel)
        layout.addWidget(self.parallel)
        queue = QFormLayout()
        self.queue_depth = QSpinBox()
        self.queue_depth.setAccessibleName(self.tr("Requests that may wait"))
        self.queue_depth.setRange(1, 1024)
        self.queue_depth.setValue(settings.queue_depth)
        self.queue_depth.setMaximumWidth(self.port.maximumWidth())
        queue.addRow(self.tr("Requests that may wait"), self.queue_depth)
        layout.addLayout(queue)
        self.status = QLabel()
        self.status.setObjectName("apiServerStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.note = QLabel()
        self.note.setObjectName("formNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)
        if not is_loopback(settings.host):
            self._key_says(self.tr("It listens on {host}, so other computers can reach it: "
                                   "every request needs the key.").format(host=settings.host))
        else:
            self._key_says("")
        self.port.valueChanged.connect(self._show_address)
        host.sig_state.connect(self._show_state)
        self._show_address()
        self._show_state()
        if host.key is not None:
            self.key_edit.setText(host.key)

    def _address_row(self) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        self.address = QLineEdit()
        self.address.setReadOnly(True)
        self.address.setAccessibleName(self.tr("Address for other programs"))
        box.addWidget(self.address, 1)
        self.copy_address = QPushButton(self.tr("Copy"))
        self.copy_address.setAccessibleName(self.tr("Copy the address"))
        self.copy_address.clicked.connect(self.copy_url)
        box.addWidget(self.copy_address)
        return row

    def _key_row(self) -> QWidget:
        row = QWidget()
        box = QHBoxLayout(row)
        box.setContentsMargins(0, 0, 0, 0)
        self.key_edit = QLineEdit()
        self.key_edit.setReadOnly(True)
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        # Room for the whole key when shown ("fs-" and 43 more characters).
        self.key_edit.setMinimumWidth(self.key_edit.fontMetrics().horizontalAdvance(
            "fs-" + "M" * 20 + "0" * 26) + 16)
        self.key_edit.setAccessibleName(self.tr("API key"))
        self.key_edit.setPlaceholderText(self.tr("Hidden: Show or Copy reads it"))
        box.addWidget(self.key_edit, 1)
        self.show_key = QPushButton(self.tr("Show"))
        self.show_key.setCheckable(True)
        self.show_key.setAccessibleName(self.tr("Show the API key"))
        self.show_key.toggled.connect(self._toggle_key)
        box.addWidget(self.show_key)
        self.copy_key_button = QPushButton(self.tr("Copy"))
        self.copy_key_button.setAccessibleName(self.tr("Copy the API key"))
        self.copy_key_button.clicked.connect(self.copy_key)
        box.addWidget(self.copy_key_button)
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setAccessibleName(self.tr("Make a new API key"))
        self.regenerate_button.clicked.connect(self.regenerate)
        box.addWidget(self.regenerate_button)
        return row

    # -- what is shown ---------------------------------------------------------------
    def _show_address(self) -> None:
        self.address.setText(base_url(self.bound_host, self.port.value()))

    def _show_state(self) -> None:
        if self.host.serving:
            self.status.setText(self.tr("Serving at {url}").format(url=self.host.url))
        elif self.host.error:
            self.status.setText(self.tr("Not serving: {reason}").format(reason=self.host.error))
        else:
            self.status.setText(self.tr("Not serving."))

    def _key_says(self, text: str) -> None:
        self.key_note.setText(text)
        self._form.setRowVisible(self.key_note, bool(text))

    def _say_where_kept(self) -> None:
        if self.host.settings.key_location == "session":
            self._key_says(self.tr("This system has no secret store, so the key lasts until "
                                   "Fireside quits: give programs the new one after it "
                                   "starts again."))

    def _key_buttons(self, enabled: bool) -> None:
        for button in (self.copy_key_button, self.regenerate_button):
            button.setEnabled(enabled)

    def _with_key(self, then: Callable[[str], None]) -> None:
        """Read (or make) the key off the GUI thread, show it here, then ``then(key)``."""
        self._key_buttons(False)

        def arrived(result: KeyResult) -> None:
            self._key_buttons(True)
            if isinstance(result, Exception):
                self._key_says(describe(result))
                return
            self.key_edit.setText(result)
            self._say_where_kept()
            then(result)

        self.host.fetch_key(arrived)

    def _toggle_key(self, shown: bool) -> None:
        self.show_key.setText(self.tr("Hide") if shown else self.tr("Show"))
        if not shown:
            self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
            return
        self._with_key(lambda _key: self.key_edit.setEchoMode(QLineEdit.EchoMode.Normal)
                       if self.show_key.isChecked() else None)

    # -- actions ---------------------------------------------------------------------
    def copy_url(self) -> str:
        """Copy the address other programs use (``…/v1``)."""
        url = self.address.text()
        QGuiApplication.clipboard().setText(url)
        self.note.setText(self.tr("Copied the address."))
        return url

    def copy_key(self) -> None:
        """Copy the key (made now if there is none yet)."""
        def copy(key: str) -> None:
            QGuiApplication.clipboard().setText(key)
            self.note.setText(self.tr("Copied the API key. Give it only to programs you "
                                      "trust."))

        self._with_key(copy)

    def regenerate(self) -> None:
        """Replace the key, once the user confirms: the old one stops working at once."""
        answer = QMessageBox.question(
            self, self.tr("Make a new API key?"),
            self.tr("Programs that use the current key will be refused until they are given "
                    "the new one."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._key_buttons(False)

        def made(result: KeyResult) -> None:
            self._key_buttons(True)
            if isinstance(result, Exception):
                self._key_says(describe(result))
                return
            self.key_edit.setText(result)
            self._key_says(self.tr("A new key was made; the old one no longer works."))
            self._say_where_kept()

        self.host.regenerate_key(made)

    # -- saving ----------------------------------------------------------------------
    def allowed_origins(self) -> list[str]:
        """The origins as typed, checked and tidied; :class:`FormError` names a bad one."""
        origins: list[str] = []
        for line in self.origins.toPlainText().splitlines():
            origin = line.strip()
            if not origin:
                continue
            if "*" in origin:
                raise FormError(self.tr("“{origin}”: a wildcard is not allowed; list each web "
                                        "origin.").format(origin=origin))
            if origin_problem(origin):
                raise FormError(self.tr("“{origin}” is not a web origin: write "
                                        "scheme://host or scheme://host:port, e.g. "
                                        "https://example.org.").format(origin=origin))
            tidy = origin.lower().rstrip("/")
            if tidy not in origins:
                origins.append(tidy)
        return origins

    def apply_to(self, settings: ApiServerSettings) -> None:
        """Write the page into ``settings`` (FormError if an origin is wrong; nothing is
        written then)."""
        origins = self.allowed_origins()
        settings.enabled = self.enabled.isChecked()
        settings.port = self.port.value()
        if is_loopback(settings.host):  # elsewhere the key is always required
            settings.require_key = self.require_key.isChecked()
        settings.allowed_origins = origins
        settings.save_chats = self.save_chats.isChecked()
        settings.share_remote = self.share_remote.isChecked()
        settings.parallel = self.parallel.isChecked()
        settings.queue_depth = self.queue_depth.value()
