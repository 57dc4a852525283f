"""The list of past chats on the left, newest first."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.core.conversation import Conversation

_ID_ROLE = Qt.ItemDataRole.UserRole


class ChatList(QListWidget):
    """Past chats; clicking one asks for it to be opened.

    Signals:
        sig_open(str): the id of the chat the user picked.
    """

    sig_open = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatList")
        self.setAccessibleName("Chats")
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_clicked)

    def set_conversations(self, conversations: list[Conversation],
                          current_id: str | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        for conversation in conversations:
            item = QListWidgetItem(conversation.title)
            item.setData(_ID_ROLE, conversation.id)
            item.setToolTip(time.strftime("%Y-%m-%d %H:%M",
                                          time.localtime(conversation.updated_at)))
            self.addItem(item)
            if conversation.id == current_id:
                self.setCurrentItem(item)
        self.blockSignals(False)

    def ids(self) -> list[str]:
        return [self.item(i).data(_ID_ROLE) for i in range(self.count())]

    def item_for(self, conversation_id: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(_ID_ROLE) == conversation_id:
                return self.item(i)
        return None

    def _on_clicked(self, item: QListWidgetItem) -> None:
        self.sig_open.emit(item.data(_ID_ROLE))
