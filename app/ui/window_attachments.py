"""The main window's attached files: the paperclip, files dropped on the chat or the input,
the tray of chips above the input, and what goes with the next message."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog

from app.core.localdocs.attachments import (
    Attachment,
    attachments_of,
    collection_for,
    whole_budget,
)
from app.core.localdocs.embedding_setup import chosen_embedding_model
from app.core.localdocs.library import DEFAULT_CONTEXT
from app.ui.attachment_tray import (
    AttachmentTray,
    AttachTarget,
    PaperclipButton,
    attachable,
    file_filter,
    local_files,
)
from app.ui.window_base import WindowBase


class AttachmentsMixin(WindowBase):
    """Attaching files for :class:`~app.ui.main_window.MainWindow`.

    Keeps ``attachment_tray`` (above the input) and ``attach_button`` (the paperclip); a
    message sent while files are read goes when they are (``send_waiting``).
    """

    attach_button: PaperclipButton

    def setup_attachments(self) -> tuple[AttachmentTray, PaperclipButton]:
        """Make the tray and the paperclip (the window places them)."""
        self.attachment_tray = AttachmentTray(self._attach_target)
        self.attachment_tray.sig_failed.connect(self.banner.show_message)
        self.attachment_tray.sig_ready.connect(self._attachments_ready)
        self.attach_button = PaperclipButton()
        self.attach_button.clicked.connect(lambda: self.choose_attachments())
        return self.attachment_tray, self.attach_button

    def choose_attachments(self) -> None:
        """The paperclip: choose files to attach to the next message."""
        chosen, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Attach files"), str(Path.home()),
            file_filter(self.tr("Documents and text"), self.tr("All files")))
        if chosen:
            self.attach_files([Path(p) for p in chosen])

    def attach_files(self, paths: list[Path]) -> None:
        """Attach ``paths`` to the next message (read off the GUI thread)."""
        if paths:
            self.attachment_tray.add_files(paths)

    def _attach_target(self) -> AttachTarget:
        """Where the next file is read for: the open chat (or the next new one), and how
        much of its model's context attached text may take whole."""
        if self.remote_model is not None:
            n_ctx = DEFAULT_CONTEXT
        elif self.model_info is not None:
            n_ctx = self.model_info.n_ctx
        else:
            n_ctx = self.ctx.settings.generation.context_length
        budget = whole_budget(self.ctx.settings.localdocs, n_ctx, self.input.toPlainText())
        chat = self.current
        in_use = frozenset(a.path for m in chat.messages for a in attachments_of(m.attachments)
                           if not a.whole) if chat is not None else frozenset()
        return AttachTarget(budget, self.ctx.paths.localdocs, self._attach_collection(),
                            in_use, chosen_embedding_model(self.ctx.settings.localdocs,
                                                           self.ctx.embedding_models))

    def _attach_collection(self) -> str:
        chat_id = self.current.id if self.current is not None else self.attachment_tray.draft_id
        return collection_for(chat_id)

    def attachments_to_send(self) -> list[Attachment] | None:
        """The files to send with the message, or None while they are still read (the
        message is sent when they are)."""
        tray = self.attachment_tray
        if tray.ready_for(self._attach_collection()):
            return tray.attachments()
        tray.send_waiting = True
        self.statusBar().showMessage(
            self.tr("Reading the attached files; the message is sent when they are read."),
            5000)
        return None

    def _attachments_ready(self) -> None:
        tray = self.attachment_tray
        if tray.send_waiting and not tray.busy():
            tray.send_waiting = False
            self.send()

    # -- drag and drop -------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if attachable(local_files(event.mimeData())):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)  # (model files)

    def dropEvent(self, event: QDropEvent) -> None:
        files = attachable(local_files(event.mimeData()))
        super().dropEvent(event)  # model files are added as models
        if files:
            self.attach_files(files)
            event.acceptProposedAction()
