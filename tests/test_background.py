"""Background work off the GUI thread: every outcome reaches the callback on the GUI thread."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from pytestqt.qtbot import QtBot

from app.ui.background import Background, BackgroundFailure
from app.ui.main_window import MainWindow


class Lookup(Exception):
    """An error the work is expected to raise (like a network failure)."""


def deliveries(qtbot: QtBot, work_raises: BaseException | None) -> list[tuple[object, bool]]:
    """Run work that returns 42 (or raises); what the callback got, and on which thread."""
    background = Background()
    got: list[tuple[object, bool]] = []

    def work() -> int:
        if work_raises is not None:
            raise work_raises
        return 42

    def callback(result: int | Exception) -> None:
        got.append((result, threading.current_thread() is threading.main_thread()))

    background.run(work, callback, (Lookup,))
    qtbot.waitUntil(lambda: bool(got), timeout=5_000)
    qtbot.wait(50)  # nothing else arrives
    return got


def test_a_result_and_an_expected_error_reach_the_callback_on_the_gui_thread(
        qtbot: QtBot) -> None:
    assert deliveries(qtbot, None) == [(42, True)]
    expected = Lookup("offline")
    assert deliveries(qtbot, expected) == [(expected, True)]


def test_an_unexpected_error_is_logged_and_reaches_the_callback_as_a_failure(
        qtbot: QtBot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.ERROR, logger="app.ui.background")
    bug = RuntimeError("index out of range")
    [(result, on_gui_thread)] = deliveries(qtbot, bug)
    assert on_gui_thread
    assert isinstance(result, BackgroundFailure) and result.error is bug
    assert str(result) == ("Something went wrong (index out of range). The details are in "
                           "Fireside's log.")
    [record] = [r for r in caplog.records if r.name == "app.ui.background"]
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert record.exc_info[1] is bug  # logged with its traceback


@pytest.mark.qt_no_exception_capture  # the window's own hook is what is tested
def test_a_slot_that_raises_is_logged_and_shown_not_printed(
        qtbot: QtBot, fresh_window: MainWindow, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    """As `fireside` sets it up (app.gui.run_gui): sys.excepthook is the window's."""
    from PySide6.QtCore import QTimer

    monkeypatch.setattr(sys, "excepthook", fresh_window.report_unexpected)

    def broken_slot() -> None:
        raise RuntimeError("a bug in a slot")

    with caplog.at_level(logging.ERROR):
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(fresh_window.banner.isVisible, timeout=5_000)
    assert fresh_window.banner.label.text() == (
        "Something went wrong (RuntimeError: a bug in a slot). The details are in Fireside's "
        "log.")
    assert any(r.exc_info and "a bug in a slot" in str(r.exc_info[1]) for r in caplog.records)
    assert "Traceback" not in capsys.readouterr().err
