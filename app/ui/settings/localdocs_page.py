"""Settings → LocalDocs: the user's collections, their indexing, and LocalDocs' settings.

The collections act at once, like the API page's key: Add collection, Add folder, Remove
folder, Rename, Re-index and Remove go to the window's
:class:`~app.ui.docs_host.DocsHost`, whose worker thread does them (removing a big
collection takes a while; the GUI never waits).  The list is read off the GUI thread
whenever something changed.  Each collection shows its folders, files indexed of those
found, chunks, size and state; the selected one's folders and the files that could not
be read, with why.  A progress bar follows the running index (files, MB/s, time left),
with Pause / Resume.

How many excerpts, their share of the context and watching the folders are settings:
they apply on OK or Apply, like every page's.
"""

from __future__ import annotations

import os
import time

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.localdocs.docs_settings import LocalDocsSettings
from app.core.localdocs.indexer import reason_text
from app.core.localdocs.service import (
    CollectionOverview,
    DocsProblem,
    IndexingProgress,
    ServiceState,
)
from app.core.localdocs.store import DocsError, DocsStore
from app.ui.docs_host import DocsHost
from app.ui.download_bridge import DownloadBridge
from app.ui.i18n import QT_TRANSLATE_NOOP, say
from app.ui.settings.embedding_row import EmbeddingRow

COLUMNS = (QT_TRANSLATE_NOOP("LocalDocsPage", "Collection"),
           QT_TRANSLATE_NOOP("LocalDocsPage", "Folders"),
           QT_TRANSLATE_NOOP("LocalDocsPage", "Files"),
           QT_TRANSLATE_NOOP("LocalDocsPage", "Chunks"),
           QT_TRANSLATE_NOOP("LocalDocsPage", "Size"),
           QT_TRANSLATE_NOOP("LocalDocsPage", "State"))
STATES = {"indexing": QT_TRANSLATE_NOOP("LocalDocsPage", "Indexing…"),
          "waiting": QT_TRANSLATE_NOOP("LocalDocsPage", "Waiting"),
          "paused": QT_TRANSLATE_NOOP("LocalDocsPage", "Paused"),
          "indexed": QT_TRANSLATE_NOOP("LocalDocsPage", "Indexed"),
          "not indexed": QT_TRANSLATE_NOOP("LocalDocsPage", "Not indexed")}

COUNTS_SECONDS = 2.0  # how often the counts are read again while a collection is indexed


def _size(size: int) -> str:
    if size >= 100_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e3:.0f} KB" if size >= 1000 else f"{size} B"


def _shown_path(path: str, folders: list[str]) -> str:
    """``path`` from the collection's folder that holds it (the whole path elsewhere)."""
    for folder in folders:
        prefix = folder.rstrip("/") + "/"
        if path.startswith(prefix):
            return path[len(prefix):]
    return path


