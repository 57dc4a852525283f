"""The Compare window (Chat → Compare models…), driven like a user: the real main window,
the real model thread, two tiny GGUFs and the starter model, llama-cpp-python's own
server as a remote model, and a misbehaving server."""

from __future__ import annotations

import itertools
import json
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import open_window
from gguf_factory import write_tiny_model
from llama_server import llama_server
from openai_fault_server import Behaviour, FaultServer
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.core.compare.runner import MAX_MODELS
from app.core.compare.tally import START_RATING
from app.core.compare.votes import CompareStore
from app.core.engine import Engine
from app.core.paths import AppPaths
from app.core.providers import Provider, ProviderStore, host_of
from app.ui.compare_job import CompareJob
from app.ui.compare_window import CompareWindow
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.real_model
DONE_MS = 180_000
TINY_A, TINY_B, STARTER = "file:tiny-a.gguf", "file:tiny-b.gguf", "smollm2-135m-instruct-q4_1"


@pytest.fixture
def window(qtbot: QtBot, data_dir: Path, starter_model: Path) -> Iterator[MainWindow]:
    """The main window with the starter model loaded and two tiny models installed."""
    models = AppPaths.resolve(data_dir).ensure().models_dir
    write_tiny_model(models / "tiny-a.gguf", seed=11, name="tiny-a")
    write_tiny_model(models / "tiny-b.gguf", seed=22, name="tiny-b")
    window = open_window(qtbot, data_dir, max_tokens=24)
    qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
    yield window
    window.shutdown()


def open_compare(window: MainWindow) -> CompareWindow:
    window.compare_action.trigger()  # Chat → Compare models…
    compare = window.compare_window
    assert compare is not None and compare.isVisible()
    return compare


def run(qtbot: QtBot, compare: CompareWindow, models: list[str], prompt: str,
        blind: bool = False) -> None:
    compare.form.choose(models)
    assert compare.form.chosen_ids() == models
    compare.form.prompt.setPlainText(prompt)
    compare.form.blind.setChecked(blind)
    qtbot.mouseClick(compare.form.compare_button, Qt.MouseButton.LeftButton)
    assert compare.running
    qtbot.waitUntil(lambda: not compare.running, timeout=DONE_MS)


