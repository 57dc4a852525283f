"""The main window's remote models: providers' models in the picker, grouped under their
provider, the mark that messages leave this computer (and for which host), and replies
through :class:`~app.ui.remote_host.RemoteHost`."""

from __future__ import annotations

import logging

from PySide6.QtGui import QStandardItemModel

from app.core.installed import InstalledModel
from app.core.network import is_offline
from app.core.providers import (
    REMOTE_PREFIX,
    Provider,
    ProviderStore,
    RemoteModel,
    remote_model_by_id,
    remote_models,
)
from app.core.texts import UserError
from app.ui.i18n import say
from app.ui.remote_host import RemoteHost
from app.ui.window_base import WindowBase

log = logging.getLogger(__name__)

ReplyModel = InstalledModel | RemoteModel  # what answers: a local model or a remote one


class RemoteMixin(WindowBase):
    """Remote models for :class:`~app.ui.main_window.MainWindow`.

    Keeps ``providers`` (from their own file), ``remote_host`` (replies on worker threads)
    and ``remote_model`` (the remote model chosen in the picker; None: a local one).
    """

    def setup_remote(self) -> None:
        """Read the providers and start the remote host (once, from ``__init__``)."""
        self.provider_store = ProviderStore.for_paths(self.ctx.paths)
        try:
            self.providers = self.provider_store.load()
        except (UserError, OSError) as exc:  # the window opens without them, and says why
            self.providers = []
            self.banner.show_message(say(exc))
        self.remote_model = None
        self.remote_host = RemoteHost(self.provider_store.secrets, self)
        self.remote_host.sig_text.connect(self._on_text)
        self.remote_host.sig_finished.connect(self._on_finished)
        self.remote_host.sig_failed.connect(self._on_failed)
        self.remote_host.sig_titled.connect(self._on_titled)

    def remote_model_names(self) -> dict[str, str]:
        return {model.id: model.name for model in remote_models(self.providers)}

    def add_remote_models_to_picker(self) -> None:
        """Each provider's models below the local ones, under a heading naming the host;
        off (with the reason) in offline mode."""
        items = self.model_picker.model()
        assert isinstance(items, QStandardItemModel)
        offline = is_offline()
        for provider in self.providers:
            if not provider.all_models():
                continue
            self.model_picker.insertSeparator(self.model_picker.count())
            self.model_picker.addItem(self.tr("{provider} — messages go to {host}").format(
                provider=provider.name, host=provider.host))
            heading = items.item(self.model_picker.count() - 1)
            heading.setEnabled(False)
            for model in remote_models([provider]):
                self.model_picker.addItem(f"↗ {model.model}", model.id)
                item = items.item(self.model_picker.count() - 1)
                if offline:
                    item.setEnabled(False)
                    item.setToolTip(self.tr("Offline mode is on, so remote models are off "
                                            "(Settings → General)."))
                else:
                    item.setToolTip(self.tr("Messages to {model} leave this computer: they go "
                                            "to {host}.").format(model=model.ref,
                                                                 host=model.host))
        chosen = remote_model_by_id(self.providers, self.ctx.settings.selected_model)
        if chosen is not None and not offline:
            self._show_remote(chosen)
        elif self.remote_model is not None:
            self.use_local_model()

    def pick_remote_model(self, model: RemoteModel) -> None:
        """Answer with ``model`` from now on (the local model stays loaded)."""
        if self.stream is not None:
            self.stop()
        self.ctx.settings.selected_model = model.id
        self.save_settings()
        self._show_remote(model)

    def _show_remote(self, model: RemoteModel) -> None:
        self.remote_model = model
        index = self.model_picker.findData(model.id)
        if index >= 0:
            self.model_picker.setCurrentIndex(index)
        self.remote_mark.setText(self.tr("↗ Messages go to {host}").format(host=model.host))
        self.remote_mark.setToolTip(self.tr(
            "{model} runs on {host}, not on this computer: what you send in this chat leaves "
            "this computer.").format(model=model.ref, host=model.host))
        self.remote_mark.show()
        self._set_state(self.tr("remote"))
        self.show_model_in_use()

    def use_local_model(self) -> None:
        """Back to the local model (the picker chose one)."""
        self.remote_model = None
        self.remote_mark.hide()
        self.show_model_in_use()

    def remote_model_for(self, model_id: str | None) -> RemoteModel | None:
        """The remote model a chat or a message names, if its provider is still here."""
        if not model_id or not model_id.startswith(REMOTE_PREFIX):
            return None
        return remote_model_by_id(self.providers, model_id)

    def providers_changed(self, providers: object) -> None:
        """The Providers page saved a new list: engines are made again, the picker too."""
        assert isinstance(providers, list)
        self.providers = [p for p in providers if isinstance(p, Provider)]
        self.remote_host.forget()
        if self.remote_model is not None and \
                remote_model_by_id(self.providers, self.remote_model.id) is None:
            self.use_local_model()
        self.refresh_models()
