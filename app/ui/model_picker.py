"""The chat header's model picker: the whole model name when there is room.

:class:`ModelPicker` asks the layout for the width of the chosen model's whole name
(up to :data:`MAX_CHARACTERS`), and accepts :data:`MIN_CHARACTERS` characters, or
less in the narrowest window, so a narrow window still leaves room for the chat list.
:class:`ElidingComboBox` (its base, and the preset picker's) ends a name that does not
fit with "…" instead of cutting it mid-letter.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget

MIN_CHARACTERS = 14
MAX_CHARACTERS = 40
NARROWEST = 96  # px: how far the narrowest window may squeeze it


class ElidingComboBox(QComboBox):
    """A combo box whose shown text ends in "…" when it does not fit.

    Signals: those of :class:`QComboBox`.
    """

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        room = self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self)
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, room.width())
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)


class ModelPicker(ElidingComboBox):
    """A combo box sized by its chosen text: whole when there is room, shorter when not.

    Signals: those of :class:`QComboBox`.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(MIN_CHARACTERS)
        self.setMinimumWidth(NARROWEST)
        self.currentTextChanged.connect(self.updateGeometry)

    def minimumSizeHint(self) -> QSize:
        return super().sizeHint()  # (MIN_CHARACTERS wide)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        shown = self.currentText()[:MAX_CHARACTERS]
        extra = (metrics.horizontalAdvance(shown)
                 - metrics.horizontalAdvance("X") * MIN_CHARACTERS)  # (as Qt counts them)
        return QSize(hint.width() + max(0, extra), hint.height())
