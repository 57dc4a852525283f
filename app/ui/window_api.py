"""The main window's API server: started with the window when the settings say so,
restarted or stopped when they change, stopped when the window closes; its state in the
status line; the chat list read again when API chats are saved.

The server itself is :class:`~app.ui.api_host.ApiHost`'s; it runs its model jobs on the
window's model thread (:class:`~app.ui.model_host.ModelHost`), in turn with the
window's own replies.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.core.api_settings import ApiServerSettings
from app.ui.api_host import ApiHost
from app.ui.window_base import WindowBase


class ApiMixin(WindowBase):
    """The API server for :class:`~app.ui.main_window.MainWindow`.

    Keeps ``api_host`` (the server and its key) and ``api_status`` (its part of the
    status line, shown while the server is turned on).
    """

    api_host: ApiHost
    api_status: ApiStatus

    def setup_api(self) -> None:
        """Make the host and its status label; serve now if the settings say so (once,
        from ``__init__``, after the providers' store is made)."""
        self.api_host = ApiHost(self.ctx, self.host, self.provider_store.secrets,
                                self.save_settings, self)
        self.api_status = ApiStatus(self.api_host)
        self.statusBar().addPermanentWidget(self.api_status)
        self._api_problem: str | None = None  # the banner's message, while it is ours
        self.api_host.sig_problem.connect(self._show_api_problem)
        self.api_host.sig_state.connect(self._clear_api_problem)
        self.api_host.sig_chats_changed.connect(self._api_chats_changed)
        self.api_host.apply()

    def api_requests_in_flight(self) -> int:
        return self.api_host.in_flight

    def _show_api_problem(self, text: str) -> None:
        self._api_problem = text
        self.banner.show_message(text)

    def _clear_api_problem(self) -> None:
        """Serving now: a message of ours about why it could not is out of date."""
        if (self.api_host.serving and self._api_problem is not None
                and self.banner.label.text() == self._api_problem):
            self.banner.hide()
        if self.api_host.serving:
            self._api_problem = None

    def api_settings_applied(self, old: ApiServerSettings) -> None:
        """The settings window applied new settings (``old``: the API server's before)."""
        self.api_host.apply(turned_on=self.ctx.settings.api_server.enabled and not old.enabled)

    def _api_chats_changed(self) -> None:
        if not self._closed:
            self.refresh_chat_list()


class ApiStatus(QLabel):
    """The API server's part of the status line: where it serves and how many requests
    it is answering; "not serving" (the reason in the tooltip) if it could not start;
    hidden while it is turned off.

    A widget of its own, not text of the window's: a sentence with a count finds its
    English forms under its own class only.
    """

    def __init__(self, host: ApiHost) -> None:
        super().__init__()
        self.setObjectName("apiStatus")
        self.host = host
        host.sig_state.connect(self.show_state)
        host.sig_activity.connect(self.show_state)
        self.show_state()

    def show_state(self, *_args: object) -> None:
        host = self.host
        if host.serving:
            text = self.tr("API: serving at {url}").format(url=host.url)
            answering = host.in_flight
            if answering:
                text += "  ·  " + self.tr("answering %n request(s)", "", answering)
            self.setToolTip(self.tr("Other programs on this computer can use Fireside's "
                                    "models at {url}.").format(url=host.url))
        elif host.error:
            text = self.tr("API: not serving")
            self.setToolTip(host.error)
        else:
            self.setText("")
            self.hide()
            return
        self.setText(text)
        self.setAccessibleName(text)
        self.show()
