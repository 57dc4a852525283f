"""The Providers page: remote OpenAI-compatible servers — add, edit, remove, test.

Each provider has a name, a base URL and an optional API key.  Test connection
lists the server's models (``GET /v1/models``, off the GUI thread); a model can
also be typed by its id.  Nothing is saved until OK or Apply (:meth:`apply`):
then keys go to the system's secret store (:mod:`app.core.secrets`) — or, where
there is none, are kept for this session only unless the user ticks the plain
file — and the providers to ``providers.json``.  A key is never shown unless the
user asks (Show), and never written to the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.providers import (
    Provider,
    ProviderError,
    ProviderStore,
    check_name,
    is_loopback,
    list_models,
    normalize_base_url,
)
from app.core.remote_client import RemoteError
from app.core.secrets import KeyLocation, SecretsError, keyring_status
from app.ui.background import Background, BackgroundFailure
from app.ui.i18n import say
from app.ui.settings.generation_form import FormError

_EXPECTED = (RemoteError, SecretsError, ProviderError)


@dataclass
class _Entry:
    """A provider being edited: its saved name (None: new) and a key typed here."""

    provider: Provider
    original: str | None
    key: str = ""
    forget_key: bool = False


class ProvidersPage(QWidget):
    """Edits a copy of the providers; :meth:`apply` saves them and their keys.

    Signals:
        sig_changed(object): the saved list of :class:`Provider` (after OK or Apply).
    """

    sig_changed = Signal(object)

    def __init__(self, store: ProviderStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.secrets = store.secrets
        self.entries = [_Entry(p.model_copy(deep=True), p.name) for p in store.load()]
        self._removed: list[tuple[str, KeyLocation]] = []
        self.background = Background(self)
        self.keyring = keyring_status()
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Providers"))
        self.list.currentRowChanged.connect(self._show)
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add a provider"))
        self.add_button.clicked.connect(self.add_provider)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the provider"))
        self.remove_button.clicked.connect(self.remove_provider)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        left.addLayout(buttons)
        layout.addLayout(left, 1)
        self.editor = QWidget()
        layout.addWidget(self.editor, 2)
        self._build_editor(QVBoxLayout(self.editor))
        self._fill(0)

    def _build_editor(self, right: QVBoxLayout) -> None:
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Provider name"))
        self.name_edit.textEdited.connect(self._edited)
        form.addRow(self.tr("Name"), self.name_edit)
        self.url_edit = QLineEdit()
        self.url_edit.setAccessibleName(self.tr("Base URL"))
        self.url_edit.setPlaceholderText("http://127.0.0.1:8080/v1")
        self.url_edit.textEdited.connect(self._edited)
        form.addRow(self.tr("Base URL"), self.url_edit)
        key_row = QHBoxLayout()
        self.key_edit = QLineEdit()
        self.key_edit.setAccessibleName(self.tr("API key"))
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.textEdited.connect(self._key_edited)
        key_row.addWidget(self.key_edit, 1)
        self.show_key = QPushButton(self.tr("Show"))
        self.show_key.setCheckable(True)
        self.show_key.setAccessibleName(self.tr("Show the API key"))
        self.show_key.toggled.connect(self._toggle_key)
        key_row.addWidget(self.show_key)
        self.forget_button = QPushButton(self.tr("Forget the key"))
        self.forget_button.clicked.connect(self.forget_key)
        key_row.addWidget(self.forget_button)
        form.addRow(self.tr("API key"), key_row)
        self.key_note = QLabel()
        self.key_note.setWordWrap(True)
        form.addRow("", self.key_note)
        right.addLayout(form)
        self.host_note = QLabel()
        self.host_note.setWordWrap(True)
        right.addWidget(self.host_note)
        test_row = QHBoxLayout()
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        test_row.addWidget(self.test_button)
        self.status = QLabel()
        self.status.setWordWrap(True)
        test_row.addWidget(self.status, 1)
        right.addLayout(test_row)
        self.models = QListWidget()
        self.models.setAccessibleName(self.tr("Models of this provider"))
        right.addWidget(self.models, 1)
        typed = QHBoxLayout()
        self.model_edit = QLineEdit()
        self.model_edit.setAccessibleName(self.tr("Model id"))
        self.model_edit.setPlaceholderText(self.tr("Type a model id, e.g. llama3.1:8b"))
        self.model_edit.returnPressed.connect(self.add_model)
        typed.addWidget(self.model_edit, 1)
        self.add_model_button = QPushButton(self.tr("Add model"))
        self.add_model_button.clicked.connect(self.add_model)
        typed.addWidget(self.add_model_button)
        self.remove_model_button = QPushButton(self.tr("Remove model"))
        self.remove_model_button.clicked.connect(self.remove_model)
        typed.addWidget(self.remove_model_button)
        right.addLayout(typed)
        self.plain_file = QCheckBox(self.tr("Keep keys in a plain file instead (not "
                                            "recommended)"))
        self.plain_file.setVisible(not self.keyring.available)
        self.plain_file.toggled.connect(self._show_keyring_note)
        right.addWidget(self.plain_file)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        right.addWidget(self.keyring_note)
        self.note = QLabel()
        self.note.setObjectName("formNote")
        self.note.setWordWrap(True)
        right.addWidget(self.note)
        self._show_keyring_note()

    # -- the list ----------------------------------------------------------------------
    def current(self) -> _Entry | None:
        row = self.list.currentRow()
        return self.entries[row] if 0 <= row < len(self.entries) else None

    def _fill(self, row: int) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for entry in self.entries:
            self.list.addItem(QListWidgetItem(entry.provider.name or self.tr("(no name)")))
        self.list.blockSignals(False)
        self.list.setCurrentRow(max(-1, min(row, len(self.entries) - 1)))
        self._show(self.list.currentRow())

    def _show(self, row: int) -> None:
        entry = self.current()
        self.editor.setEnabled(entry is not None)
        self.remove_button.setEnabled(entry is not None)
        self.status.clear()
        if entry is None:
            for edit in (self.name_edit, self.url_edit, self.key_edit):
                edit.clear()
            self.models.clear()
            self.key_note.clear()
            self.host_note.setText(self.tr("Add a provider: any server with an OpenAI-compatible "
                                           "API (llama.cpp, Ollama, LM Studio, vLLM, OpenAI…)."))
            return
        self.name_edit.setText(entry.provider.name)
        self.url_edit.setText(entry.provider.base_url)
        self.key_edit.setText(entry.key)
        self._show_models(entry)
        self._show_key_note(entry)
        self._show_host(entry)

    def _show_models(self, entry: _Entry) -> None:
        self.models.clear()
        typed = set(entry.provider.typed_models) - set(entry.provider.models)
        for model in entry.provider.all_models():
            label = self.tr("{model}  (typed)").format(model=model) if model in typed else model
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, model)
            self.models.addItem(item)

    def _show_key_note(self, entry: _Entry) -> None:
        if entry.key:
            text = self.tr("The new key is saved when you press OK or Apply.")
        elif entry.forget_key or entry.provider.key_location == "none":
            text = self.tr("No key: requests are sent without one.")
        else:
            text = {"keyring": self.tr("A key is kept in the system's secret store; type a new "
                                       "one to replace it."),
                    "session": self.tr("A key is kept for this session only; type it again "
                                       "after Fireside restarts."),
                    "file": self.tr("A key is kept in a plain file; type a new one to replace "
                                    "it.")}[entry.provider.key_location]
        self.key_note.setText(text)
        self.forget_button.setEnabled(bool(entry.key) or (
            entry.provider.key_location != "none" and not entry.forget_key))

    def _show_host(self, entry: _Entry) -> None:
        try:
            url = normalize_base_url(entry.provider.base_url)
        except ProviderError:
            self.host_note.clear()
            return
        host = Provider(name="-", base_url=url).host
        if is_loopback(url):
            self.host_note.setText(self.tr("Messages to these models go to a server on this "
                                           "computer ({host}).").format(host=host))
        else:
            self.host_note.setText(self.tr("Messages to these models leave this computer: they "
                                           "are sent to {host}.").format(host=host))

    def _show_keyring_note(self) -> None:
        text = say(self.keyring.note)
        if self.plain_file.isChecked():
            text += " " + self.tr("Warning: keys typed now are kept unencrypted in {file}; "
                                  "anyone who can read that file can use them.").format(
                file=self.secrets.plain_file)
        self.keyring_note.setText(text)

    # -- editing ---------------------------------------------------------------------
    def _edited(self) -> None:
        entry = self.current()
        if entry is None:
            return
        entry.provider.name = self.name_edit.text().strip()
        entry.provider.base_url = self.url_edit.text().strip()
        item = self.list.currentItem()
        if item is not None:
            item.setText(entry.provider.name or self.tr("(no name)"))
        self._show_host(entry)

    def _key_edited(self, text: str) -> None:
        entry = self.current()
        if entry is not None:
            entry.key = text.strip()
            entry.forget_key = False
            self._show_key_note(entry)

    def _toggle_key(self, shown: bool) -> None:
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Normal if shown
                                  else QLineEdit.EchoMode.Password)
        self.show_key.setText(self.tr("Hide") if shown else self.tr("Show"))

    def forget_key(self) -> None:
        entry = self.current()
        if entry is not None:
            entry.key = ""
            entry.forget_key = True
            self.key_edit.clear()
            self._show_key_note(entry)

    def add_provider(self) -> Provider:
        names = {e.provider.name.casefold() for e in self.entries}
        number = 1
        while f"provider {number}" in names:
            number += 1
        provider = Provider(name=self.tr("Provider {number}").format(number=number),
                            base_url="http://127.0.0.1:8080/v1")
        self.entries.append(_Entry(provider, None))
        self._fill(len(self.entries) - 1)
        self.name_edit.setFocus()
        self.name_edit.selectAll()
        return provider

    def remove_provider(self) -> None:
        entry = self.current()
        if entry is None:
            return
        if entry.original is not None:
            self._removed.append((entry.original, entry.provider.key_location))
        row = self.list.currentRow()
        self.entries.remove(entry)
        self._fill(row - 1 if row > 0 else 0)

    def add_model(self) -> None:
        entry, model = self.current(), self.model_edit.text().strip()
        if entry is None or not model:
            return
        if model not in entry.provider.all_models():
            entry.provider.typed_models = [*entry.provider.typed_models, model]
        self.model_edit.clear()
        self._show_models(entry)

    def remove_model(self) -> None:
        entry, item = self.current(), self.models.currentItem()
        if entry is None or item is None:
            return
        model = item.data(Qt.ItemDataRole.UserRole)
        entry.provider.typed_models = [m for m in entry.provider.typed_models if m != model]
        entry.provider.models = [m for m in entry.provider.models if m != model]
        self._show_models(entry)

    # -- testing ---------------------------------------------------------------------
    def test_connection(self) -> None:
        """List the server's models in the background; the list fills when they arrive."""
        entry = self.current()
        if entry is None:
            return
        try:
            url = normalize_base_url(entry.provider.base_url)
        except ProviderError as exc:
            self.status.setText(say(exc))
            return
        probe = entry.provider.model_copy(update={"base_url": url})
        typed, original, location = entry.key, entry.original, entry.provider.key_location
        if entry.forget_key:
            location = "none"

        def work() -> list[str]:
            key = typed or (self.secrets.get(original, location) if original else None)
            return list_models(probe, key)

        self.test_button.setEnabled(False)
        self.status.setText(self.tr("Connecting to {host}…").format(host=probe.host))
        self.background.run(work, lambda result: self._tested(entry, result), _EXPECTED)

    def _tested(self, entry: _Entry, result: list[str] | Exception) -> None:
        self.test_button.setEnabled(True)
        shown = self.current() is entry
        if isinstance(result, Exception):
            if shown:
                message = str(result) if isinstance(result, BackgroundFailure) else say(result)
                self.status.setText(message)
            return
        entry.provider.models = result
        if shown:
            self.status.setText(self.tr("Connected: %n model(s).", "", len(result)))
            self._show_models(entry)

    # -- saving ----------------------------------------------------------------------
    def validate(self) -> list[Provider]:
        """The providers as edited, checked; :class:`FormError` names the first problem."""
        providers: list[Provider] = []
        for row, entry in enumerate(self.entries):
            try:
                name = check_name(entry.provider.name, providers)
                url = normalize_base_url(entry.provider.base_url)
            except ProviderError as exc:
                self.list.setCurrentRow(row)
                raise FormError(self.tr("{provider}: {problem}").format(
                    provider=entry.provider.name or self.tr("(no name)"),
                    problem=say(exc))) from None
            providers.append(entry.provider.model_copy(update={"name": name, "base_url": url}))
        return providers

    def apply(self) -> bool:
        """Save the providers and their keys; False (with the reason shown) if they
        cannot be saved.  Raises :class:`FormError` for a field to fix."""
        providers = self.validate()
        plain = self.plain_file.isChecked() and not self.keyring.available
        try:
            kept = {p.name for p in providers}
            for name, location in self._removed:
                if name not in kept:
                    self.secrets.delete(name, location)
            self._removed.clear()
            for entry, provider in zip(self.entries, providers, strict=True):
                provider.key_location = self._save_key(entry, provider, plain)
                entry.provider = provider.model_copy(deep=True)
                entry.original, entry.key, entry.forget_key = provider.name, "", False
            self.store.save(providers)
        except (ProviderError, SecretsError) as exc:
            self.note.setText(say(exc))
            return False
        self.note.clear()
        self.key_edit.clear()
        self._fill(self.list.currentRow())
        self.sig_changed.emit([p.model_copy(deep=True) for p in providers])
        return True

    def _save_key(self, entry: _Entry, provider: Provider, plain: bool) -> KeyLocation:
        location = provider.key_location
        if entry.original is not None and entry.original != provider.name:
            location = self.secrets.move(entry.original, provider.name, location)
        if entry.forget_key or entry.key:
            self.secrets.delete(provider.name, location)
            location = "none"
        if entry.key:
            location = self.secrets.store(provider.name, entry.key, plain_file=plain)
        return location
