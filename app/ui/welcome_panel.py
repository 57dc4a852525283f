"""The welcome shown on first start: privacy in one paragraph, the starter model ready,
and a few catalog models that suit this machine, each one click from downloading."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.catalog import CatalogEntry
from app.core.fit import FitEstimate
from app.core.speed import CHAT_SPEED
from app.ui.i18n import QT_TRANSLATE_NOOP, say

PRIVACY = QT_TRANSLATE_NOOP(  # translated where shown
    "WelcomePanel",
    "<h2>Welcome to Fireside</h2><p>Everything you type stays on this computer: the models "
    "run here, your chats are saved here, and Fireside makes no network connection unless "
    "you ask it to download a model.</p>")


class WelcomePanel(QFrame):
    """Shown above the chat until dismissed.

    Signals:
        sig_start(): the user wants to start chatting (with the model ready).
        sig_download(str): catalog id of a recommended model to download.
        sig_dismissed(): closed; it is not shown again unless asked for.
    """

    sig_start = Signal()
    sig_download = Signal(str)
    sig_dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(PRIVACY))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.ready_label = QLabel()
        self.ready_label.setWordWrap(True)
        layout.addWidget(self.ready_label)
        self.start_button = QPushButton(self.tr("Start chatting"))
        self.start_button.clicked.connect(self.sig_start)
        layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.recommended_title = QLabel(self.tr("<b>Bigger models that suit this computer</b>"))
        layout.addWidget(self.recommended_title)
        self.speed_note = QLabel()
        self.speed_note.setWordWrap(True)
        layout.addWidget(self.speed_note)
        self._rows = QVBoxLayout()
        layout.addLayout(self._rows)
        self.download_buttons: dict[str, QPushButton] = {}
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close the welcome"))
        close.clicked.connect(self.sig_dismissed)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)

    def show_ready(self, model_name: str | None) -> None:
        self.ready_label.setText(
            self.tr("<p><b>{model}</b> is installed and ready: just type below.</p>").format(
                model=model_name)
            if model_name else self.tr("<p>No model is installed yet: download one below.</p>"))
        self.start_button.setVisible(model_name is not None)

    def show_recommendations(self, picks: list[tuple[CatalogEntry, FitEstimate]],
                             offline: bool, calibrated: bool = False) -> None:
        """``picks`` with their memory and expected speed; ``calibrated``: speeds are known
        (the picks are then only models fast enough to chat with)."""
        while self._rows.count():
            item = self._rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.download_buttons.clear()
        self.recommended_title.setVisible(bool(picks))
        if calibrated:
            self.speed_note.setText(self.tr(
                "Each fits in this computer's memory and should answer at {speed:.0f} "
                "tokens/s or faster here (timed on this computer).").format(speed=CHAT_SPEED)
                if picks else self.tr(
                    "No bigger model in the catalog fits this computer and answers at "
                    "{speed:.0f} tokens/s or faster here: the model you have is the best "
                    "match.").format(speed=CHAT_SPEED))
        else:
            self.speed_note.setText(self.tr(
                "Speeds appear once Fireside has timed a model on this computer (a second "
                "after the first model loads, when the processor is not busy)."))
        self.speed_note.setVisible(calibrated or bool(picks))
        for entry, fit in picks:
            row = QWidget()
            box = QHBoxLayout(row)
            box.setContentsMargins(0, 0, 0, 0)
            line = self.tr("<b>{name}</b> — {size:.1f} GB, {fit}").format(
                name=html.escape(entry.name), size=entry.size / 1e9,
                fit=html.escape(say(fit.label)))
            text = QLabel(line + (f"<br>{html.escape(entry.description)}" if entry.description
                                  else ""))
            text.setWordWrap(True)
            box.addWidget(text, 1)
            button = QPushButton(self.tr("Download"))
            button.setAccessibleName(self.tr("Download {model}").format(model=entry.name))
            button.setEnabled(not offline)
            if offline:
                button.setToolTip(self.tr("Off: offline mode is on (Settings → General)"))
            button.clicked.connect(lambda _=False, i=entry.id: self.sig_download.emit(i))
            box.addWidget(button)
            self.download_buttons[entry.id] = button
            self._rows.addWidget(row)
