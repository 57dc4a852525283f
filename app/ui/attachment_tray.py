"""Files attached to the next message, above the input: :class:`AttachmentTray`, and the
paperclip that adds them (:class:`PaperclipButton`).

Each file is read off the GUI thread, one at a time (so each knows how much of the
budget the ones before it took), its chip saying "Reading file…" meanwhile: a big PDF
never freezes the window.  A file that fits the budget is attached whole; a longer one is
indexed in the chat's own collection.  Removing a chip drops the file (and its index);
sending takes the attached files with the message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QSize, Signal
from PySide6.QtGui import QIcon, QPalette, QPixmap
from PySide6.QtWidgets import QToolButton, QWidget

from app.core.conversation import new_id
from app.core.localdocs.attachments import (
    Attachment,
    AttachmentError,
    prepare,
    unattach,
)
from app.core.localdocs.embedder import EmbeddingModel
from app.core.localdocs.embedding_setup import shared_embedder
from app.core.localdocs.extract import SUFFIXES
from app.ui.attachment_chips import AttachmentChip, FlowLayout
from app.ui.background import Background
from app.ui.i18n import say

MODEL_SUFFIX = ".gguf"  # dropped model files are added as models, never attached
_PAPERCLIP = (  # a paperclip, drawn in the button's text colour
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path '
    'transform="rotate(40 12 12)" fill="none" stroke="{color}" stroke-width="1.8" '
    'stroke-linecap="round" d="M15.5 7v9.5a3.5 3.5 0 0 1-7 0V5.5a2.25 2.25 0 0 1 4.5 0'
    'v10a1 1 0 0 1-2 0V8"/></svg>')


def local_files(mime: QMimeData | None) -> list[Path]:
    """The local files a drag carries."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def attachable(paths: Sequence[Path]) -> list[Path]:
    """Those of ``paths`` that are attached when dropped (not model files)."""
    return [p for p in paths if p.suffix.lower() != MODEL_SUFFIX]


def file_filter(label: str, all_files: str) -> str:
    """The file dialog's filters: the kinds Fireside reads (``label``), then every file."""
    patterns = " ".join(f"*{s}" for s in sorted(SUFFIXES))
    return f"{label} ({patterns});;{all_files} (*)"


@dataclass(frozen=True)
class AttachTarget:
    """Where the next file goes, asked when it starts being read.

    Attributes:
        budget: the tokens attached text may take whole (before the files already here).
        docs_path: the LocalDocs index.
        collection: the chat's collection for files too long to go whole.
        in_use: files that collection keeps for messages already sent (never dropped).
        embedding: the embedding model for files that are indexed (None: keywords only).
    """

    budget: int
    docs_path: Path
    collection: str
    in_use: frozenset[str] = frozenset()
    embedding: EmbeddingModel | None = None


@dataclass(eq=False)
class _Item:
    path: Path
    chip: AttachmentChip
    attachment: Attachment | None = None
    target: AttachTarget | None = None  # what it was last read for
    stop: threading.Event = field(default_factory=threading.Event)
    removed: bool = False


