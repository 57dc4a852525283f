"""One model's answer in the Compare window: its name (or "Model 2" while blind), the
answer as it streams, what was measured under it, and the buttons to vote for it or to
continue it as a chat."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.compare.export import metrics_text, settings_text
from app.core.compare.records import Answer
from app.ui.i18n import lookup


class AnswerColumn(QFrame):
    """An answer of a comparison, shown as it comes.

    Signals:
        sig_vote(int): the user picked this answer as the better one (its index).
        sig_continue(int): the user wants to go on with this answer as a chat.
    """

    sig_vote = Signal(int)
    sig_continue = Signal(int)

    def __init__(self, index: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.index = index
        self.name = name
        self.answer: Answer | None = None
        self.setObjectName("compareAnswer")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("modelName")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        head.addWidget(self.title, 1)
        self.state = QLabel()
        self.state.setObjectName("compareState")
        head.addWidget(self.state)
        layout.addLayout(head)
        self.text = QTextBrowser()
        self.text.setObjectName("compareText")
        self.text.setOpenExternalLinks(False)
        self.text.setOpenLinks(False)
        self.text.setMinimumHeight(120)
        layout.addWidget(self.text, 1)
        self.metrics = QLabel()
        self.metrics.setObjectName("compareMetrics")
        self.metrics.setWordWrap(True)
        self.metrics.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.metrics)
        self.settings = QLabel()
        self.settings.setObjectName("compareSettings")
        self.settings.setWordWrap(True)
        self.settings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.settings)
        buttons = QHBoxLayout()
        self.vote_button = QPushButton(self.tr("This one is better"))
        self.vote_button.setObjectName("cardAction")
        self.vote_button.clicked.connect(lambda: self.sig_vote.emit(self.index))
        self.continue_button = QPushButton(self.tr("Continue as chat"))
        self.continue_button.clicked.connect(lambda: self.sig_continue.emit(self.index))
        buttons.addWidget(self.vote_button)
        buttons.addWidget(self.continue_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.show_name(name)
        self.set_waiting()

    def show_name(self, name: str) -> None:
        """The heading: the model's name, or "Model N" while the vote is blind."""
        self.title.setText(name)
        self.text.setAccessibleName(self.tr("Answer of {model}").format(model=name))
        self.vote_button.setAccessibleName(self.tr("{model} is better").format(model=name))
        self.continue_button.setAccessibleName(
            self.tr("Continue with {model} as a chat").format(model=name))

    def set_waiting(self) -> None:
        self._set_state(self.tr("waiting"))
        self.metrics.setText("")
        self.settings.setText("")
        self.vote_button.hide()
        self.continue_button.hide()

    def set_started(self) -> None:
        self._set_state(self.tr("loading and answering…"))

    def append(self, text: str) -> None:
        """More of the answer (plain while it streams; the reader's place is kept)."""
        bar = self.text.verticalScrollBar()
        at_end = bar.value() >= bar.maximum() - 4
        cursor = QTextCursor(self.text.document())
        cursor.movePosition(QTextCursor.MoveOperation.End)
        cursor.insertText(text)
        if at_end:
            bar.setValue(bar.maximum())
        self._set_state(self.tr("answering…"))

    def set_answer(self, answer: Answer) -> None:
        """The answer is complete (or failed): its text as Markdown, what was measured."""
        self.answer = answer
        if answer.text:
            self.text.setMarkdown(answer.text)
        if answer.error is not None:
            self._set_state(self.tr("did not answer"), "bad")
            self.metrics.setText(answer.error)
            self.metrics.setProperty("state", "bad")
        else:
            reason = answer.metrics.finish_reason if answer.metrics is not None else ""
            self._set_state(self.tr("stopped") if reason == "stopped" else self.tr("done"),
                            "ok")
            self.metrics.setText(metrics_text(answer, lookup))
            self.metrics.setProperty("state", "")
        self.metrics.style().polish(self.metrics)
        self.settings.setText(settings_text(answer))
        self.settings.setToolTip(self.tr("The settings this answer was made with"))

    def offer_choices(self, vote: bool, chosen: bool) -> None:
        """After the comparison: vote (until voted) and continue (an answer with text)."""
        self.vote_button.setVisible(vote)
        has_text = self.answer is not None and bool(self.answer.text)
        self.continue_button.setVisible(has_text)
        if chosen:
            self._set_state(self.tr("chosen"), "chosen")

    def _set_state(self, text: str, state: str = "") -> None:
        self.state.setText(text)
        self.state.setProperty("state", state)
        self.state.style().polish(self.state)
