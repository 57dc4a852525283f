"""Attached files shown as chips: :class:`AttachmentChip`, in rows that wrap
(:class:`FlowLayout`); :func:`attachment_row` is the row on a sent message.

A chip shows the file's name, its size and how it reached the model — "whole" (its text
went with the message) or "searched" (too long: its relevant parts are found for each
question) — or "Reading file…" while it is read.  Above the input a chip can be removed.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QStyle,
    QToolButton,
    QWidget,
)

from app.core.localdocs.attachments import Attachment, attachments_of, human_size

NAME_PIXELS = 220  # a longer name is cut in the middle ("quarterly…report.pdf")


class FlowLayout(QLayout):
    """Lays its widgets out left to right, wrapping to a new line when one is full."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _arrange(self, rect: QRect, move: bool) -> int:
        """Place the items in ``rect`` (or only measure); the height they take."""
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:  # the line is full
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()


class AttachmentChip(QFrame):
    """One attached file: icon, name, size and mode (or "Reading file…"), and ✕ to remove
    it when it is still to be sent.

    Signals:
        sig_remove(): the user removed it.
    """

    sig_remove = Signal()

    def __init__(self, name: str, removable: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentChip")
        self.name = name
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 4 if removable else 8, 2)
        layout.setSpacing(5)
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon).pixmap(16))
        layout.addWidget(icon)
        self.name_label = QLabel(self.fontMetrics().elidedText(
            name, Qt.TextElideMode.ElideMiddle, NAME_PIXELS))
        self.name_label.setObjectName("attachmentName")
        layout.addWidget(self.name_label)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("attachmentDetail")
        layout.addWidget(self.detail_label)
        self.remove_button: QToolButton | None = None
        if removable:
            self.remove_button = QToolButton()
            self.remove_button.setText("✕")
            self.remove_button.setAutoRaise(True)
            self.remove_button.setAccessibleName(self.tr("Remove {file}").format(file=name))
            self.remove_button.setToolTip(self.tr("Do not attach this file"))
            self.remove_button.clicked.connect(self.sig_remove)
            layout.addWidget(self.remove_button)
        self.attachment: Attachment | None = None

    def show_reading(self) -> None:
        """The file is being read (and indexed, if it is long)."""
        self.detail_label.setText(self.tr("Reading file…"))
        self.setToolTip(self.name)
        self.setAccessibleName(self.tr("{file}, being read").format(file=self.name))

    def show_attachment(self, attachment: Attachment) -> None:
        """The file is attached: its size and how it reaches the model."""
        self.attachment = attachment
        mode = self.tr("whole") if attachment.whole else self.tr("searched")
        self.detail_label.setText(f"{human_size(attachment.size)} · {mode}")
        if attachment.whole:
            how = self.tr("Sent whole with the message ({tokens} tokens).")
        else:
            how = self.tr("Too long to send whole ({tokens} tokens): the parts relevant to "
                          "each question are searched.")
        self.setToolTip(f"{attachment.path}\n{how.format(tokens=f'{attachment.tokens:,}')}")
        self.setAccessibleName(f"{attachment.name}, {human_size(attachment.size)}, {mode}")


def attachment_row(records: Iterable[object] | None,
                   parent: QWidget | None = None) -> QWidget | None:
    """The chips of a sent message's attached files (None: nothing attached)."""
    attachments = attachments_of(records)
    if not attachments:
        return None
    row = QWidget(parent)
    row.setObjectName("messageAttachments")
    layout = FlowLayout(row)
    for attachment in attachments:
        chip = AttachmentChip(attachment.name, parent=row)
        chip.show_attachment(attachment)
        layout.addWidget(chip)
    return row
