"""Compare: one prompt to several real models (two tiny GGUFs and the starter model),
measured; blind votes and the tally; a comparison continued as a chat, and exported;
``fireside compare`` run in-process with its own parser."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest
from gguf_factory import write_tiny_model

from app.core.compare.export import continue_as_chat, to_json, to_markdown
from app.core.compare.records import Answer, Comparison, Metrics
from app.core.compare.runner import (
    CompareError,
    CompareRequest,
    CompareRunner,
    Listener,
    resolve_models,
)
from app.core.compare.tally import START_RATING, Vote, tally
from app.core.compare.votes import CompareStore, CompareStoreError
from app.core.context import AppContext
from app.core.engine import Engine
from app.core.model_slot import ModelSlot, ModelThread
from app.terminal import compare_command, compare_parser

GREEDY = {"temperature": 0.0, "max_tokens": 16}


@pytest.fixture(scope="module")
def tiny_pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("compare-models")
    return (write_tiny_model(folder / "tiny-a.gguf", seed=11, name="tiny-a"),
            write_tiny_model(folder / "tiny-b.gguf", seed=22, name="tiny-b"))


class Recorder:
    """What the listener was told, in order, with when."""

    def __init__(self) -> None:
        self.events: list[tuple[str, int, str]] = []
        self.started: dict[int, float] = {}
        self.first_text: dict[int, float] = {}
        self.done: dict[int, float] = {}
        self.threads: set[str] = set()

    def listener(self) -> Listener:
        return Listener(self.on_start, self.on_text, self.on_done)

    def on_start(self, index: int) -> None:
        self.started[index] = time.perf_counter()
        self.events.append(("start", index, ""))

    def on_text(self, index: int, piece: str) -> None:
        self.first_text.setdefault(index, time.perf_counter())
        self.threads.add(threading.current_thread().name)
        self.events.append(("text", index, piece))

    def on_done(self, index: int, _answer: Answer) -> None:
        self.done[index] = time.perf_counter()
        self.events.append(("done", index, ""))


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory, tiny_pair: tuple[Path, Path],
             starter_model: Path) -> tuple[Path, Comparison, Recorder]:
    """Two tiny models and the starter compared once, for real, on the model thread."""
    os.environ.pop("FIRESIDE_DATA_DIR", None)
    data_dir = tmp_path_factory.mktemp("compare") / "data"
    context = AppContext.open(data_dir)
    models = ModelThread(ModelSlot(Engine.with_cache(context.paths.cache_dir),
                                   context.checksums))
    recorder = Recorder()
    try:
        contenders = resolve_models(context, [str(tiny_pair[0]), str(tiny_pair[1]),
                                              str(starter_model)])
        comparison = CompareRunner(context.settings, models).run(
            contenders, CompareRequest("What is the capital of France?", overrides=GREEDY),
            recorder.listener())
    finally:
        models.close(timeout=10)
        context.close()
    return data_dir, comparison, recorder


# -- the comparison itself ------------------------------------------------------------------
def test_all_three_answer_with_real_measured_metrics(compared: tuple[Path, Comparison,
                                                                     Recorder],
                                                     starter_model: Path) -> None:
    _, comparison, recorder = compared
    assert [a.name for a in comparison.answers][:2] == ["tiny-a", "tiny-b"]
    assert [a.error for a in comparison.answers] == [None, None, None]
    for index, answer in enumerate(comparison.answers):
        m = answer.metrics
        assert m is not None and answer.text
        assert 0 < m.tokens <= GREEDY["max_tokens"]
        assert m.tokens_per_second > 0 and m.time_to_first_token > 0
        assert m.load_seconds is not None and m.load_seconds > 0
        assert m.setup_seconds is not None and m.setup_seconds >= m.load_seconds
        assert m.time_to_first_token <= m.generation_seconds
        assert answer.settings["temperature"] == 0.0 and answer.settings["max_tokens"] == 16
        # The load is timed apart: the first piece came after the load *and* the time to
        # first token, and the whole answer took the load plus the generation.
        since_start = recorder.first_text[index] - recorder.started[index]
        assert m.setup_seconds + m.time_to_first_token <= since_start + 0.01
        whole = recorder.done[index] - recorder.started[index]
        assert m.setup_seconds + m.generation_seconds <= whole + 0.01
        assert m.generation_seconds < whole - m.setup_seconds + 0.05
    starter = comparison.answers[2].metrics
    assert starter is not None and starter.peak_memory_bytes is not None
    # The starter's weights (mapped from its file) are read while it answers.
    assert starter.peak_memory_bytes > 0.5 * starter_model.stat().st_size
    assert all(a.metrics and a.metrics.peak_memory_bytes is not None
               and a.metrics.peak_memory_bytes >= 0 for a in comparison.answers)
    assert "Paris" in comparison.answers[2].text
    assert comparison.answers[0].text != comparison.answers[1].text  # two different models


def test_answers_stream_in_order_one_model_after_another(compared: tuple[Path, Comparison,
                                                                         Recorder]) -> None:
    _, comparison, recorder = compared
    order = [(kind, index) for kind, index, _ in recorder.events if kind != "text"]
    assert order == [("start", 0), ("done", 0), ("start", 1), ("done", 1), ("start", 2),
                     ("done", 2)]
    current = -1
    for kind, index, _ in recorder.events:  # every piece between its model's start and end
        if kind == "start":
            current = index
        elif kind == "text":
            assert index == current
    for index, answer in enumerate(comparison.answers):
        pieces = [p for kind, i, p in recorder.events if kind == "text" and i == index]
        assert "".join(pieces) == answer.text and len(pieces) > 1
    assert recorder.threads == {"fireside-model"}  # local models ran on the model thread


def test_a_model_that_fails_to_load_is_reported_and_the_others_run(
        tmp_path: Path, data_dir: Path, tiny_pair: tuple[Path, Path]) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)
    context = AppContext.open(data_dir)
    models = ModelThread(ModelSlot(Engine.with_cache(context.paths.cache_dir),
                                   context.checksums))
    try:
        contenders = resolve_models(context, [str(tiny_pair[0]), str(broken),
                                              str(tiny_pair[1])])
        comparison = CompareRunner(context.settings, models).run(
            contenders, CompareRequest("hello", overrides=GREEDY))
    finally:
        models.close(timeout=10)
        context.close()
    first, failed, last = comparison.answers
    assert first.ok and last.ok
    assert not failed.ok and failed.metrics is None and failed.error
    assert "broken.gguf" in failed.error


def test_stop_ends_the_answer_under_way_and_skips_the_rest(
        data_dir: Path, tiny_pair: tuple[Path, Path]) -> None:
    context = AppContext.open(data_dir)
    models = ModelThread(ModelSlot(Engine.with_cache(context.paths.cache_dir),
                                   context.checksums))
    stop = threading.Event()

    def on_text(index: int, _piece: str) -> None:
        stop.set()  # after the first piece of the first model

    try:
        contenders = resolve_models(context, [str(p) for p in tiny_pair])
        comparison = CompareRunner(context.settings, models).run(
            contenders, CompareRequest("hello", overrides={"temperature": 0.0,
                                                           "max_tokens": 200}),
            Listener(on_text=on_text), stop)
    finally:
        models.close(timeout=10)
        context.close()
    first, second = comparison.answers
    assert first.metrics is not None and first.metrics.finish_reason == "stopped"
    assert first.metrics.tokens == 1
    assert second.metrics is None and second.error and "stopped" in second.error


def test_too_few_too_many_and_unknown_models_are_refused(
        data_dir: Path, tiny_pair: tuple[Path, Path]) -> None:
    context = AppContext.open(data_dir)
    try:
        for keys in ([str(tiny_pair[0])], [str(tiny_pair[0])] * 5):
            with pytest.raises(CompareError, match="2 to 4 models"):
                resolve_models(context, keys)
        with pytest.raises(CompareError, match="no model “nonesuch”"):
            resolve_models(context, [str(tiny_pair[0]), "nonesuch"])
    finally:
        context.close()


# -- votes and the tally ------------------------------------------------------------------
def test_the_elo_arithmetic_of_a_few_votes() -> None:
    a, b, c = ("a", "A"), ("b", "B"), ("c", "C")
    first = {s.model_id: s for s in tally([Vote([a, b], 0)])}
    assert (first["a"].rating, first["b"].rating) == (1016.0, 984.0)  # 1000 ± 32 × 0.5
    votes = [Vote([a, b], 0), Vote([b, a], None)]
    second = {s.model_id: s for s in tally(votes)}
    expect_a = 1016 + 32 * (0.5 - 1 / (1 + 10 ** ((984 - 1016) / 400)))
    assert second["a"].rating == pytest.approx(expect_a) == pytest.approx(1014.5305, abs=1e-4)
    assert second["b"].rating == pytest.approx(2000 - expect_a)
    # Three models, C chosen: C beats A and B (scored on the ratings before the vote);
    # A and B, equally far from 1000 on either side, give C exactly 32.
    standings = tally([*votes, Vote([a, b, c], 2)])
    final = {s.model_id: s for s in standings}
    assert [s.model_id for s in standings] == ["c", "a", "b"]
    assert final["c"].rating == pytest.approx(1032.0)
    e_a = 1 / (1 + 10 ** ((1000 - expect_a) / 400))
    assert final["a"].rating == pytest.approx(expect_a - 32 * e_a) == pytest.approx(997.8617,
                                                                                   abs=1e-4)
    assert sum(s.rating for s in standings) == pytest.approx(3 * START_RATING)
    assert (final["a"].wins, final["a"].ties, final["a"].losses) == (1, 1, 1)
    assert (final["b"].wins, final["b"].ties, final["b"].losses) == (0, 1, 2)
    assert (final["c"].wins, final["c"].ties, final["c"].losses) == (1, 0, 0)


def _answer(model_id: str, ok: bool = True) -> Answer:
    metrics = Metrics(0.1, 0.1, 0.05, 10.0, 5, 3, 0.5, 1024, "stop") if ok else None
    return Answer(model_id, model_id.upper(), text="hi" if ok else "",
                  metrics=metrics, error=None if ok else "could not load")


def test_votes_are_kept_privately_and_replayed_into_the_tally(tmp_path: Path) -> None:
    store = CompareStore.in_folder(tmp_path)
    assert stat.S_IMODE((tmp_path / "compare.sqlite3").stat().st_mode) == 0o600
    one = Comparison("q1", [_answer("a"), _answer("b")], blind=True)
    two = Comparison("q2", [_answer("b"), _answer("x", ok=False), _answer("a")], blind=True)
    store.vote(one, 0)
    with pytest.raises(CompareStoreError):
        store.vote(two, 1)  # the model that did not answer cannot be chosen
    store.vote(two, None)  # a tie between the two that answered (x takes no part)
    store.close()
    store = CompareStore.in_folder(tmp_path)  # kept across runs
    try:
        assert store.load(one.id).winner == 0  # type: ignore[union-attr]
        assert store.load(two.id).tie  # type: ignore[union-attr]
        assert {c.id for c in store.comparisons()} == {one.id, two.id}
        standings = {s.model_id: s for s in store.standings()}
        assert set(standings) == {"a", "b"}
        assert standings["a"].rating == pytest.approx(1014.5305, abs=1e-4)
        assert (standings["a"].wins, standings["a"].ties, standings["b"].losses) == (1, 1, 1)
        with pytest.raises(CompareStoreError):
            store.vote(Comparison("q3", [_answer("a"), _answer("b", ok=False)]), None)
    finally:
        store.close()


# -- continued as a chat, exported -----------------------------------------------------------
def test_a_comparison_continues_as_a_chat_the_app_lists(
        compared: tuple[Path, Comparison, Recorder]) -> None:
    data_dir, comparison, _ = compared
    context = AppContext.open(data_dir)
    try:
        chat = continue_as_chat(context.store, comparison, 2)
    finally:
        context.close()
    context = AppContext.open(data_dir)
    try:
        listed = [c for c in context.store.list_conversations() if c.id == chat.id]
        assert len(listed) == 1 and listed[0].model_id == comparison.answers[2].model_id
        saved = context.store.load_conversation(chat.id)
        assert saved is not None
        assert [(m.role.value, m.content) for m in saved.path()] == [
            ("user", comparison.prompt), ("assistant", comparison.answers[2].text)]
        assert saved.path()[1].model_id == comparison.answers[2].model_id
    finally:
        context.close()


def test_a_comparison_exports_to_markdown_and_json(
        compared: tuple[Path, Comparison, Recorder]) -> None:
    _, comparison, _ = compared
    markdown = to_markdown(comparison)
    data = json.loads(to_json(comparison))
    assert data["format"] == "fireside-comparison" and data["prompt"] == comparison.prompt
    for answer, exported in zip(comparison.answers, data["answers"], strict=True):
        assert answer.text.strip() in markdown and answer.name in markdown
        assert exported["text"] == answer.text and exported["model_id"] == answer.model_id
        assert exported["metrics"]["tokens"] == answer.metrics.tokens  # type: ignore[union-attr]
    assert "tokens/s" in markdown and "temperature=0.0" in markdown
    assert "Blind" not in markdown
    blind = Comparison(comparison.prompt, comparison.answers, blind=True)
    assert "*Blind: the models' names were hidden until the vote.*" in to_markdown(blind)


# -- fireside compare -------------------------------------------------------------------------
def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    compare_parser.add_parser(parser.add_subparsers(dest="command"),
                              argparse.ArgumentParser(add_help=False))
    return parser.parse_args(["compare", *argv])


def test_the_command_prints_json_and_keeps_the_comparison(
        data_dir: Path, tiny_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = compare_command.run(_args("-m", str(tiny_pair[0]), "-m", str(tiny_pair[1]),
                                     "--json", "--temperature", "0", "--max-tokens", "8",
                                     "hello", "there"), str(data_dir))
    captured = capsys.readouterr()
    assert code == 0
    data = json.loads(captured.out)
    assert data["prompt"] == "hello there"
    assert [a["name"] for a in data["answers"]] == ["tiny-a", "tiny-b"]
    assert all(a["metrics"]["tokens_per_second"] > 0 for a in data["answers"])
    store = CompareStore.in_folder(data_dir)
    try:
        assert store.load(data["id"]) is not None
    finally:
        store.close()
    assert data["id"] in captured.err


def test_the_command_streams_under_each_name_then_a_table(
        data_dir: Path, tiny_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code = compare_command.run(_args("-m", str(tiny_pair[0]), "-m", str(tiny_pair[1]),
                                     "--max-tokens", "8", "hello"), str(data_dir))
    printed = capsys.readouterr().out
    assert code == 0
    assert printed.index("== tiny-a ==") < printed.index("== tiny-b ==") \
        < printed.index("Tokens/s")


def test_a_blind_vote_is_kept_then_names_and_tally_are_shown(
        data_dir: Path, tiny_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("7\nmaybe\n2\n"))  # two bad answers first
    code = compare_command.run(_args("-m", str(tiny_pair[0]), "-m", str(tiny_pair[1]),
                                     "--blind", "--max-tokens", "8", "hello"), str(data_dir))
    captured = capsys.readouterr()
    assert code == 0
    answers_part = captured.out.split("Model 2 was")[0]
    assert "== Model 1 ==" in answers_part and "== Model 2 ==" in answers_part
    assert "tiny-a" not in answers_part.split("Model 1 was")[0]  # hidden until the vote
    assert "tokens/s" not in answers_part.split("Model 1 was")[0]  # the numbers would tell
    assert captured.err.count("Which is better? 1/2/t(ie)") == 3
    store = CompareStore.in_folder(data_dir)
    try:
        (kept,) = store.comparisons()
        assert kept.winner == 1 and kept.blind
        winner = kept.answers[1].name
        standings = {s.name: s for s in store.standings()}
    finally:
        store.close()
    assert f"Model 2 was {winner} (chosen)" in captured.out
    assert standings[winner].wins == 1 and standings[winner].rating == 1016.0
    assert compare_command.run(_args("--tally", "--json"), str(data_dir)) == 0
    table = json.loads(capsys.readouterr().out)
    top = table[0]
    assert (top["name"], top["wins"], top["losses"], top["rating"]) == (winner, 1, 0, 1016.0)
    # The chosen answer goes on as a chat.
    assert compare_command.run(_args("--continue", kept.id), str(data_dir)) == 0
    assert "Saved as chat" in capsys.readouterr().out
    context = AppContext.open(data_dir)
    try:
        (chat,) = context.store.list_conversations()
        assert chat.model_id == kept.answers[1].model_id
    finally:
        context.close()


@pytest.mark.parametrize("argv, message", [
    (["-m", "A", "hello"], "Compare takes 2 to 4 models"),
    (["-m", "A", "-m", "B", "-m", "C", "-m", "D", "-m", "E", "hi"], "takes 2 to 4 models"),
    (["-m", "TINY", "-m", "nonesuch", "hello"], "no model “nonesuch”"),
    (["-m", "TINY", "-m", "TINY", "--preset", "Nope", "hi"], "no preset “Nope”"),
    (["-m", "TINY", "-m", "TINY"], "Give the prompt"),
    (["--continue", "123abc"], "no comparison “123abc”"),
    (["-m", "TINY", "-m", "TINY", "--temperature", "5", "hi"],
     "temperature must be between 0.0 and 2.0; 5.0 given."),
    (["-m", "TINY", "-m", "TINY", "--temperature", "nan", "hi"], "temperature must be"),
    (["-m", "TINY", "-m", "TINY", "--max-tokens", "0", "hi"],
     "max tokens must be between 1 and 131072; 0 given."),
])
def test_the_command_says_what_is_wrong_in_a_sentence(
        data_dir: Path, tiny_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
        argv: list[str], message: str) -> None:
    argv = [str(tiny_pair[0]) if a == "TINY" else a for a in argv]
    assert compare_command.run(_args(*argv), str(data_dir)) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.err.count("\n") == 1
