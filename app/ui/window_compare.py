"""The main window's Compare window (Chat → Compare models…): opened once and kept, its
model list kept current, and a comparison continued as a chat opened here."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app.ui.compare_window import CompareWindow
from app.ui.window_base import WindowBase


class CompareMixin(WindowBase):
    """Opens :class:`~app.ui.compare_window.CompareWindow` for
    :class:`~app.ui.main_window.MainWindow` and keeps it in step with the window."""

    compare_window: CompareWindow | None = None
    compare_action: QAction

    def add_compare_action(self, menu: QMenu) -> None:
        """Chat → Compare models… (Ctrl+Shift+M)."""
        menu.addSeparator()
        self.compare_action = QAction(self.tr("Co&mpare models…"), self)
        self.compare_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.compare_action.triggered.connect(lambda: self.open_compare_window())
        menu.addAction(self.compare_action)

    def open_compare_window(self) -> CompareWindow:
        """Show the Compare window (made on first use) with the models as they are now."""
        if self.compare_window is None:
            self.compare_window = CompareWindow(self.ctx, self.host, self.provider_store.secrets,
                                                lambda: self.providers, self)
            self.compare_window.sig_open_chat.connect(self._open_compared_chat)
            self.compare_window.sig_running.connect(self._on_comparing)
        elif not self.compare_window.running:
            self.compare_window.refresh()
        self.compare_window.show()
        self.compare_window.raise_()
        self.compare_window.activateWindow()
        return self.compare_window

    def _open_compared_chat(self, conversation_id: str) -> None:
        self.refresh_chat_list()
        self.open_chat(conversation_id)
        self.raise_()
        self.activateWindow()

    def _on_comparing(self, running: bool) -> None:
        if running:
            self.statusBar().showMessage(self.tr(
                "Comparing models: a chat reply waits its turn on the model thread."))
        else:
            self.statusBar().clearMessage()

    def shutdown_compare(self) -> None:
        if self.compare_window is not None:
            self.compare_window.shutdown()
