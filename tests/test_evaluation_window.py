"""Evaluation in the window, driven by pytest-qt with real parts: the Evaluate dialog runs
llama.cpp on the window's model thread (never the GUI thread) over a tiny GGUF or the
starter model, keeps the result in evaluations.json, and the Installed tab and the
results table show it; Stop keeps nothing; bad files and models are sentences."""

from __future__ import annotations

import csv
import io
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import open_window
from gguf_factory import write_tiny_model
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot
from small_disk import SmallDisk, small_disk_fixture  # noqa: F401  (the fixture)

from app.core.context import AppContext
from app.core.evaluation import choices as choices_module
from app.core.evaluation import perplexity as perplexity_module
from app.core.evaluation import runs as runs_module
from app.core.evaluation.choices import score_choices
from app.core.evaluation.perplexity import default_window, perplexity
from app.core.evaluation.results import EvalRecord, ResultsStore
from app.core.evaluation.tasks import load_task
from app.core.installed import InstalledModel
from app.core.paths import resource_path
from app.ui.evaluation_dialog import EvaluationDialog
from app.ui.evaluation_table import ResultsTableDialog
from app.ui.i18n import install_translators
from app.ui.main_window import MainWindow
from app.ui.model_host import ModelHost
from app.ui.models_window import ModelsWindow

pytestmark = pytest.mark.real_model
TIMEOUT_MS = 180_000
TEXT = resource_path("eval/sample.txt").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def english(qapp: QApplication) -> Iterator[None]:
    """English as the app installs it: counts in their right form ("26 questions")."""
    install_translators(qapp, "en")
    yield


@pytest.fixture
def llama_threads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The threads every evaluation model was loaded on (``threading.get_ident()``)."""
    seen: list[int] = []
    for module in (perplexity_module, choices_module):
        real: Callable[..., Any] = module.load_scoring_model

        def load(*args: Any, real: Callable[..., Any] = real) -> Any:
            seen.append(threading.get_ident())
            return real(*args)

        monkeypatch.setattr(module, "load_scoring_model", load)
    return seen


def model_thread(host: ModelHost) -> int:
    """The model thread's ident; also proves the thread is free (a job submitted returns)."""
    return host.submit(lambda _slot: threading.get_ident()).result(timeout=120)


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, starter_model: Path) -> Iterator[MainWindow]:
    models = data_dir / "models"
    models.mkdir(parents=True)
    write_tiny_model(models / "tiny-eval.gguf")
    win = open_window(qtbot, data_dir, max_tokens=8)
    qtbot.waitUntil(lambda: win.loaded_model is not None, timeout=TIMEOUT_MS)
    yield win
    win.shutdown()


def installed(models: ModelsWindow, file_name: str) -> str:
    return next(i for i, row in models.rows.items() if row.model.path.name == file_name)


def open_dialog(qtbot: QtBot, models: ModelsWindow, model_id: str) -> EvaluationDialog:
    qtbot.mouseClick(models.rows[model_id].evaluate_button, Qt.MouseButton.LeftButton)
    dialog = models.evaluations.dialog
    assert dialog is not None and dialog.isVisible() and dialog.model.id == model_id
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=TIMEOUT_MS)
    return dialog


