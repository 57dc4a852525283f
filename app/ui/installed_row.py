"""An installed model in the Installed list: where it is, whether it is verified, actions.

The name is the row's title (with an "in use" badge for the chat window's model); size,
where it came from, its path, its checksum state and its newest evaluation results are
the muted lines under it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.core.installed import InstalledModel
from app.ui.elided_label import ElidedLabel
from app.ui.i18n import QT_TRANSLATE_NOOP
from app.ui.model_card import human_bytes

SOURCES = {"bundled": QT_TRANSLATE_NOOP("InstalledRow", "installed with Fireside (starter model)"),
           "models-folder": QT_TRANSLATE_NOOP("InstalledRow", "in the models folder"),
           "added": QT_TRANSLATE_NOOP("InstalledRow", "added from elsewhere")}  # tr where shown


class InstalledRow(QFrame):
    """One installed model.

    Signals:
        sig_show(str): show the file in the file manager (model id).
        sig_verify(str): hash the file again and compare with the catalog.
        sig_delete(str): delete the model (after confirmation).
        sig_evaluate(str): open the Evaluate dialog for the model.
    """

    sig_show = Signal(str)
    sig_verify = Signal(str)
    sig_delete = Signal(str)
    sig_evaluate = Signal(str)

    def __init__(self, model: InstalledModel, verified: bool | None, loaded: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setObjectName("installedModel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 12, 12)
        layout.setSpacing(8)
        text = QVBoxLayout()
        text.setSpacing(4)
        title = QHBoxLayout()
        title.setSpacing(8)
        name = QLabel(model.name)
        name.setObjectName("modelName")
        name.setTextFormat(Qt.TextFormat.PlainText)
        title.addWidget(name)
        self.in_use_badge = QLabel(self.tr("in use"))
        self.in_use_badge.setObjectName("loadedPill")
        self.in_use_badge.setToolTip(self.tr("The chat window uses this model."))
        self.in_use_badge.setVisible(loaded)
        title.addWidget(self.in_use_badge)
        title.addStretch(1)
        text.addLayout(title)
        source = self.tr(SOURCES[model.source]) if model.source in SOURCES else ""
        facts = QLabel(" · ".join(f for f in (human_bytes(model.size), source) if f))
        facts.setObjectName("modelSource")
        text.addWidget(facts)
        self.path_label = ElidedLabel(str(model.path))  # (a long path must not widen it)
        self.path_label.setObjectName("modelPath")
        text.addWidget(self.path_label)
        self.verify_label = QLabel()
        self.verify_label.setObjectName("verifyState")
        text.addWidget(self.verify_label)
        self.set_verified(verified)
        results = QHBoxLayout()  # the newest results, and Evaluate… beside them
        results.setSpacing(8)
        self.results_label = QLabel()
        self.results_label.setObjectName("modelSource")
        self.results_label.setWordWrap(True)
        self.results_label.setTextFormat(Qt.TextFormat.PlainText)
        self.results_label.setToolTip(self.tr(
            "The newest evaluation results of this model file; Results table… shows them all."))
        results.addWidget(self.results_label, 1)
        self.evaluate_button = QPushButton(self.tr("Evaluate…"))
        self.evaluate_button.setAccessibleName(self.tr("Evaluate {model}").format(
            model=model.name))
        self.evaluate_button.setToolTip(self.tr(
            "Measure this model's perplexity on a text or its accuracy on multiple-choice "
            "questions."))
        self.evaluate_button.clicked.connect(lambda: self.sig_evaluate.emit(model.id))
        results.addWidget(self.evaluate_button, 0, Qt.AlignmentFlag.AlignVCenter)
        text.addLayout(results)
        self.set_results("")
        layout.addLayout(text, 1)
        self.show_button = QPushButton(self.tr("Show in folder"))
        self.show_button.setAccessibleName(self.tr("Show {model} in its folder").format(
            model=model.name))
        self.show_button.clicked.connect(lambda: self.sig_show.emit(model.id))
        self.verify_button = QPushButton(self.tr("Verify again"))
        self.verify_button.setAccessibleName(self.tr("Verify {model} again").format(
            model=model.name))
        self.verify_button.setEnabled(model.expected_sha256 is not None)
        self.verify_button.clicked.connect(lambda: self.sig_verify.emit(model.id))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.delete_button.setAccessibleName(self.tr("Delete {model}").format(
            model=model.name))
        self.delete_button.clicked.connect(lambda: self.sig_delete.emit(model.id))
        if model.source == "bundled":
            self.delete_button.setEnabled(False)
            self.delete_button.setToolTip(self.tr("The starter model is part of the installation; "
                                          "uninstall the starter extra to remove it."))
        for button in (self.show_button, self.verify_button, self.delete_button):
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

    def set_results(self, text: str) -> None:
        """Show the model's newest evaluation results (``""``: none yet)."""
        self.results_label.setText(text or self.tr("not evaluated yet"))

    def set_verified(self, verified: bool | None, busy: bool = False) -> None:
        if busy:
            text = self.tr("verifying…")
        elif self.model.expected_sha256 is None:
            text = self.tr("no published checksum to verify against")
        else:
            text = {True: self.tr("sha256 verified"),
                    False: self.tr("does NOT match its published checksum"),
                    None: self.tr("not verified yet")}[verified]
        state = "" if busy or self.model.expected_sha256 is None else \
            {True: "ok", False: "bad", None: ""}[verified]
        self.verify_label.setText(text)
        if self.verify_label.property("state") != state:  # green when verified, red if not
            self.verify_label.setProperty("state", state)
            self.verify_label.style().unpolish(self.verify_label)
            self.verify_label.style().polish(self.verify_label)
