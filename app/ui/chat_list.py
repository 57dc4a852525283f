"""The list of past chats on the left: pinned first, then grouped by date.

Headings (Pinned, Today, Yesterday, Previous 7 days, Previous 30 days, then
months) are list items that cannot be selected.  A chat's context menu — and
F2 / Delete — renames, pins or deletes it; the window does the work.  While
the search box has text, the list shows search hits instead, each with the
matching words in context.  Chats saved from the API server (other programs' requests)
are marked "API", in the text a screen reader reads too.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QMenu, QWidget

from app.core.api_chats import ORIGIN as API_ORIGIN
from app.core.chat_groups import PINNED, date_group
from app.core.conversation import Conversation
from app.core.storage import SearchHit
from app.ui.i18n import QT_TRANSLATE_NOOP

_ID_ROLE = Qt.ItemDataRole.UserRole
_MESSAGE_ROLE = Qt.ItemDataRole.UserRole + 1
_PINNED_ROLE = Qt.ItemDataRole.UserRole + 2
_ORIGIN_ROLE = Qt.ItemDataRole.UserRole + 3

_GROUPS = {PINNED: QT_TRANSLATE_NOOP("ChatList", "Pinned"),  # translated where shown
           "Today": QT_TRANSLATE_NOOP("ChatList", "Today"),
           "Yesterday": QT_TRANSLATE_NOOP("ChatList", "Yesterday"),
           "Previous 7 days": QT_TRANSLATE_NOOP("ChatList", "Previous 7 days"),
           "Previous 30 days": QT_TRANSLATE_NOOP("ChatList", "Previous 30 days")}


class ChatList(QListWidget):
    """Past chats; picking one asks for it to be opened.

    Signals:
        sig_open(str, object): chat id, and the message id to show (or None).
        sig_rename(str): rename this chat.
        sig_pin(str, bool): pin (True) or unpin this chat.
        sig_delete(str): delete this chat (the window confirms).
        sig_system_prompt(str): edit this chat's own system prompt.
    """

    sig_open = Signal(str, object)
    sig_rename = Signal(str)
    sig_pin = Signal(str, bool)
    sig_delete = Signal(str)
    sig_system_prompt = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatList")
        self.setAccessibleName(self.tr("Chats"))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setWordWrap(False)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        self.itemClicked.connect(self._on_clicked)
        self.itemActivated.connect(self._on_clicked)
        self.showing_search = False

    # -- contents -----------------------------------------------------------
    def _heading(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        font = QFont(self.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 0.9)
        item.setFont(font)
        self.addItem(item)

    def set_conversations(self, conversations: list[Conversation],
                          current_id: str | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        self.showing_search = False
        now = time.time()
        heading = None
        for conversation in conversations:
            group = PINNED if conversation.pinned else date_group(conversation.updated_at, now)
            if group != heading:
                self._heading(self._group_label(group, conversation.updated_at))
                heading = group
            item = QListWidgetItem(("📌 " if conversation.pinned else "") + conversation.title)
            item.setData(_ID_ROLE, conversation.id)
            item.setData(_PINNED_ROLE, conversation.pinned)
            item.setToolTip(f"{conversation.title}\n" + time.strftime(
                "%Y-%m-%d %H:%M", time.localtime(conversation.updated_at)))
            if conversation.origin == API_ORIGIN:
                self._mark_api(item, conversation.title)
            self.addItem(item)
            if conversation.id == current_id:
                self.setCurrentItem(item)
        self.blockSignals(False)

    def _group_label(self, group: str, timestamp: float) -> str:
        """A heading in the interface's language (a month is named by the locale)."""
        if group in _GROUPS:
            return self.tr(_GROUPS[group])
        day = time.localtime(timestamp)
        return QLocale().toString(QDate(day.tm_year, day.tm_mon, 1), "MMMM yyyy")

    def _mark_api(self, item: QListWidgetItem, title: str) -> None:
        """Badge a chat the API server saved: "API · title", and say so in full."""
        badge = self.tr("API")
        item.setText(f"{badge} · {item.text()}")
        item.setData(_ORIGIN_ROLE, API_ORIGIN)
        item.setData(Qt.ItemDataRole.AccessibleTextRole,
                     self.tr("{title}, saved from the API server").format(title=title))
        item.setToolTip(self.tr("Saved from the API server: another program's "
                                "conversation.") + "\n" + item.toolTip())

    def is_api_chat(self, conversation_id: str) -> bool:
        """The list marks that chat as saved from the API server."""
        item = self.item_for(conversation_id)
        return item is not None and item.data(_ORIGIN_ROLE) == API_ORIGIN

    def set_search_results(self, hits: list[SearchHit], query: str,
                           api_chats: set[str] | frozenset[str] = frozenset()) -> None:
        """Show ``hits``; those whose chat is in ``api_chats`` are marked "API"."""
        self.blockSignals(True)
        self.clear()
        self.showing_search = True
        self._heading(self.tr("%n chat(s) match “{query}”", "", len(hits)).format(query=query)
                      if hits else self.tr("No chat matches “{query}”").format(query=query))
        for hit in hits:
            snippet = " ".join(hit.snippet.split())
            item = QListWidgetItem(f"{hit.title}\n{snippet}")
            item.setData(_ID_ROLE, hit.conversation_id)
            item.setData(_MESSAGE_ROLE, hit.message_id)
            item.setToolTip(snippet)
            if hit.conversation_id in api_chats:
                self._mark_api(item, hit.title)
            self.addItem(item)
        self.blockSignals(False)

    def ids(self) -> list[str]:
        return [i for i in (self.item(n).data(_ID_ROLE) for n in range(self.count())) if i]

    def headings(self) -> list[str]:
        return [self.item(n).text() for n in range(self.count())
                if self.item(n).data(_ID_ROLE) is None]

    def item_for(self, conversation_id: str) -> QListWidgetItem | None:
        for i in range(self.count()):
            if self.item(i).data(_ID_ROLE) == conversation_id:
                return self.item(i)
        return None

    # -- actions --------------------------------------------------------------
    def _on_clicked(self, item: QListWidgetItem) -> None:
        chat_id = item.data(_ID_ROLE)
        if chat_id:
            self.sig_open.emit(chat_id, item.data(_MESSAGE_ROLE))

    def _menu(self, point: QPoint) -> None:
        item = self.itemAt(point)
        if item is None or not item.data(_ID_ROLE):
            return
        self.menu_for(item).exec(self.viewport().mapToGlobal(point))

    def menu_for(self, item: QListWidgetItem) -> QMenu:
        chat_id = item.data(_ID_ROLE)
        pinned = bool(item.data(_PINNED_ROLE))
        menu = QMenu(self)
        menu.addAction(self.tr("Rename…"), lambda: self.sig_rename.emit(chat_id))
        menu.addAction(self.tr("System prompt…"), lambda: self.sig_system_prompt.emit(chat_id))
        menu.addAction(self.tr("Unpin") if pinned else self.tr("Pin to top"),
                       lambda: self.sig_pin.emit(chat_id, not pinned))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.sig_delete.emit(chat_id))
        return menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        item = self.currentItem()
        chat_id = item.data(_ID_ROLE) if item is not None else None
        if chat_id and event.key() == Qt.Key.Key_F2:
            self.sig_rename.emit(chat_id)
        elif chat_id and event.key() == Qt.Key.Key_Delete:
            self.sig_delete.emit(chat_id)
        else:
            super().keyPressEvent(event)
