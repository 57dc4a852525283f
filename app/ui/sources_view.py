"""The "Sources" under an answer that drew on LocalDocs: :class:`SourcesView`.

Each source shows its number (as the answer cites it), file, page or lines, heading and
the start of the excerpt.  Clicking it opens the file with the system's viewer — a PDF at
its page (``#page=N``, which most PDF viewers honour) — and "Show in context" opens
:class:`SourceDialog` with the whole excerpt, where it is, and buttons to open the file
or its folder.  A file that is no longer there is said so, never an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.localdocs.retrieval import Source
from app.core.localdocs.store import ATTACHMENTS_PREFIX
from app.ui.i18n import say

SNIPPET_CHARS = 180
LABEL_CHARS = 70


def source_url(source: Source) -> QUrl:
    """The file as a URL; a PDF's page as ``#page=N`` (most viewers open it there)."""
    url = QUrl.fromLocalFile(source.path)
    if source.page is not None and source.path.lower().endswith(".pdf"):
        url.setFragment(f"page={source.page}")
    return url


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of an excerpt on one line, cut at a word with "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def sources_of(saved: list[dict[str, Any]] | None) -> list[Source]:
    """A message's saved sources (records this version cannot read are left out)."""
    return [s for s in (Source.from_dict(d) for d in saved or [] if isinstance(d, dict))
            if s is not None]


class SourceOpener(QObject):
    """Opens a source's file or folder, or says why not in ``note`` (shared by the view
    and the dialog)."""

    def __init__(self, note: QLabel) -> None:
        super().__init__(note)
        self.note = note

    def open_file(self, source: Source) -> bool:
        path = Path(source.path)
        if not path.is_file():
            return self._say(self.tr("“{file}” is no longer there ({path}).").format(
                file=path.name, path=source.path))
        if not QDesktopServices.openUrl(source_url(source)):
            return self._say(self.tr("No program on this computer could open "
                                          "“{file}”.").format(file=path.name))
        return True

    def open_folder(self, source: Source) -> bool:
        folder = Path(source.path).parent
        if not folder.is_dir():
            return self._say(self.tr("The folder {path} is no longer there.").format(
                path=str(folder)))
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))) or self._say(
            self.tr("No program on this computer could open {path}.").format(
                path=str(folder)))

    def _say(self, text: str) -> bool:
        self.note.setText(text)
        self.note.show()
        return False


