"""A catalog model in the Explore list: name, size and fit at a glance, details on demand.

At a glance the card shows the name, the download size and the fit estimate
for this machine as a coloured pill (fits / tight / won't fit; its words are
the core's :attr:`FitEstimate.label`).  "Details" opens parameters,
quantization, license, checksum kind and description.  The action area is a
Download button, or, while downloading, a progress bar with bytes done and
total, speed, time left, and Pause/Resume and Cancel; once installed, "Use".
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.catalog import CatalogEntry
from app.core.download_queue import DownloadTask
from app.core.fit import FitEstimate
from app.ui.i18n import QT_TRANSLATE_NOOP, say
from app.ui.icons import IconButton


def human_bytes(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if abs(n) < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} GB"


def human_duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    if seconds >= 3600:
        return QCoreApplication.translate("ModelCard", "{hours} h {minutes:02d} min").format(
            hours=seconds // 3600, minutes=seconds % 3600 // 60)
    return f"{seconds // 60}:{seconds % 60:02d}"


def progress_text(task: DownloadTask) -> str:
    """``"12.3 MB of 98.4 MB · 5.2 MB/s · 0:17 left"`` for a running download."""
    progress = task.progress
    if progress is None:
        return QCoreApplication.translate("ModelCard", "waiting…") if task.state == "queued" else ""
    total = human_bytes(progress.total) if progress.total else "?"
    text = QCoreApplication.translate("ModelCard", "{done} of {total}").format(
        done=human_bytes(progress.done), total=total)
    if task.state == "downloading":
        if progress.state in _PHASES:
            return f"{text} · {_tr(_PHASES[progress.state])}"
        text += " · " + QCoreApplication.translate("ModelCard", "{speed}/s · {left} left").format(
            speed=human_bytes(progress.bytes_per_second),
            left=human_duration(progress.seconds_left))
    elif task.state == "paused":
        text += " · " + QCoreApplication.translate("ModelCard", "paused")
    elif task.state == "queued":
        text += " · " + QCoreApplication.translate("ModelCard", "waiting for its turn")
    return text


_PHASES = {"connecting": QT_TRANSLATE_NOOP("ModelCard", "connecting…"),
           "retrying": QT_TRANSLATE_NOOP("ModelCard", "retrying…"),
           "checking": QT_TRANSLATE_NOOP("ModelCard", "checking…"),
           "verifying": QT_TRANSLATE_NOOP("ModelCard", "verifying…")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ModelCard", text)


PILL_STATES = {"fits": "fits", "tight": "tight", "won't fit": "wont-fit"}  # style sheet keys


def fit_pill(fit: FitEstimate) -> QLabel:
    """The fit estimate as a pill coloured by its verdict, its words the core's label."""
    pill = QLabel(say(fit.label))
    pill.setObjectName("fitPill")
    pill.setProperty("verdict", PILL_STATES.get(fit.verdict, "tight"))
    pill.setToolTip(QCoreApplication.translate(
        "ModelCard", "File plus the KV cache at the configured context length, against this "
        "computer's available memory ({available} of {total}).").format(
            available=human_bytes(fit.available_bytes), total=human_bytes(fit.total_bytes)))
    return pill


class NoteLabel(QLabel):
    """A status line that takes no room while it has nothing to say."""

    def __init__(self, object_name: str) -> None:
        super().__init__()
        self.setObjectName(object_name)
        self.setWordWrap(True)
        self.hide()

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setVisible(bool(text))