class LocalDocsPage(QWidget):
    """The collections (through ``host``) and a copy of LocalDocs' settings."""

    def __init__(self, settings: LocalDocsSettings, host: DocsHost,
                 downloads: DownloadBridge | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.overview: list[CollectionOverview] = []
        self._counted = 0.0  # when the counts were last read during a run
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Answers can draw on your own files: add a folder as a collection, then choose "
            "it for a chat. Files are read on this computer and never leave it."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(self.tr("Collections"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        layout.addWidget(self.table, 2)
        layout.addLayout(self._collection_buttons())
        layout.addWidget(self._details())
        layout.addLayout(self._progress_row())
        self.note = QLabel()
        self.note.setObjectName("formNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        form = QFormLayout()
        self.sources = QSpinBox()
        self.sources.setAccessibleName(self.tr("Excerpts per question"))
        self.sources.setRange(1, 20)
        self.sources.setValue(settings.sources)
        self.sources.setMaximumWidth(self.fontMetrics().horizontalAdvance("0") * 12)
        form.addRow(self.tr("Excerpts per question"), self.sources)
        self.context_share = QSpinBox()
        self.context_share.setAccessibleName(self.tr("Share of the model's context"))
        self.context_share.setRange(5, 60)
        self.context_share.setSuffix(" %")
        self.context_share.setValue(round(settings.context_share * 100))
        self.context_share.setMaximumWidth(self.sources.maximumWidth())
        form.addRow(self.tr("Share of the model's context"), self.context_share)
        self.watch = QCheckBox(self.tr("Watch the folders and index changes while Fireside "
                                       "runs"))
        self.watch.setChecked(settings.watch_folders)
        form.addRow("", self.watch)
        self.embedding = EmbeddingRow(host.ctx, settings.embedding_model, downloads)
        form.addRow(self.tr("Embedding model"), self.embedding)
        layout.addLayout(form)
        host.sig_overview.connect(self._show_overview)
        host.sig_changed.connect(self._changed)
        host.sig_state.connect(self._show_state)
        host.sig_progress.connect(self._show_progress)
        host.sig_problem.connect(self._show_problem)
        if host.problem is not None:
            self.note.setText(say(host.problem))
        self._show_overview(host.overview)
        self._show_state(host.state)
        host.refresh()

    # -- building --------------------------------------------------------------------
    def _collection_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add collection…"))
        self.add_button.clicked.connect(self.add_collection)
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.rename_button.clicked.connect(self.rename_collection)
        self.reindex_button = QPushButton(self.tr("Re-index"))
        self.reindex_button.setToolTip(self.tr("Look for changed files now, and try the files "
                                               "that could not be read again"))
        self.reindex_button.clicked.connect(self.reindex)
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setAccessibleName(self.tr("Remove the collection"))
        self.remove_button.clicked.connect(self.remove_collection)
        for button in (self.add_button, self.rename_button, self.reindex_button,
                       self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _details(self) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("Folders of the collection:")))
        self.folders = QListWidget()
        self.folders.setAccessibleName(self.tr("Folders of the collection"))
        self.folders.itemSelectionChanged.connect(self._enable)
        self.folders.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        left.addWidget(self.folders, 1)
        buttons = QHBoxLayout()
        self.add_folder_button = QPushButton(self.tr("Add folder…"))
        self.add_folder_button.clicked.connect(self.add_folder)
        self.remove_folder_button = QPushButton(self.tr("Remove folder"))
        self.remove_folder_button.clicked.connect(self.remove_folder)
        buttons.addWidget(self.add_folder_button)
        buttons.addWidget(self.remove_folder_button)
        buttons.addStretch(1)
        left.addLayout(buttons)
        row.addLayout(left, 1)
        right = QVBoxLayout()
        self.failed_label = QLabel(self.tr("Files that could not be read:"))
        right.addWidget(self.failed_label)
        self.failed = QListWidget()
        self.failed.setAccessibleName(self.tr("Files that could not be read"))
        self.failed.setWordWrap(True)
        self.failed.setMaximumHeight(self.fontMetrics().lineSpacing() * 7)
        right.addWidget(self.failed, 1)
        row.addLayout(right, 1)
        return box

    def _progress_row(self) -> QVBoxLayout:
        column = QVBoxLayout()
        row = QHBoxLayout()
        self.progress_label = QLabel()
        self.progress_label.setObjectName("indexingProgress")
        self.progress_label.setWordWrap(True)
        row.addWidget(self.progress_label, 1)
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.clicked.connect(self.toggle_pause)
        row.addWidget(self.pause_button)
        column.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Indexing progress"))
        self.progress.setTextVisible(False)
        column.addWidget(self.progress)
        return column

    # -- what is shown -------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.host.refresh()

    def _changed(self) -> None:
        if self.isVisible():
            self.host.refresh()

    def selected(self) -> CollectionOverview | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.overview):
            return None
        return self.overview[rows[0].row()]

    def _show_overview(self, overview: list[CollectionOverview]) -> None:
        current = self.selected()
        keep = current.collection.name if current is not None else None
        self.overview = list(overview)
        self.table.setRowCount(len(self.overview))
        for row, item in enumerate(self.overview):
            status = item.status
            state = self.tr(STATES.get(item.state, item.state))
            if status.failed:
                state += " · " + self.tr("%n file(s) could not be read", "",
                                             len(status.failed))
            missing = [f for f in item.collection.folders if not os.path.exists(f)]
            if missing:  # (an unplugged drive: its files stay in the index until it is back)
                state += " · " + self.tr("%n folder(s) missing", "", len(missing))
            cells = (item.collection.name, "; ".join(item.collection.folders),
                     self.tr("{indexed} of {files}").format(indexed=status.indexed,
                                                            files=status.files),
                     f"{status.chunks:,}", _size(status.bytes), state)
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if column == 1:
                    cell.setToolTip("\n".join(item.collection.folders))
                self.table.setItem(row, column, cell)
        now = self.host.state
        if now.running is None and not now.waiting and not now.paused:
            self._show_idle()
        names = [o.collection.name for o in self.overview]
        if keep in names:
            self.table.selectRow(names.index(keep))
        elif self.overview:
            self.table.selectRow(0)
        self._show_selected()

    def _show_selected(self) -> None:
        item = self.selected()
        kept = self.folders.currentItem().text() if self.folders.currentItem() else None
        self.folders.clear()
        self.failed.clear()
        if item is not None:
            self.folders.addItems(item.collection.folders)
            if kept in item.collection.folders:
                self.folders.setCurrentRow(item.collection.folders.index(kept))
            for path, reason in item.status.failed:
                shown = _shown_path(path, item.collection.folders)
                self.failed.addItem(f"{shown} — {say(reason_text(reason))}")
                self.failed.item(self.failed.count() - 1).setToolTip(path)
        self.failed_label.setVisible(self.failed.count() > 0)
        self.failed.setVisible(self.failed.count() > 0)
        self._enable()

    def _enable(self) -> None:
        chosen = self.selected() is not None
        for button in (self.rename_button, self.reindex_button, self.remove_button,
                       self.add_folder_button):
            button.setEnabled(chosen)
        self.remove_folder_button.setEnabled(chosen and self.folders.currentItem() is not None
                                             and self.folders.count() > 1)

    def _show_state(self, state: ServiceState) -> None:
        self.pause_button.setText(self.tr("Resume") if state.paused else self.tr("Pause"))
        self.pause_button.setAccessibleName(self.tr("Resume indexing") if state.paused
                                            else self.tr("Pause indexing"))
        if state.paused:
            self.progress_label.setText(self.tr("Indexing is paused; Resume goes on where it "
                                                "stopped."))
        elif state.running is None and not state.waiting:
            self._show_idle()
        elif state.running is not None and self.host.progress is None:
            self.progress.show()
            self.progress.setRange(0, 0)  # busy, until the first file is done
            self.progress_label.setText(self.tr("Looking for files in “{name}”…").format(
                name=state.running))
        if self.isVisible():
            self.host.refresh()

    def _show_idle(self) -> None:
        self.progress.hide()
        self.progress_label.setText(self.tr("Every collection is indexed.") if self.overview
                                    else self.tr("No collections yet."))

    def _show_progress(self, progress: IndexingProgress) -> None:
        if self.host.state.paused:
            return
        self.progress.show()
        if time.monotonic() - self._counted > COUNTS_SECONDS and self.isVisible():
            self._counted = time.monotonic()
            self.host.refresh()  # the collection's counts, as they grow
        self.progress.setRange(0, max(progress.files_total, 1))
        self.progress.setValue(progress.files_done)
        left = progress.seconds_left
        when = (self.tr("about {seconds} s left").format(seconds=round(left)) if left is not None
                and left < 120 else self.tr("about {minutes} min left").format(
                    minutes=round(left / 60)) if left is not None else self.tr("working out "
                                                                               "the time left"))
        if progress.stage == "meaning":
            text = self.tr("Making “{name}” searchable by meaning: {done} of {total}").format(
                name=progress.collection, done=progress.files_done, total=progress.files_total)
        else:
            text = self.tr("Indexing “{name}”: {done} of {total} files · {rate:.1f} MB/s · "
                           "{when}").format(name=progress.collection, done=progress.files_done,
                                            total=progress.files_total,
                                            rate=progress.megabytes_per_second, when=when)
        self.progress_label.setText(text)

    def _show_problem(self, problem: DocsProblem) -> None:
        self.note.setText(say(problem.text))

    # -- actions ---------------------------------------------------------------------
    def _names(self) -> list[str]:
        return [o.collection.name for o in self.overview]

    def add_collection(self) -> None:
        """Ask for a name and a folder; the collection is made and indexed."""
        name, ok = QInputDialog.getText(self, self.tr("Add a collection"),
                                        self.tr("Name of the collection:"))
        if not ok or not name.strip():
            return
        try:
            name = DocsStore.check_name(name)
        except DocsError as exc:
            self.note.setText(say(exc))
            return
        if name in self._names():
            self.note.setText(self.tr("There is already a collection called “{name}”.")
                              .format(name=name))
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a folder for “{name}”").format(name=name))
        if not folder:
            return
        self.host.started().add_collection(name, [folder])
        self.note.setText(self.tr("Added “{name}”; it is being indexed.").format(name=name))

    def add_folder(self) -> None:
        item = self.selected()
        if item is None:
            return
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Choose a folder to add to “{name}”").format(
                name=item.collection.name))
        if folder:
            self.host.started().add_folder(item.collection.name, folder)

    def remove_folder(self) -> None:
        item, folder = self.selected(), self.folders.currentItem()
        if item is None or folder is None:
            return
        self.host.started().remove_folder(item.collection.name, folder.text())
        self.note.setText(self.tr("{folder} is left out of “{name}”; its files are "
                                  "untouched.").format(folder=folder.text(),
                                                       name=item.collection.name))

    def rename_collection(self) -> None:
        item = self.selected()
        if item is None:
            return
        old = item.collection.name
        new, ok = QInputDialog.getText(self, self.tr("Rename the collection"),
                                       self.tr("New name:"), text=old)
        if not ok or new.strip() == old:
            return
        try:
            new = DocsStore.check_name(new)
        except DocsError as exc:
            self.note.setText(say(exc))
            return
        if new in self._names():
            self.note.setText(self.tr("There is already a collection called “{name}”.")
                              .format(name=new))
            return
        self.host.rename(old, new)
        self.note.clear()

    def reindex(self) -> None:
        item = self.selected()
        if item is not None:
            self.host.started().reindex(item.collection.name)
            self.note.clear()

    def remove_collection(self) -> None:
        item = self.selected()
        if item is None:
            return
        name = item.collection.name
        answer = QMessageBox.question(
            self, self.tr("Remove the collection?"),
            self.tr("Remove “{name}” and its index? Your files on disk are untouched; chats "
                    "that used it answer without it.").format(name=name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.host.started().remove_collection(name)
        self.note.setText(self.tr("Removed “{name}”; your files are untouched.").format(
            name=name))

    def toggle_pause(self) -> None:
        service = self.host.started()
        if service.paused:
            service.resume()
        else:
            service.pause()
        self._show_state(service.state())  # at once (the host's report follows)

    # -- saving ----------------------------------------------------------------------
    def apply_to(self, settings: LocalDocsSettings) -> None:
        settings.sources = self.sources.value()
        settings.context_share = self.context_share.value() / 100
        settings.watch_folders = self.watch.isChecked()
