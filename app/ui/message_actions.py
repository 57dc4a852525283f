"""What can be done with a message: its icon actions, its versions, editing it in place.

:class:`MessageActions` is the row of small icon buttons in a message's header:
Edit (a question) or Regenerate (an answer), Delete and Copy.  They are
painted only while the pointer is over the message or the keyboard focus is
inside it, so a conversation is not a column of buttons; yet they keep their
place in the layout all the time (nothing moves when they appear), they stay
in the Tab order (tabbing onto one shows the row), and each has a tooltip and
an accessible name.  :class:`SiblingNavigator` ("‹ 2/3 ›") is always shown
when a message has other versions; :class:`MessageEditor` edits a question.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.conversation import Role
from app.ui.icons import IconButton

BUTTON_SIZE = QSize(28, 28)
DONE_MS = 1500  # how long Copy shows its tick


class ActionButton(IconButton):
    """An icon of a message's action row: painted only while the row is revealed."""

    def __init__(self, row: MessageActions, icon: str, text: str, description: str) -> None:
        super().__init__(icon, text, description, row)
        self.setObjectName("messageAction")
        self.setFixedSize(BUTTON_SIZE)
        self._row = row

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._row.revealed:
            super().paintEvent(event)


class SiblingNavigator(QWidget):
    """"‹ 2/3 ›": which version of a message is shown, and buttons to the others.

    Signals:
        sig_step(int): -1 for the previous version, +1 for the next.
    """

    sig_step = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.previous = IconButton("chevron-left", "‹", self.tr("Previous version"))
        self.previous.setObjectName("messageAction")
        self.previous.setFixedSize(BUTTON_SIZE)
        self.previous.clicked.connect(lambda: self.sig_step.emit(-1))
        self.label = QLabel()
        self.label.setObjectName("siblingPosition")
        self.next = IconButton("chevron-right", "›", self.tr("Next version"))
        self.next.setObjectName("messageAction")
        self.next.setFixedSize(BUTTON_SIZE)
        self.next.clicked.connect(lambda: self.sig_step.emit(1))
        for widget in (self.previous, self.label, self.next):
            layout.addWidget(widget)

    def set_position(self, index: int, count: int) -> None:
        """Show version ``index + 1`` of ``count``."""
        self.label.setText(f"{index + 1}/{count}")
        self.label.setAccessibleName(self.tr("Version {number} of {count}").format(
            number=index + 1, count=count))
        self.previous.setEnabled(index > 0)
        self.next.setEnabled(index < count - 1)


class MessageActions(QWidget):
    """A message's action row: [‹ 2/3 ›] Edit or Regenerate, Delete, Copy.

    The icons are revealed while the message (``owner``) is hovered or holds
    the keyboard focus.

    Signals:
        sig_branch(): Edit (a question) or Regenerate (an answer) was clicked.
        sig_delete(): Delete was clicked.
        sig_copy(): Copy was clicked.
        sig_step(int): another version, -1 or +1.
    """

    sig_branch = Signal()
    sig_delete = Signal()
    sig_copy = Signal()
    sig_step = Signal(int)

    def __init__(self, role: Role, owner: QWidget) -> None:
        super().__init__(owner)
        self.setObjectName("questionActions" if role is Role.USER else "answerActions")
        self._owner = owner
        self.revealed = False
        self._hovered = False
        self._focused = False
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.navigator: SiblingNavigator | None = None
        if role is Role.USER:
            self.branch_button = ActionButton(self, "edit", self.tr("Edit"),
                                              self.tr("Edit and send again"))
        else:
            self.branch_button = ActionButton(self, "regenerate", self.tr("Regenerate"),
                                              self.tr("Regenerate answer"))
        self.delete_button = ActionButton(self, "trash", self.tr("Delete"),
                                          self.tr("Delete message"))
        self.copy_button = ActionButton(self, "copy", self.tr("Copy"), self.tr("Copy message"))
        self.branch_button.clicked.connect(self.sig_branch)
        self.delete_button.clicked.connect(self.sig_delete)
        self.copy_button.clicked.connect(self.sig_copy)
        for button in (self.branch_button, self.delete_button, self.copy_button):
            self._layout.addWidget(button)
        self._done = QTimer(self)  # Copy shows a tick for a moment
        self._done.setSingleShot(True)
        self._done.setInterval(DONE_MS)
        self._done.timeout.connect(lambda: self.copy_button.set_icon_name("copy"))
        owner.installEventFilter(self)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    def set_versions(self, index: int, count: int) -> None:
        """This message is version ``index + 1`` of ``count`` (the navigator shows if > 1)."""
        if count <= 1 and self.navigator is None:
            return
        if self.navigator is None:
            self.navigator = SiblingNavigator(self)
            self.navigator.sig_step.connect(self.sig_step)
            self._layout.insertWidget(0, self.navigator)
            self._layout.insertSpacing(1, 4)
        self.navigator.set_position(index, count)
        self.navigator.setVisible(count > 1)

    def set_enabled(self, enabled: bool) -> None:
        """Edit or Regenerate, Delete and the versions wait while a reply streams."""
        for widget in (self.branch_button, self.delete_button, self.navigator):
            if widget is not None:
                widget.setEnabled(enabled)

    def copied(self) -> None:
        """Copy shows a tick for a moment: the text is on the clipboard."""
        self.copy_button.set_icon_name("check")
        self._done.start()

    # -- revealing -----------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._owner and event.type() in (QEvent.Type.Enter, QEvent.Type.Leave):
            self._hovered = event.type() == QEvent.Type.Enter
            self._update()
        return False

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        focused = new is not None and (new is self._owner or self._owner.isAncestorOf(new))
        if focused != self._focused:
            self._focused = focused
            self._update()

    def _update(self) -> None:
        revealed = self._hovered or self._focused
        if revealed != self.revealed:
            self.revealed = revealed
            for button in (self.branch_button, self.delete_button, self.copy_button):
                button.update()


class MessageEditor(QFrame):
    """Editing a question in place: the text, then Send (a new branch) or Cancel.

    Signals:
        sig_submit(str): the edited text, to be sent as a new version.
        sig_cancel(): editing ended without a change.
    """

    sig_submit = Signal(str)
    sig_cancel = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageEditor")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.text = QPlainTextEdit(text)
        self.text.setAccessibleName(self.tr("Edit message"))
        self.text.setMinimumHeight(80)
        layout.addWidget(self.text)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.sig_cancel)
        buttons.addWidget(self.cancel_button)
        self.send_button = QPushButton(self.tr("Send"))
        self.send_button.setObjectName("primaryAction")
        self.send_button.setAccessibleName(self.tr("Send edited message"))
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self._submit)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+Return"), self.text, self._submit)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.text, self.sig_cancel.emit)

    def _submit(self) -> None:
        self.sig_submit.emit(self.text.toPlainText())
