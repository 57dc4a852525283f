"""The chat header's LocalDocs button: which collections the open chat draws on.

:class:`DocsButton` shows the chat's choice ("LocalDocs: Manuals, Notes") and opens a
menu of the user's collections, each with a check box (the menu stays open while boxes
are ticked), and "Manage collections…".  The list is read when the menu opens, so it is
never stale; the button only reports what the user chose.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import QMenu, QSizePolicy, QToolButton, QWidget

# The names the button spells out; more are counted ("Manuals, Notes +2").
SHOWN_NAMES = 2
MAX_LABEL = 40


class StayOpenMenu(QMenu):
    """A menu whose check boxes toggle without closing it (several can be ticked)."""

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        action = self.activeAction()
        if action is not None and action.isCheckable() and action.isEnabled():
            action.trigger()
            event.accept()
            return
        super().mouseReleaseEvent(event)


class DocsButton(QToolButton):
    """"LocalDocs" in the chat header, with the open chat's collections.

    ``list_collections`` is called when the menu opens: the names of the user's
    collections, or an error's message (a damaged index) as a string.

    Signals:
        sig_chosen(list): the collection names now chosen (in the menu's order).
        sig_manage(): the user wants to add, rename or remove collections.
    """

    sig_chosen = Signal(list)
    sig_manage = Signal()

    def __init__(self, list_collections: Callable[[], list[str] | str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("docsButton")
        self._list = list_collections
        self.chosen: list[str] = []
        self.menu_ = StayOpenMenu(self)
        self.menu_.aboutToShow.connect(self.fill_menu)
        self.action = QAction(self)
        self.action.setMenu(self.menu_)
        self.setDefaultAction(self.action)
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # shrinks
        self.collection_actions: list[QAction] = []
        self.manage_action = QAction(self.tr("Manage collections…"), self)
        self.manage_action.triggered.connect(self.sig_manage)
        self.show_chosen([])
        self.fill_menu()

    def show_chosen(self, names: list[str]) -> None:
        """Show the open chat's collections on the button."""
        self.chosen = list(names)
        if not names:
            label = self.tr("LocalDocs")
            tip = self.tr("LocalDocs: answer from your own files. This chat uses none of "
                          "your collections.")
        else:
            shown = ", ".join(names[:SHOWN_NAMES])
            if len(shown) > MAX_LABEL:
                shown = shown[:MAX_LABEL - 1] + "…"
            if len(names) > SHOWN_NAMES:
                shown += f" +{len(names) - SHOWN_NAMES}"
            label = self.tr("LocalDocs: {names}").format(names=shown)
            tip = self.tr("This chat's answers draw on: {names}").format(
                names=", ".join(names))
        self.label = label
        self.short_label = self.tr("LocalDocs")
        self._fit_label()
        self.action.setToolTip(tip)
        self.setAccessibleName(label)

    # The header must fit a narrow window: the button then shows only "LocalDocs"; the
    # whole label stays its tool tip and accessible name.
    def minimumSizeHint(self) -> QSize:
        hint = super().sizeHint()  # (QToolButton's minimum is its size hint: this one's)
        metrics = self.fontMetrics()
        extra = metrics.horizontalAdvance(self.short_label) - metrics.horizontalAdvance(
            self.action.text())
        return QSize(hint.width() + extra, hint.height())

    def sizeHint(self) -> QSize:  # as wide as the whole label, even while the short shows
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        extra = metrics.horizontalAdvance(self.label) - metrics.horizontalAdvance(
            self.action.text())
        return QSize(hint.width() + max(0, extra), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_label()

    def _fit_label(self) -> None:
        whole = not self.isVisible() or self.width() >= self.sizeHint().width()
        shown = self.label if whole else self.short_label
        if shown != self.action.text():
            self.action.setText(shown)

    def fill_menu(self) -> None:
        """The user's collections as check boxes (the chosen ones ticked), read now."""
        menu = self.menu_
        menu.clear()
        self.collection_actions = []
        listed = self._list()
        if isinstance(listed, str):  # the index cannot be read
            note = menu.addAction(listed)
            note.triggered.connect(self.sig_manage)
            listed = []
        names = list(dict.fromkeys([*listed, *self.chosen]))
        for name in names:
            action = QAction(name if name in listed else self.tr("{name} (no longer exists)")
                             .format(name=name), menu)
            action.setCheckable(True)
            action.setChecked(name in self.chosen)
            action.setData(name)
            action.toggled.connect(self._toggled)
            menu.addAction(action)
            self.collection_actions.append(action)
        if not names:
            hint = menu.addAction(self.tr(
                "No collections yet. Add a folder of your files with Manage collections…, "
                "or in a terminal: fireside docs add NAME FOLDER"))
            hint.triggered.connect(self.sig_manage)
        menu.addSeparator()
        menu.addAction(self.manage_action)

    def _toggled(self) -> None:
        chosen = [str(a.data()) for a in self.collection_actions if a.isChecked()]
        self.show_chosen(chosen)
        self.sig_chosen.emit(chosen)