class SourceDialog(QDialog):
    """One source in context: where it is (file, page or lines, heading, path) and the
    whole excerpt, with buttons to open the file or its folder."""

    def __init__(self, source: Source, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.setWindowTitle(self.tr("Source [{number}]").format(number=source.number))
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        self.place_label = QLabel(f"<b>{_escape(say(source.place()))}</b>")
        layout.addWidget(self.place_label)
        details = [self.tr("Heading: {heading}").format(heading=source.heading)
                   if source.heading else "",
                   self.tr("A file attached to this chat")
                   if source.collection.startswith(ATTACHMENTS_PREFIX) else
                   self.tr("Collection: {name}").format(name=source.collection),
                   self.tr("File: {path}").format(path=source.path)]
        self.details = QLabel("\n".join(d for d in details if d))
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # (a heading may hold "<table>")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details)
        self.text = QPlainTextEdit(source.text.strip())
        self.text.setReadOnly(True)
        self.text.setAccessibleName(self.tr("Excerpt"))
        layout.addWidget(self.text, 1)
        self.note = QLabel()
        self.note.setObjectName("sourceNote")
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        self.opener = SourceOpener(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.open_file_button = QPushButton(self.tr("Open file"))
        self.open_folder_button = QPushButton(self.tr("Open folder"))
        buttons.addButton(self.open_file_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.open_file_button.clicked.connect(lambda: self.opener.open_file(source))
        self.open_folder_button.clicked.connect(lambda: self.opener.open_folder(source))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if not Path(source.path).is_file():
            self.opener.open_file(source)  # says it is gone
            self.open_file_button.setEnabled(False)


class SourceRow(QWidget):
    """One source: "[1] guide.pdf, page 2 — Heading" (opens the file), its excerpt's
    start, and "Show in context"."""

    def __init__(self, source: Source, opener: SourceOpener,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.opener = opener
        self.dialog: SourceDialog | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(0)
        top = QHBoxLayout()
        place = say(source.place())
        label = f"[{source.number}] {place}"
        if source.heading:
            label += f" — {source.heading}"
        if len(label) > LABEL_CHARS:
            label = label[:LABEL_CHARS - 1] + "…"
        self.open_button = QToolButton()
        self.open_button.setObjectName("sourceLink")
        self.open_button.setText(label)
        self.open_button.setAutoRaise(True)
        self.open_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.open_button.setToolTip(self.tr("Open {path}").format(path=source.path))
        self.open_button.setAccessibleName(self.tr("Open source {number}: {place}").format(
            number=source.number, place=place))
        self.open_button.clicked.connect(lambda: self.opener.open_file(source))
        # In a narrow window the label gives way (cut; its place is in the accessible
        # name and the dialog) rather than pushing the answer wider than the chat.
        self.open_button.setSizePolicy(QSizePolicy.Policy.Preferred,
                                       QSizePolicy.Policy.Preferred)
        self.open_button.setMinimumWidth(96)
        top.addWidget(self.open_button)
        top.addStretch(1)
        self.context_button = QToolButton()
        self.context_button.setText(self.tr("Show in context"))
        self.context_button.setAutoRaise(True)
        self.context_button.setAccessibleName(self.tr("Show source {number} in context")
                                              .format(number=source.number))
        self.context_button.clicked.connect(self.show_in_context)
        top.addWidget(self.context_button)
        layout.addLayout(top)
        self.snippet = QLabel(snippet(source.text))
        self.snippet.setObjectName("sourceSnippet")
        self.snippet.setTextFormat(Qt.TextFormat.PlainText)
        self.snippet.setWordWrap(True)
        self.snippet.setContentsMargins(6, 0, 0, 0)  # (greyed by the theme: #sourceSnippet)
        layout.addWidget(self.snippet)

    def show_in_context(self) -> SourceDialog:
        self.dialog = SourceDialog(self.source, self.window())
        self.dialog.open()
        return self.dialog


class SourcesView(QFrame):
    """The "Sources" section under an answer (folds away with its title button)."""

    def __init__(self, sources: list[Source], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sources")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(0)
        self.toggle = QToolButton()  # (not checkable: a checked button looks pressed)
        self.toggle.setAutoRaise(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.DownArrow)
        label = self.tr("Sources ({count})").format(count=len(sources))
        self.toggle.setText(label)
        self.toggle.setAccessibleName(label)
        self.toggle.clicked.connect(self._flip)
        layout.addWidget(self.toggle)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(8, 0, 0, 0)
        body.setSpacing(0)
        self.note = QLabel()
        self.note.setObjectName("sourceNote")
        self.note.setWordWrap(True)
        self.note.hide()
        self.opener = SourceOpener(self.note)
        self.rows = [SourceRow(source, self.opener, self.body) for source in sources]
        for row in self.rows:
            body.addWidget(row)
        body.addWidget(self.note)
        layout.addWidget(self.body)

    def _flip(self) -> None:
        self._toggled(not self.body.isVisibleTo(self))

    def _toggled(self, opened: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if opened else Qt.ArrowType.RightArrow)
        self.body.setVisible(opened)


def show_sources(parent: QWidget, layout: QVBoxLayout, saved: list[dict[str, Any]] | None,
                 shown: SourcesView | None) -> SourcesView | None:
    """The message's sources below it, once (``shown``: the view it has already)."""
    if shown is not None:
        return shown
    sources = sources_of(saved)
    if not sources:
        return None
    view = SourcesView(sources, parent)
    layout.addWidget(view)
    view.show()  # now: a layout shows a new child of a visible widget only later (queued)
    return view


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