def test_three_models_answer_side_by_side_one_after_another_measured(
        qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []
    real_generate = Engine.generate

    def generate(self: Engine, *args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_generate(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "generate", generate)
    events: list[tuple[str, int]] = []
    real_start = CompareJob.start

    def start(job: CompareJob) -> None:  # watch the job the button starts
        job.sig_started.connect(lambda i: events.append(("start", i)))
        job.sig_text.connect(lambda i, _t: events.append(("text", i)))
        job.sig_answered.connect(lambda i, _a: events.append(("done", i)))
        real_start(job)

    monkeypatch.setattr(CompareJob, "start", start)
    compare = open_compare(window)
    run(qtbot, compare, [TINY_A, TINY_B, STARTER], "What is the capital of France?")

    # Each model streamed, then the next began: one after another, never at once.
    starts = [events.index(("start", i)) for i in range(3)]
    dones = [events.index(("done", i)) for i in range(3)]
    assert starts[0] < dones[0] < starts[1] < dones[1] < starts[2] < dones[2]
    assert all(("text", i) in events for i in range(3))
    assert threading.main_thread().name not in threads and len(threads) == 3

    comparison = compare.comparison
    assert comparison is not None
    kept = compare.store().load(comparison.id)  # kept in compare.sqlite3
    assert kept is not None and [a.text for a in kept.answers] == \
        [a.text for a in comparison.answers]
    assert [c.title.text() for c in compare.columns] == ["tiny-a", "tiny-b",
                                                        "SmolLM2 135M Instruct (Q4_1)"]
    assert "Paris" in comparison.answers[2].text  # real language from the starter model
    for column, answer in zip(compare.columns, comparison.answers, strict=True):
        m = answer.metrics
        assert m is not None and answer.error is None
        assert m.tokens > 0 and m.tokens_per_second > 0 and m.load_seconds is not None
        assert m.peak_memory_bytes is not None and m.peak_memory_bytes >= 0
        shown = column.metrics.text()
        assert f"{m.tokens_per_second:.1f} tokens/s" in shown
        assert f"tokens: {m.tokens}" in shown and f"load {m.load_seconds:.2f} s" in shown
        assert f"first token {m.time_to_first_token:.2f} s" in shown
        assert "temperature=0.0" in column.settings.text()
        assert column.text.toPlainText().strip()  # (the tiny models' bytes: not words)
        assert column.vote_button.isVisible() and column.continue_button.isVisible()
    assert comparison.answers[2].metrics is not None
    assert compare.columns[2].text.toPlainText().split() == comparison.answers[2].text.split()
    assert comparison.answers[2].metrics.peak_memory_bytes > 50_000_000  # the 98 MB file
    assert compare.tie_button.isVisible() and compare.export_button.isEnabled()
    # Equal columns, and in a narrow window every button whole (stacked if need be).
    widths = [c.width() for c in compare.columns]
    assert max(widths) - min(widths) <= 2, widths
    assert compare.minimumSizeHint().width() <= 760
    compare.resize(compare.minimumSizeHint().width(), 700)
    qtbot.waitUntil(lambda: compare.width() <= 760, timeout=5000)
    qtbot.wait(50)
    edges = [(c.geometry().left(), c.geometry().right()) for c in compare.columns]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(edges)), edges  # side by side
    assert edges[-1][1] < compare.answers.width(), edges  # none past the window's edge
    for column in compare.columns:
        for button in (column.vote_button, column.continue_button):
            assert button.width() >= button.sizeHint().width(), button.text()
            assert column.rect().contains(button.geometry())

    # The chat goes on afterwards: the window's own model is loaded again for it.
    compare.close()
    window.input.setPlainText("Hello")
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
    assert window.chat_view.messages[-1].message.content.strip()


def test_a_blind_vote_hides_the_names_until_the_pick_then_tallies(
        qtbot: QtBot, window: MainWindow) -> None:
    compare = open_compare(window)
    run(qtbot, compare, [TINY_A, STARTER], "Say hello.", blind=True)
    comparison = compare.comparison
    assert comparison is not None and comparison.blind
    assert [c.title.text() for c in compare.columns] == ["Model 1", "Model 2"]
    assert "names are shown after your vote" in compare.note.text()
    assert not compare.export_button.isEnabled()  # it would tell the names
    assert not any(c.continue_button.isVisible() for c in compare.columns)
    # Load time, speed and memory would tell a tiny model from the starter: not yet.
    assert all(c.metrics.text() == "What was measured is shown after your vote."
               for c in compare.columns)
    assert not any(c.settings.text() for c in compare.columns)
    names = [a.name for a in comparison.answers]
    assert sorted(names) == ["SmolLM2 135M Instruct (Q4_1)", "tiny-a"]

    qtbot.mouseClick(compare.columns[1].vote_button, Qt.MouseButton.LeftButton)
    assert [c.title.text() for c in compare.columns] == names  # revealed
    assert compare.columns[1].state.text() == "chosen"
    assert f"Model 2 was {names[1]}" in compare.note.text()
    assert not any(c.vote_button.isVisible() for c in compare.columns)
    assert not compare.tie_button.isVisible() and compare.export_button.isEnabled()
    assert all("tokens/s" in c.metrics.text() for c in compare.columns)  # now shown
    assert "Votes on this computer" in compare.note.text()
    assert not compare.tally.isVisible()  # the answers keep their room
    qtbot.mouseClick(compare.tally_toggle, Qt.MouseButton.LeftButton)
    assert compare.tally.isVisible()
    table = {compare.tally.item(r, 0).text(): [compare.tally.item(r, c).text()
                                               for c in range(1, 5)]
             for r in range(compare.tally.rowCount())}
    assert table == {names[1]: ["1", "0", "0", "1016"], names[0]: ["0", "0", "1", "984"]}

    # Kept on disk, privately; another comparison voted a tie counts as a tie for both.
    store_file = window.ctx.paths.data_dir / "compare.sqlite3"
    assert stat.S_IMODE(store_file.stat().st_mode) == 0o600
    run(qtbot, compare, [TINY_A, STARTER], "Say goodbye.")
    assert [c.title.text() for c in compare.columns] == ["tiny-a",
                                                        "SmolLM2 135M Instruct (Q4_1)"]
    qtbot.mouseClick(compare.tie_button, Qt.MouseButton.LeftButton)
    assert [c.state.text() for c in compare.columns] == ["tie", "tie"]
    assert compare.tally.item(0, 2).text() == "1"  # the open tally follows the vote
    other = CompareStore(store_file)
    try:
        standings = {s.name: s for s in other.standings()}
    finally:
        other.close()
    assert {n: (s.wins, s.ties, s.losses) for n, s in standings.items()} == {
        names[1]: (1, 1, 0), names[0]: (0, 1, 1)}
    assert standings[names[1]].rating > START_RATING > standings[names[0]].rating


def test_an_answer_continues_as_a_chat_with_its_model(qtbot: QtBot, window: MainWindow) -> None:
    compare = open_compare(window)
    run(qtbot, compare, [TINY_B, STARTER], "Name a colour.")
    comparison = compare.comparison
    assert comparison is not None
    qtbot.mouseClick(compare.columns[1].continue_button, Qt.MouseButton.LeftButton)
    chat = window.current
    assert chat is not None and chat.model_id == STARTER
    assert [m.content for m in chat.path()] == ["Name a colour.", comparison.answers[1].text]
    assert window.chat_list.item_for(chat.id) is not None  # listed
    assert "Saved as a chat with SmolLM2" in compare.note.text()
    window.input.setPlainText("And another one?")
    window.send()
    qtbot.waitUntil(lambda: window.stream is None, timeout=60_000)
    reloaded = window.ctx.store.load_conversation(chat.id)
    assert reloaded is not None and len(reloaded.path()) == 4
    assert reloaded.path()[-1].model_id == STARTER and reloaded.path()[-1].content.strip()


def test_a_comparison_exports_as_markdown_and_json(
        qtbot: QtBot, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    compare = open_compare(window)
    run(qtbot, compare, [TINY_A, TINY_B], "Count to three.")
    comparison = compare.comparison
    assert comparison is not None
    for name in ("out.md", "out.json"):
        target = tmp_path / name
        monkeypatch.setattr(QFileDialog, "getSaveFileName",
                            staticmethod(lambda *_a, t=target: (str(t), "")))
        qtbot.mouseClick(compare.export_button, Qt.MouseButton.LeftButton)
        assert target.exists() and stat.S_IMODE(target.stat().st_mode) == 0o600
    markdown = (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "## You" in markdown and "Count to three." in markdown
    assert "## 1. tiny-a" in markdown and "## 2. tiny-b" in markdown
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["format"] == "fireside-comparison" and data["id"] == comparison.id
    assert [a["text"] for a in data["answers"]] == [a.text for a in comparison.answers]
    # A folder that cannot be written: said, nothing lost.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(
        lambda *_a: (str(tmp_path / "missing" / "x.md"), "")))
    qtbot.mouseClick(compare.export_button, Qt.MouseButton.LeftButton)
    assert "Could not write" in compare.note.text()


def test_stop_ends_the_answer_under_way_and_skips_the_rest(
        qtbot: QtBot, window: MainWindow) -> None:
    window.ctx.settings.generation.max_tokens = 4000
    compare = open_compare(window)
    compare.form.choose([STARTER, TINY_A, TINY_B])
    compare.form.prompt.setPlainText("Write a very long story about a lighthouse keeper.")
    qtbot.mouseClick(compare.form.compare_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(compare.columns[0].text.toPlainText()), timeout=60_000)
    qtbot.mouseClick(compare.form.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not compare.running, timeout=60_000)
    comparison = compare.comparison
    assert comparison is not None
    first = comparison.answers[0]
    assert first.metrics is not None and first.metrics.finish_reason == "stopped"
    assert first.metrics.tokens < 4000
    assert [a.error for a in comparison.answers[1:]] == \
        ["Not asked: the comparison was stopped."] * 2
    assert [c.state.text() for c in compare.columns] == ["stopped", "not asked", "not asked"]
    assert not compare.tie_button.isVisible()  # one answer: nothing to vote on
    assert compare.note.text() == "Stopped."
    assert compare.form.compare_button.isEnabled()


def test_what_is_missing_is_said_and_the_form_keeps_to_2_to_4_models(
        qtbot: QtBot, window: MainWindow) -> None:
    compare = open_compare(window)
    compare.form.prompt.setPlainText("   ")
    assert not compare.compare()
    assert compare.note.text() == "Write the prompt the models answer."
    for _ in range(6):
        qtbot.mouseClick(compare.form.add_button, Qt.MouseButton.LeftButton)
    assert len(compare.form.pickers) == MAX_MODELS and not compare.form.add_button.isEnabled()
    # Each new picker takes a model not picked yet, while there is one.
    assert compare.form.chosen_ids()[:3] == [STARTER, TINY_A, TINY_B]
    for _ in range(6):
        qtbot.mouseClick(compare.form.remove_button, Qt.MouseButton.LeftButton)
    assert len(compare.form.pickers) == 2 and not compare.form.remove_button.isEnabled()
    # A model deleted after it was picked: said, and the pickers are filled again.
    compare.form.choose([TINY_A, TINY_B])
    (window.ctx.paths.models_dir / "tiny-b.gguf").unlink()
    window.ctx.rescan()
    compare.form.prompt.setPlainText("Hello")
    assert not compare.compare()
    assert "no longer here" in compare.note.text()
    assert TINY_B not in compare.form.chosen_ids()


@pytest.fixture(scope="module")
def served(starter_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with llama_server(starter_model, tmp_path_factory.mktemp("server") / "log") as base:
        yield base


def test_a_remote_model_is_compared_with_a_local_one(
        qtbot: QtBot, data_dir: Path, served: str) -> None:
    """llama-cpp-python's own server as a provider; a broken provider fails in its place."""
    with FaultServer() as fault:
        fault.behaviour = Behaviour("status", status=400, body={"error": {"message": "boom"}})
        ProviderStore.for_paths(AppPaths.resolve(data_dir).ensure()).save(
            [Provider(name="home", base_url=served, models=["smollm2"]),
             Provider(name="broken", base_url=fault.base_url, models=["fault-model"])])
        window = open_window(qtbot, data_dir, max_tokens=24)
        try:
            qtbot.waitUntil(lambda: window.loaded_model is not None, timeout=30_000)
            compare = open_compare(window)
            compare.form.choose([STARTER, "remote:home/smollm2", "remote:broken/fault-model"])
            compare.form.prompt.setPlainText("What is the capital of France?")
            qtbot.mouseClick(compare.form.compare_button, Qt.MouseButton.LeftButton)
            hosts = ", ".join(sorted({host_of(served), host_of(fault.base_url)}))
            assert compare.note.text() == \
                f"The prompt goes to {hosts}: it leaves this computer."
            qtbot.waitUntil(lambda: not compare.running, timeout=DONE_MS)
            comparison = compare.comparison
            assert comparison is not None
            local, remote, broken = comparison.answers
            assert local.ok and remote.ok and remote.remote
            assert "Paris" in remote.text
            assert remote.metrics is not None and remote.metrics.load_seconds is None
            assert remote.metrics.peak_memory_bytes is None and remote.metrics.tokens > 0
            assert "load" not in compare.columns[1].metrics.text().split(" · ")[0]
            assert not broken.ok and broken.error and "boom" in broken.error
            assert compare.columns[2].state.text() == "did not answer"
            assert compare.columns[2].metrics.text() == broken.error
            assert compare.tie_button.isVisible()  # two answered: a vote is possible
            assert [r.path for r in fault.requests if r.method == "POST"] != []
        finally:
            window.shutdown()
