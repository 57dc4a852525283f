"""One model's answer in the Compare window: its name (or "Model 2" while blind), the
answer as it streams, what was measured under it, and the buttons to vote for it or to
continue it as a chat."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent, QTextCursor
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
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
        self.started = False
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
        self.state.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)
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
        buttons = self._buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.vote_button = QPushButton(self.tr("Pick this one"))
        self.vote_button.setToolTip(self.tr("This answer is better than the others"))
        self.vote_button.setObjectName("cardAction")
        self.vote_button.clicked.connect(lambda: self.sig_vote.emit(self.index))
        self.continue_button = QPushButton(self.tr("Continue as chat"))
        self.continue_button.clicked.connect(lambda: self.sig_continue.emit(self.index))
        for button in (self.vote_button, self.continue_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(buttons)
        self.show_name(name)
        self.set_waiting()
        # As narrow as one button (they stack then), not as wide as both side by side.
        self.setMinimumWidth(max(b.sizeHint().width() for b in (self.vote_button,
                                                                 self.continue_button)) + 24)

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
        self.started = True
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

    def set_answer(self, answer: Answer, blind: bool = False) -> None:
        """The answer is complete (or failed): its text as Markdown, and what was measured
        (``blind``: not yet, the numbers would tell the models apart; see :meth:`reveal`)."""
        self.answer = answer
        if answer.text:
            self.text.setMarkdown(answer.text)
        if answer.error is not None:
            self._set_state(self.tr("did not answer") if self.started else self.tr("not asked"),
                            "bad")
        else:
            reason = answer.metrics.finish_reason if answer.metrics is not None else ""
            self._set_state(self.tr("stopped") if reason == "stopped" else self.tr("done"),
                            "ok")
        if blind and answer.error is None:
            self.metrics.setText(self.tr("What was measured is shown after your vote."))
            self.metrics.setProperty("state", "")
            self.metrics.style().polish(self.metrics)
        else:
            self.reveal()

    def reveal(self) -> None:
        """Show what was measured (or why it did not answer) and the settings used."""
        answer = self.answer
        if answer is None:
            return
        failed = answer.error is not None
        self.metrics.setText(answer.error if failed and answer.error
                             else metrics_text(answer, lookup))
        self.metrics.setProperty("state", "bad" if failed else "")
        self.metrics.style().polish(self.metrics)
        self.settings.setText(settings_text(answer))
        self.settings.setToolTip(self.tr("The settings this answer was made with"))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The two buttons side by side when they fit, one above the other when not."""
        wide = self._buttons_width() <= event.size().width() - 24
        self._buttons.setDirection(QBoxLayout.Direction.LeftToRight if wide
                                   else QBoxLayout.Direction.TopToBottom)
        super().resizeEvent(event)

    def _buttons_width(self) -> int:
        shown = [b for b in (self.vote_button, self.continue_button) if not b.isHidden()]
        return sum(b.sizeHint().width() for b in shown) + 8 * max(len(shown) - 1, 0)

    def offer_choices(self, vote: bool, chosen: bool, tie: bool = False) -> None:
        """After the comparison: vote (until voted) and continue (an answer with text);
        the vote's mark, if there was one."""
        self.vote_button.setVisible(vote)
        has_text = self.answer is not None and bool(self.answer.text)
        self.continue_button.setVisible(has_text)
        if chosen:
            self._set_state(self.tr("chosen"), "chosen")
        elif tie and self.answer is not None and self.answer.ok:
            self._set_state(self.tr("tie"), "chosen")

    def _set_state(self, text: str, state: str = "") -> None:
        self.state.setText(text)
        self.state.setProperty("state", state)
        self.state.style().polish(self.state)