class ModelCard(QFrame):
    """One catalog entry with its download controls.

    Signals:
        sig_download(str): the entry id to download.
        sig_pause(str), sig_resume(str), sig_cancel(str): controls for its download.
        sig_use(str): use the installed model.
    """

    sig_download = Signal(str)
    sig_pause = Signal(str)
    sig_resume = Signal(str)
    sig_cancel = Signal(str)
    sig_use = Signal(str)

    def __init__(self, entry: CatalogEntry, fit: FitEstimate,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setObjectName("modelCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 12, 12)
        layout.setSpacing(12)
        text = QVBoxLayout()
        text.setSpacing(4)
        self.title = QLabel(html.escape(entry.name))
        self.title.setObjectName("modelName")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        text.addWidget(self.title)
        glance = QHBoxLayout()
        glance.setSpacing(8)
        self.size_label = QLabel(human_bytes(entry.size))
        self.size_label.setObjectName("modelSize")
        glance.addWidget(self.size_label)
        self.fit_label = fit_pill(fit)
        glance.addWidget(self.fit_label)
        self.details_toggle = IconButton("chevron-right", self.tr("Details"),
                                         self.tr("Details of {model}").format(model=entry.name))
        self.details_toggle.setObjectName("detailsToggle")
        self.details_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.details_toggle.setLayoutDirection(Qt.LayoutDirection.RightToLeft)  # text, then ›
        self.details_toggle.setCheckable(True)
        self.details_toggle.toggled.connect(self.show_details)
        glance.addWidget(self.details_toggle)
        glance.addStretch(1)
        text.addLayout(glance)
        self.details = QFrame()
        self.details.setObjectName("modelDetails")
        details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 8, 0, 0)
        details.setSpacing(4)
        facts = [entry.parameters and self.tr("{count} parameters").format(
                     count=entry.parameters),
                 entry.quantization, entry.license,
                 "sha256" if entry.sha256 else self.tr("md5 only") if entry.md5 else None]
        self.facts = QLabel(" · ".join(f for f in facts if f))
        self.facts.setObjectName("modelFacts")
        self.facts.setWordWrap(True)
        details.addWidget(self.facts)
        self.description = QLabel(entry.description)
        self.description.setObjectName("modelDescription")
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description.setVisible(bool(entry.description))
        details.addWidget(self.description)
        self.details.hide()
        text.addWidget(self.details)
        layout.addLayout(text, 1)

        actions = QVBoxLayout()
        actions.setSpacing(4)
        actions.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setObjectName("cardAction")
        self.download_button.setAccessibleName(self.tr("Download {model}").format(
            model=entry.name))
        self.download_button.clicked.connect(lambda: self.sig_download.emit(entry.id))
        actions.addWidget(self.download_button)
        self.use_button = QPushButton(self.tr("Use"))
        self.use_button.setObjectName("primaryAction")
        self.use_button.setAccessibleName(self.tr("Use {model}").format(model=entry.name))
        self.use_button.clicked.connect(lambda: self.sig_use.emit(entry.id))
        actions.addWidget(self.use_button)
        self.progress_bar = QProgressBar()
        self.progress_bar.setMinimumWidth(220)
        self.progress_bar.setTextVisible(False)
        actions.addWidget(self.progress_bar)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("downloadProgress")
        actions.addWidget(self.progress_label)
        row = QHBoxLayout()
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(self._pause_or_resume)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(
            self.tr("Cancel the download of {model}").format(model=entry.name))
        self.cancel_button.clicked.connect(lambda: self.sig_cancel.emit(entry.id))
        row.addWidget(self.pause_button)
        row.addWidget(self.cancel_button)
        actions.addLayout(row)
        self.error_label = QLabel()
        self.error_label.setObjectName("downloadError")
        self.error_label.setWordWrap(True)
        self.error_label.setMaximumWidth(320)
        actions.addWidget(self.error_label)
        layout.addLayout(actions)
        self.task: DownloadTask | None = None
        self.show_state(None, installed=False)

    def show_details(self, shown: bool) -> None:
        """Open or close the details (parameters, quantization, license, description)."""
        if self.details_toggle.isChecked() != shown:
            self.details_toggle.setChecked(shown)  # (comes back here through toggled)
            return
        self.details.setVisible(shown)
        self.details_toggle.set_icon_name("chevron-down" if shown else "chevron-right")

    def _pause_or_resume(self) -> None:
        if self.task is not None and self.task.state in ("paused", "failed"):
            self.sig_resume.emit(self.entry.id)
        else:
            self.sig_pause.emit(self.entry.id)

    def show_state(self, task: DownloadTask | None, installed: bool,
                   in_use: bool = False) -> None:
        """Show the buttons that fit: download, progress controls, or use (or "In use"
        for the model the chat window has loaded)."""
        self.task = task
        active = task is not None and task.state in ("queued", "downloading", "paused",
                                                     "failed")
        self.download_button.setVisible(not installed and not active)
        self.use_button.setVisible(installed)
        self.use_button.setEnabled(not in_use)
        self.use_button.setText(self.tr("In use") if in_use else self.tr("Use"))
        for widget in (self.progress_bar, self.progress_label, self.pause_button,
                       self.cancel_button):
            widget.setVisible(active and not installed)
        failed = task is not None and task.state == "failed"
        self.error_label.setVisible(failed)
        self.error_label.setText(say(task.error) if failed and task and task.error else "")
        if task is not None and active:
            resumable = task.state in ("paused", "failed")
            self.pause_button.setText(self.tr("Resume") if resumable else self.tr("Pause"))
            self.pause_button.setAccessibleName(
                (self.tr("Resume the download of {model}") if resumable else
                 self.tr("Pause the download of {model}")).format(model=self.entry.name))
        self.refresh_progress()

    def refresh_progress(self) -> None:
        """Called on the window's timer: numbers from the task's latest snapshot."""
        task = self.task
        if task is None or self.progress_bar.isHidden():
            return
        progress = task.progress
        total = (progress.total if progress and progress.total else self.entry.size) or 1
        done = progress.done if progress else 0
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setValue(int(1000 * done / total))
        self.progress_label.setText(progress_text(task))