def choose_file(qtbot: QtBot, dialog: EvaluationDialog, path: Path,
                monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Pick ``path`` in the (patched) file dialog; the filters it offered."""
    offered: list[str] = []

    def pick(_parent: object, _title: str, _folder: str, kinds: str) -> tuple[str, str]:
        offered.append(kinds)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    return offered


def finished(dialog: EvaluationDialog) -> bool:
    return dialog.job is not None and not dialog.running


def test_perplexity_in_the_dialog_matches_the_core_is_kept_and_shown(
        qtbot: QtBot, window: MainWindow, data_dir: Path, llama_threads: list[int]) -> None:
    statuses: list[str] = []
    window.host.sig_status.connect(statuses.append)
    models = window.open_models_window()
    tiny = installed(models, "tiny-eval.gguf")
    assert models.rows[tiny].results_label.text() == "not evaluated yet"
    dialog = open_dialog(qtbot, models, tiny)
    assert dialog.perplexity_radio.isChecked() and dialog.sample_radio.isChecked()
    assert "sample.txt" in dialog.sample_radio.text()
    assert "not comparable across models with different tokenizers" in \
        dialog.about_label.text()
    progress: list[tuple[int, int]] = []
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None
    dialog.job.sig_progress.connect(lambda done, total: progress.append((done, total)))
    assert dialog.stop_button.isEnabled() and not dialog.start_button.isEnabled()
    assert "reply waits" in dialog.wait_note.text()
    qtbot.waitUntil(lambda: finished(dialog), timeout=TIMEOUT_MS)
    assert dialog.error_label.text() == ""
    loaded_on = list(llama_threads)

    path = data_dir / "models" / "tiny-eval.gguf"
    window_size = default_window(path)
    direct = perplexity(path, TEXT, window=window_size,
                        threads=window.ctx.settings.generation.threads)
    assert dialog.result_label.text() == f"Perplexity {direct.perplexity:.3f}"
    assert f"{direct.tokens_scored:,} tokens scored in {direct.windows} windows of " \
           f"{window_size} tokens" in dialog.details_label.text()
    assert "tokens/s" in dialog.details_label.text()
    assert progress and progress[-1] == (direct.tokens_scored, direct.tokens_scored)
    assert dialog.progress_bar.isHidden()

    kept = json.loads((data_dir / "evaluations.json").read_text())
    assert len(kept) == 1 and kept[0]["kind"] == "perplexity"
    assert kept[0]["model_file"] == "tiny-eval.gguf"
    assert kept[0]["settings"]["text"] == "sample.txt"
    assert round(kept[0]["metrics"]["perplexity"], 3) == pytest.approx(
        round(direct.perplexity, 3), abs=1e-3)
    assert kept[0]["model_sha256"] == window.ctx.checksums.cached(path)

    row = models.rows[tiny]
    assert row.results_label.text() == f"perplexity {direct.perplexity:.2f} on sample.txt"
    # A small screen: at 760 px every row still fits (Evaluate… sits on the results line),
    # and Results table… takes no room from the Installed tab (it is in the tab bar).
    room = 760 - 48  # (the window's and the tab page's margins, and the scroll bar's gap)
    assert all(r.minimumSizeHint().width() <= room for r in models.rows.values())
    assert models.tabs.cornerWidget() is models.results_button
    qtbot.mouseClick(models.results_button, Qt.MouseButton.LeftButton)
    table = models.evaluations.table
    assert table is not None and table.isVisible()
    assert table.table.rowCount() == 1
    assert table.table.horizontalHeaderItem(1).text() == "Perplexity · sample.txt"
    cell = table.table.item(0, 1)
    assert cell.text() == f"{kept[0]['metrics']['perplexity']:.3f}"
    assert "Measured" in cell.toolTip() and "512 tokens" in cell.toolTip()

    # A file the checksum cache no longer knows (touched) is hashed in the background, and
    # its row shows its results again.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert window.ctx.checksums.cached(path) is None
    models.rebuild()
    qtbot.waitUntil(lambda: models.rows[tiny].results_label.text().startswith("perplexity"),
                    timeout=TIMEOUT_MS)

    # llama.cpp ran on the model thread only, and the status line said so meanwhile.
    thread = model_thread(window.host)
    assert loaded_on and set(loaded_on) == {thread}
    assert thread != threading.main_thread().ident
    assert any(s.startswith("Evaluating ") for s in statuses)
    assert statuses[-1] == f"Evaluation of {dialog.model.name} finished"
    assert "evaluation of tiny-eval finished" in window.status_label.text()
    # The chat's model was freed for the run (one model in memory at a time)...
    assert window.host.submit(lambda slot: slot.loaded_id).result(timeout=60) is None
    # ... and answers again, loaded on demand.
    window.input.setPlainText("Say hello.")
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=TIMEOUT_MS)
    assert window.chat_view.messages[-1].source


def test_stop_keeps_nothing_and_frees_the_model_thread(
        qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    long_text = tmp_path / "long.md"
    long_text.write_text(TEXT * 40, encoding="utf-8")
    models = window.open_models_window()
    dialog = open_dialog(qtbot, models, installed(models, "tiny-eval.gguf"))
    offered = choose_file(qtbot, dialog, long_text, monkeypatch)
    assert offered and "*.txt *.md" in offered[0]
    assert dialog.file_radio.isChecked() and dialog.file_label.text() == "long.md"
    qtbot.waitUntil(lambda: dialog.source is not None and dialog.source.name == "long.md",
                    timeout=TIMEOUT_MS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert dialog.job is not None
    progress: list[tuple[int, int]] = []
    dialog.job.sig_progress.connect(lambda done, total: progress.append((done, total)))
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=TIMEOUT_MS)
    assert "tokens scored" in dialog.progress_label.text()
    assert dialog.progress_bar.value() < dialog.progress_bar.maximum()
    qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finished(dialog), timeout=TIMEOUT_MS)
    assert dialog.error_label.text() == "Stopped; nothing was saved."
    assert dialog.result_label.text() == ""
    done, total = progress[-1]
    assert done < total / 2  # it stopped at the next window, far from the end
    assert not (data_dir / "evaluations.json").exists()
    model_thread(window.host)  # free again: a job submitted after it returns

    # Closing while it runs asks first; Yes stops it, and the dialog closes once it ended.
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=TIMEOUT_MS)
    dialog.close()
    assert asked and "still running" in asked[0]
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=TIMEOUT_MS)
    assert not dialog.running
    assert not (data_dir / "evaluations.json").exists()
    model_thread(window.host)


def test_closing_the_app_mid_run_stops_it_at_once_and_keeps_nothing(
        qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path) -> None:
    long_text = tmp_path / "long.txt"
    long_text.write_text(TEXT * 40, encoding="utf-8")
    models = window.open_models_window()
    dialog = open_dialog(qtbot, models, installed(models, "tiny-eval.gguf"))
    dialog.use_file(long_text)
    qtbot.waitUntil(lambda: dialog.source is not None and dialog.source.name == "long.txt",
                    timeout=TIMEOUT_MS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.progress_bar.value() > 0, timeout=TIMEOUT_MS)
    assert dialog.progress_bar.value() < dialog.progress_bar.maximum() / 4
    started = time.monotonic()
    window.shutdown()  # joins the model thread: the run must end at its next window
    assert time.monotonic() - started < 30
    assert not (data_dir / "evaluations.json").exists()


def test_bad_task_files_are_sentences_and_start_stays_off(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    models = window.open_models_window()
    dialog = open_dialog(qtbot, models, installed(models, "tiny-eval.gguf"))
    dialog.choose_kind("choices")
    assert "JSON Lines" in dialog.about_label.text() and "allenai/ai2_arc" in \
        dialog.about_label.text()
    qtbot.waitUntil(lambda: dialog.source_label.text() ==
                    "sample_choices.jsonl: 26 questions", timeout=TIMEOUT_MS)
    broken = tmp_path / "task.jsonl"
    broken.write_text('{"question": "Q", "choices": ["a", "b"], "answer": 0}\n{oops\n')
    offered = choose_file(qtbot, dialog, broken, monkeypatch)
    assert "*.jsonl" in offered[0]
    qtbot.waitUntil(lambda: "task.jsonl, line 2: not valid JSON" in
                    dialog.source_label.text(), timeout=TIMEOUT_MS)
    assert dialog.source_label.property("state") == "bad"
    assert "Traceback" not in dialog.source_label.text()
    assert not dialog.start_button.isEnabled()
    unreadable = tmp_path / "secret.jsonl"
    unreadable.write_bytes(b"\xff\xfe not text")
    dialog.use_file(unreadable)
    qtbot.waitUntil(lambda: "secret.jsonl is not UTF-8 text" in dialog.source_label.text(),
                    timeout=TIMEOUT_MS)
    assert not dialog.start_button.isEnabled()
    dialog.sample_radio.setChecked(True)  # back to the sample: usable again
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=TIMEOUT_MS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finished(dialog), timeout=TIMEOUT_MS)
    assert dialog.result_label.text().startswith("Accuracy ")
    dialog.use_file(broken)  # the sample's result must not read as this file's
    qtbot.waitUntil(lambda: "not valid JSON" in dialog.source_label.text(), timeout=TIMEOUT_MS)
    assert dialog.result_label.text() == "" and dialog.details_label.text() == ""


def _arc(stem: str, choices: list[str], answer: int) -> dict[str, object]:
    """A line as ARC's own JSONL lays it out (allenai's ARC-V1 download)."""
    labels = "ABCD"
    return {"id": f"Fireside_{stem[:8]}", "question": {"stem": stem, "choices": [
        {"text": text, "label": labels[i]} for i, text in enumerate(choices)]},
        "answerKey": labels[answer]}


def _hellaswag(ctx_a: str, ctx_b: str, endings: list[str], label: int) -> dict[str, object]:
    """A line as HellaSwag's hellaswag_val.jsonl lays it out (the label as the hub's text)."""
    return {"ind": 1, "activity_label": "Test", "ctx_a": ctx_a, "ctx_b": ctx_b,
            "ctx": f"{ctx_a} {ctx_b}", "split": "val", "split_type": "indomain",
            "label": str(label), "endings": endings, "source_id": "fireside~test"}


def test_arc_and_hellaswag_files_run_through_the_dialog(
        qtbot: QtBot, window: MainWindow, data_dir: Path, tmp_path: Path,
        starter_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    arc = tmp_path / "ARC-Easy-Dev.jsonl"
    arc.write_text("\n".join(json.dumps(line) for line in [
        _arc("Which of these do bees make?", ["cars", "honey", "paper", "glass"], 1),
        _arc("What is the capital of France?", ["Berlin", "Paris", "Madrid", "Rome"], 1),
        _arc("Which animal is a baby cat?", ["kitten", "puppy", "calf", "foal"], 0),
        # the hub's flat layout, in the same file
        {"id": "flat", "question": "Fish live in", "choices": {
            "text": ["trees", "water", "clouds"], "label": ["1", "2", "3"]}, "answerKey": "2"},
    ]) + "\n")
    hellaswag = tmp_path / "hellaswag_val.jsonl"
    hellaswag.write_text("\n".join(json.dumps(line) for line in [
        _hellaswag("The sun rises in the", "morning and", ["sets in the evening.",
                   "eats a sandwich.", "plays the violin.", "turns into a cat."], 0),
        _hellaswag("She poured water into the", "glass and", ["drank it.", "flew to the moon.",
                   "painted the sky.", "ate the table."], 0),
    ]) + "\n")
    models = window.open_models_window()
    starter = next(i for i, r in models.rows.items() if r.model.source == "bundled")
    dialog = open_dialog(qtbot, models, starter)
    dialog.choose_kind("choices")
    threads = window.ctx.settings.generation.threads
    for task in (arc, hellaswag):
        choose_file(qtbot, dialog, task, monkeypatch)
        items = load_task(task)
        facts = f"{task.name}: {len(items)} questions"
        qtbot.waitUntil(lambda facts=facts: dialog.source_label.text() == facts,
                        timeout=TIMEOUT_MS)
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: finished(dialog), timeout=TIMEOUT_MS)
        assert dialog.error_label.text() == ""
        direct = score_choices(starter_model, items, threads=threads)
        assert dialog.result_label.text() == (
            f"Accuracy {direct.accuracy:.1%} ({direct.correct} of {len(items)})")
        assert f"Normalized accuracy {direct.accuracy_norm:.1%}" in dialog.details_label.text()
    kept = {r.settings["task"]: r for r in ResultsStore(data_dir).load()}
    assert set(kept) == {arc.name, hellaswag.name}
    assert kept[arc.name].metrics["items"] == 4 and kept[hellaswag.name].metrics["items"] == 2
    words = models.rows[starter].results_label.text()
    assert words.startswith("accuracy ") and "hellaswag_val.jsonl (2 questions)" in words


# -- the dialog alone, on a model thread of its own ------------------------------------------
@pytest.fixture
def host(qtbot: QtBot, context: AppContext) -> Iterator[ModelHost]:
    model_host = ModelHost(context.checksums)
    yield model_host
    model_host.shutdown()


@pytest.fixture
def context(data_dir: Path) -> Iterator[AppContext]:
    ctx = AppContext.open(data_dir)
    yield ctx
    ctx.close()


def _model(path: Path) -> InstalledModel:
    return InstalledModel(f"file:{path.name}", path.stem, path, path.stat().st_size, "added")


def test_a_model_that_cannot_load_is_a_sentence(qtbot: QtBot, host: ModelHost,
                                                context: AppContext, tmp_path: Path) -> None:
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 4000)
    dialog = EvaluationDialog(context, host, _model(junk))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=TIMEOUT_MS)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: finished(dialog), timeout=TIMEOUT_MS)
    assert "junk.gguf" in dialog.error_label.text() and "Traceback" not in \
        dialog.error_label.text()
    assert dialog.result_label.text() == ""
    assert not (context.paths.data_dir / "evaluations.json").exists()
    assert dialog.start_button.isEnabled()  # the dialog (and the app) go on
    model_thread(host)


def test_a_full_disk_shows_the_result_says_it_was_not_kept_and_recovers(
        qtbot: QtBot, small_disk: SmallDisk, tmp_path: Path) -> None:
    context = AppContext.open(small_disk.mount / "data")
    model_host = ModelHost(context.checksums)
    try:
        tiny = write_tiny_model(tmp_path / "tiny-disk.gguf")
        dialog = EvaluationDialog(context, model_host, _model(tiny))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.start_button.isEnabled(), timeout=TIMEOUT_MS)
        small_disk.fill()
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: finished(dialog), timeout=TIMEOUT_MS)
        assert dialog.result_label.text().startswith("Perplexity ")
        assert dialog.error_label.text().startswith("Measured, but not kept: The result could "
                                                    "not be saved in ")
        assert "No space left on device" in dialog.error_label.text()
        assert ResultsStore(context.paths.data_dir).load() == []
        small_disk.free()
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: finished(dialog), timeout=TIMEOUT_MS)
        assert dialog.error_label.text() == ""
        assert len(ResultsStore(context.paths.data_dir).load()) == 1
    finally:
        model_host.shutdown()
        context.close()


def test_progress_reaches_the_dialog_at_most_every_100_ms(
        qtbot: QtBot, host: ModelHost, context: AppContext, tmp_path: Path) -> None:
    """26 questions to a tiny model come in far faster than 10 a second: the bar is
    updated by the timer, not once per question, and ends at 26 of 26."""
    tiny = write_tiny_model(tmp_path / "tiny-fast.gguf")
    dialog = EvaluationDialog(context, host, _model(tiny))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.choose_kind("choices")
    qtbot.waitUntil(lambda: dialog.source is not None and dialog.source.kind == "choices",
                    timeout=TIMEOUT_MS)
    calls: list[float] = []  # each progress(done, total) call on the model thread
    real = runs_module.score_choices

    def scored(*args: Any, progress: Callable[[int, int], None], **kwargs: Any) -> Any:
        def counted(done: int, total: int) -> None:
            calls.append(time.monotonic())
            progress(done, total)

        return real(*args, progress=counted, **kwargs)

    shown: list[tuple[float, int]] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runs_module, "score_choices", scored)
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert dialog.job is not None
        dialog.job.sig_progress.connect(lambda done, _total: shown.append(
            (time.monotonic(), done)))
        qtbot.waitUntil(lambda: finished(dialog), timeout=TIMEOUT_MS)
    assert len(calls) == 26 and shown[-1][1] == 26
    assert dialog.result_label.text().endswith("of 26)")
    seconds = calls[-1] - calls[0]
    assert len(shown) <= seconds / 0.1 + 2, (len(shown), seconds)
    assert len(shown) < len(calls)


def test_the_results_table_sorts_by_value_and_copies_markdown_and_csv(
        qtbot: QtBot, data_dir: Path, qapp: QApplication) -> None:
    store = ResultsStore(data_dir)
    text = {"text": "sample.txt", "text_sha256": "ab" * 32, "threads": 2}
    for sha, name, ppl, window_size, date in (
            ("a" * 64, "Alpha Q8", 9.5, 512, "2025-01-02T10:00:00+00:00"),
            ("b" * 64, "Beta Q4", 12.25, 512, "2025-01-02T11:00:00+00:00"),
            ("a" * 64, "Alpha Q8", 11.0, 128, "2025-01-03T10:00:00+00:00"),
            ("c" * 64, "Gamma | F16", 7.125, 512, "2025-01-04T10:00:00+00:00")):
        store.save(EvalRecord("perplexity", sha, name, f"{name}.gguf",
                              {**text, "window": window_size}, {"perplexity": ppl}, date))
    store.save(EvalRecord("choices", "b" * 64, "Beta Q4", "Beta Q4.gguf",
                          {"task": "arc.jsonl", "task_sha256": "cd" * 32, "context": 512,
                           "threads": 2}, {"accuracy": 0.75, "correct": 3, "items": 4,
                                           "accuracy_norm": 0.5}, "2025-01-05T10:00:00+00:00"))
    dialog = ResultsTableDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    grid = dialog.table
    headers = [grid.horizontalHeaderItem(i).text() for i in range(grid.columnCount())]
    assert headers == ["Model", "Perplexity · sample.txt · 128 tokens",
                       "Perplexity · sample.txt · 512 tokens", "Accuracy · arc.jsonl"]

    def column(index: int) -> list[str]:
        return [grid.item(row, index).text() for row in range(grid.rowCount())]

    assert column(0) == ["Alpha Q8", "Beta Q4", "Gamma | F16"]
    grid.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by value, not by text
    assert column(2) == ["7.125", "9.500", "12.250"]
    grid.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert column(1)[0] == "11.000" and column(1)[1:] == ["", ""]
    cell = grid.item(next(r for r in range(3) if grid.item(r, 0).text() == "Beta Q4"), 3)
    assert cell.text() == "75.0% (3 of 4)"
    assert "normalized 50.0%" in cell.toolTip() and "2025-01-05 10:00" in cell.toolTip()

    qtbot.mouseClick(dialog.copy_markdown_button, Qt.MouseButton.LeftButton)
    markdown = qapp.clipboard().text().splitlines()
    assert markdown[0] == ("| Model | Perplexity · sample.txt · 128 tokens | Perplexity · "
                           "sample.txt · 512 tokens | Accuracy · arc.jsonl |")
    assert markdown[1] == "| --- | --- | --- | --- |"
    assert "| Gamma \\| F16 |  | 7.125 |  |" in markdown
    qtbot.mouseClick(dialog.copy_csv_button, Qt.MouseButton.LeftButton)
    rows = list(csv.reader(io.StringIO(qapp.clipboard().text())))
    assert rows[0][:3] == ["Model", "File", "sha256"]
    beta = next(r for r in rows if r[0] == "Beta Q4")
    assert beta[1:] == ["Beta Q4.gguf", "b" * 64, "", "12.25", "0.75"]
    assert dialog.copied_label.text() == "Copied."