class PaperclipButton(QToolButton):
    """The paperclip next to the input (its icon follows the theme's colours)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachButton")
        self.setAutoRaise(True)
        self.setIconSize(QSize(22, 22))
        self.setAccessibleName(self.tr("Attach files"))
        self.setToolTip(self.tr("Attach files to the message (or drop them on the chat)"))
        self._draw()

    def _draw(self) -> None:
        color = self.palette().color(QPalette.ColorRole.ButtonText).name()
        pixmap = QPixmap()
        pixmap.loadFromData(_PAPERCLIP.format(color=color).encode(), "SVG")
        self.setIcon(QIcon(pixmap))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._draw()
        super().changeEvent(event)


class AttachmentTray(QWidget):
    """The chips of the files attached to the next message (hidden when there are none).

    Signals:
        sig_changed(): a file was added, read or removed.
        sig_failed(str): a file cannot be attached (why; its chip is gone).
        sig_ready(): no file is being read any more.

    Attributes:
        draft_id: the id a new chat gets when its first message carries these files.
        send_waiting: the user pressed Send while files were read: send when they are.
    """

    sig_changed = Signal()
    sig_failed = Signal(str)
    sig_ready = Signal()

    def __init__(self, target: Callable[[], AttachTarget],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attachmentTray")
        self._target = target
        self._layout = FlowLayout(self)
        self._layout.setContentsMargins(0, 2, 0, 2)
        self._items: list[_Item] = []
        self._queue: list[_Item] = []
        self._running: _Item | None = None
        self._background = Background(self)
        self.draft_id = new_id()
        self.send_waiting = False
        self.hide()

    # -- what is attached -----------------------------------------------------
    def attachments(self) -> list[Attachment]:
        """The files read and attached, in the order they were added."""
        return [i.attachment for i in self._items if i.attachment is not None]

    def busy(self) -> bool:
        """A file is still being read."""
        return any(i.attachment is None for i in self._items)

    def chips(self) -> list[AttachmentChip]:
        return [i.chip for i in self._items]

    def _whole_tokens(self) -> int:
        return sum(a.tokens for a in self.attachments() if a.whole)

    # -- adding and reading -----------------------------------------------------
    def add_files(self, paths: Sequence[Path]) -> None:
        """Attach ``paths`` (a file already here is not added twice)."""
        for path in paths:
            if any(i.path == path for i in self._items):
                continue
            chip = AttachmentChip(path.name, removable=True, parent=self)
            chip.show_reading()
            item = _Item(path, chip)
            chip.sig_remove.connect(lambda item=item: self.remove(item))
            self._items.append(item)
            self._queue.append(item)
            self._layout.addWidget(chip)
        self.setVisible(bool(self._items))
        self.sig_changed.emit()
        self._next()

    def _next(self) -> None:
        if self._running is not None:
            return
        if not self._queue:
            self.sig_ready.emit()
            return
        item = self._running = self._queue.pop(0)
        target = item.target = self._target()
        budget = target.budget - self._whole_tokens()
        self._background.run(
            lambda: prepare(item.path, budget, target.docs_path, target.collection,
                            stop=item.stop, embedder=shared_embedder(target.embedding)
                            if target.embedding is not None else None),
            lambda result: self._done(item, target, result), expected=(AttachmentError,))

    def _done(self, item: _Item, target: AttachTarget, result: Attachment | Exception) -> None:
        self._running = None
        if item.removed:  # removed while it was read
            if isinstance(result, Attachment):
                self._unattach(result, target)
        elif isinstance(result, Attachment):
            item.attachment = result
            item.chip.show_attachment(result)
        else:
            self._forget(item)
            self.send_waiting = False
            self.sig_failed.emit(say(result))
        self.sig_changed.emit()
        self._next()

    def ready_for(self, collection: str) -> bool:
        """Every file is read for the chat whose collection is ``collection``.  Files
        indexed for another chat (the user went to another one) are read again for this
        one; False while anything is being read."""
        for item in self._items:
            attached = item.attachment
            if attached is not None and not attached.whole and \
                    attached.collection != collection:
                if item.target is not None:  # (it leaves the other chat's collection)
                    self._unattach(attached, item.target)
                item.attachment = None
                item.chip.show_reading()
                self._queue.append(item)
        if self._queue:
            self._next()
        return not self.busy()

    # -- removing --------------------------------------------------------------------
    def remove(self, item: _Item) -> None:
        """The user removed a file: it is not attached (an index made for it goes)."""
        item.removed = True
        item.stop.set()
        if item in self._queue:
            self._queue.remove(item)
        if item.attachment is not None and item.target is not None:
            self._unattach(item.attachment, item.target)
        self._forget(item)
        self.sig_changed.emit()
        if not self.busy():
            self.sig_ready.emit()

    def _forget(self, item: _Item) -> None:
        if item in self._items:
            self._items.remove(item)
        self._layout.removeWidget(item.chip)
        item.chip.deleteLater()
        self.setVisible(bool(self._items))

    def _unattach(self, attachment: Attachment, target: AttachTarget) -> None:
        """An indexed file not sent leaves the collection it was read into (unless a
        message sent in that chat relies on it)."""
        if attachment.whole or attachment.collection is None or attachment.path in \
                target.in_use:
            return
        collection, path = attachment.collection, attachment.path
        self._background.run(lambda: unattach(target.docs_path, collection, path),
                             lambda _result: None)

    def sent(self) -> None:
        """The files went with a message: the tray is empty (a new chat's draft id used)."""
        for item in list(self._items):
            self._forget(item)
        self._queue.clear()
        self.draft_id = new_id()
        self.send_waiting = False
        self.sig_changed.emit()

    def shutdown(self) -> None:
        """The window closes: reading stops after the file at hand, and files indexed but
        never sent leave the index (here, before the window's last moment)."""
        for item in self._items:
            item.stop.set()
        self._queue.clear()
        for item in self._items:
            attached, target = item.attachment, item.target
            if attached is not None and target is not None and attached.collection and \
                    attached.path not in target.in_use:
                unattach(target.docs_path, attached.collection, attached.path)

