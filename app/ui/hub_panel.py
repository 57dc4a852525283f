"""Hugging Face search in the Explore tab: repositories, their GGUF files, one to download.

Searching and listing run on a plain thread (:class:`Background`: the Hub may
be slow or absent); results come back as queued signals, so the window never
freezes.  A file
becomes a :class:`ModelCard` (size, quantization, fit estimate), the
recommended one (Q4_K_M first) marked, and downloads through the same
engine as catalog models.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.downloads import DownloadError
from app.core.fit import estimate_fit
from app.core.hub import HubFile, HubRepo, list_gguf_files, recommended_file, search_gguf
from app.core.speed import Calibration
from app.ui.background import Background
from app.ui.i18n import say
from app.ui.model_card import ModelCard, NoteLabel

T = TypeVar("T")


class HubPanel(QWidget):
    """Search box, repository list, file cards.

    Signals:
        sig_card_added(object): a :class:`ModelCard` for a Hub file was created (the
            window connects its buttons and tracks its download).
    """

    sig_card_added = Signal(object)

    def __init__(self, endpoint: Callable[[], str | None], context_length: Callable[[], int],
                 parent: QWidget | None = None,
                 calibration: Callable[[], Calibration | None] = lambda: None) -> None:
        super().__init__(parent)
        self._endpoint = endpoint
        self._context_length = context_length
        self._calibration = calibration  # this computer's speed, for "about N tokens/s"
        self.cards: dict[str, ModelCard] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search Hugging Face for GGUF models…"))
        self.query.setAccessibleName(self.tr("Search Hugging Face"))
        self.query.returnPressed.connect(self.search)
        bar.addWidget(self.query, 1)
        self.search_button = QPushButton(self.tr("Search Hugging Face"))
        self.search_button.clicked.connect(self.search)
        bar.addWidget(self.search_button)
        layout.addLayout(bar)
        self.status = NoteLabel("hubStatus")
        layout.addWidget(self.status)
        self.repos = QListWidget()
        self.repos.setAccessibleName(self.tr("Hugging Face repositories"))
        self.repos.setMaximumHeight(140)
        self.repos.itemActivated.connect(self._open_repo)
        self.repos.itemClicked.connect(self._open_repo)
        self.repos.hide()
        layout.addWidget(self.repos)
        self.files = QVBoxLayout()
        self.files.setSpacing(8)
        layout.addLayout(self.files)
        self._background = Background(self)

    def _run(self, work: Callable[[], T], deliver: Callable[[T | Exception], None]) -> None:
        self._background.run(work, deliver, (DownloadError,))

    def search(self) -> None:
        text = self.query.text().strip()
        self.search_button.setEnabled(False)
        self.status.setText(self.tr("Searching Hugging Face for “{query}”…").format(query=text))
        endpoint = self._endpoint()
        self._run(lambda: search_gguf(text, endpoint=endpoint), self._show_repos)

    def _show_repos(self, result: list[HubRepo] | Exception) -> None:
        self.search_button.setEnabled(True)
        if isinstance(result, Exception):  # DownloadError, or a BackgroundFailure
            self.status.setText(say(result))
            return
        repos = result
        self.repos.clear()
        for repo in repos:
            item = QListWidgetItem(f"{repo.id}    ↓ {repo.downloads:,}")
            item.setData(Qt.ItemDataRole.UserRole, repo.id)
            self.repos.addItem(item)
        self.repos.setVisible(bool(repos))
        self.status.setText(self.tr("%n repository(s); choose one to see its files.", "",
                                    len(repos)) if repos else
                            self.tr("No GGUF repositories match."))

    def _open_repo(self, item: QListWidgetItem) -> None:
        repo_id = item.data(Qt.ItemDataRole.UserRole)
        self.status.setText(self.tr("Listing the files of {repo}…").format(repo=repo_id))
        endpoint = self._endpoint()
        self._run(lambda: (repo_id, list_gguf_files(repo_id, endpoint=endpoint)),
                  self._show_files)

    def _show_files(self, result: tuple[str, list[HubFile]] | Exception) -> None:
        if isinstance(result, Exception):  # DownloadError, or a BackgroundFailure
            self.status.setText(say(result))
            return
        repo_id, files = result
        for card in self.cards.values():
            self.files.removeWidget(card)
            card.deleteLater()
        self.cards.clear()
        best = recommended_file(files)
        calibration = self._calibration()  # read once for the whole listing
        for hub_file in files:
            self._add_card(hub_file, hub_file == best, calibration)
        self.status.setText(self.tr("{repo}: %n GGUF file(s).", "", len(files)).format(
            repo=repo_id) if files else
            self.tr("{repo} has no single-file GGUF models.").format(repo=repo_id))

    def _add_card(self, hub_file: HubFile, recommended: bool,
                  calibration: Calibration | None = None) -> None:
        entry = hub_file.entry().model_copy(update={"description": self.tr(
            "From Hugging Face: {repo}").format(repo=hub_file.repo_id)})
        card = ModelCard(entry, estimate_fit(entry.size, self._context_length(),
                                             parameters=None,
                                             calibration=calibration))
        if recommended:
            card.title.setText(self.tr("<b>{name}</b> — recommended").format(
                name=html.escape(entry.name)))
        if not hub_file.sha256:
            card.download_button.setEnabled(False)
            card.download_button.setToolTip(self.tr("The Hub publishes no sha256 for this file, so "
                                            "it cannot be verified."))
        self.cards[entry.id] = card
        self.files.addWidget(card)
        self.sig_card_added.emit(card)
