"""Evaluation with the real llama.cpp: perplexity, multiple-choice accuracy, kept results."""

from __future__ import annotations

import argparse
import ctypes
import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from gguf_factory import write_tiny_model

from app.core.evaluation.choices import score_choices
from app.core.evaluation.perplexity import perplexity, plan_windows
from app.core.evaluation.results import ResultsStore
from app.core.evaluation.scoring_model import EvaluationError, model_context_length
from app.core.evaluation.tasks import ChoiceItem, ItemError, convert_item, load_task, parse_task
from app.core.paths import resource_path
from app.terminal.eval_command import run
from app.terminal.eval_parser import add_parser

ROOT = Path(__file__).resolve().parents[1]
TEXT = resource_path("eval/sample.txt").read_text(encoding="utf-8")
WINDOW = 128
CERTAIN = [  # the starter model is sure of these
    ChoiceItem("The capital of France is", ("Paris", "Berlin", "Madrid"), 0),
    ChoiceItem("The capital of Japan is", ("Cairo", "Oslo", "Tokyo"), 2),
    ChoiceItem("Bees make", ("cars", "honey", "paper"), 1),
    ChoiceItem("Fish live in", ("water", "trees", "clouds"), 0),
    ChoiceItem("Two plus two equals", ("four", "nine", "eleven"), 0),
    ChoiceItem("A baby cat is called a", ("kitten", "puppy", "calf"), 0),
    ChoiceItem("The Earth goes around the", ("sun", "shoe", "table"), 0),
    ChoiceItem("Apples grow on", ("trees", "rocks", "fish"), 0),
    ChoiceItem("People read books in a", ("library", "volcano", "bathtub"), 0),
    ChoiceItem("The opposite of hot is", ("cold", "blue", "seven"), 0),
]


# -- perplexity ---------------------------------------------------------------------------------
def _direct_perplexity(model: Path, text: str, window: int) -> tuple[float, int]:
    """llama-perplexity's scheme written out here: llama-cpp-python's logits of every
    position, log-softmax with numpy, the second half of each window scored."""
    from llama_cpp import Llama

    llm = Llama(model_path=str(model), n_ctx=window, n_batch=window, n_ubatch=window,
                n_threads=2, n_threads_batch=2, logits_all=True, verbose=False)
    try:
        bos = llm.token_bos()
        tokens = [bos, *llm.tokenize(text.encode(), add_bos=False, special=False)]
        nll, count = 0.0, 0
        for start in range(0, len(tokens) - window + 1, window):
            chunk = [bos, *tokens[start + 1:start + window]]
            llm.reset()
            llm.eval(chunk)
            logits = np.array(llm.scores[:window], dtype=np.float64)
            log_probs = logits - np.log(np.exp(logits - logits.max(1, keepdims=True)).sum(1,
                                        keepdims=True)) - logits.max(1, keepdims=True)
            for j in range(window // 2, window - 1):
                nll -= log_probs[j, chunk[j + 1]]
                count += 1
    finally:
        llm.close()
    return math.exp(nll / count), count


def test_starter_perplexity_is_reproducible_and_matches_the_logits(starter_model: Path) -> None:
    seen: list[tuple[int, int]] = []
    first = perplexity(starter_model, TEXT, window=WINDOW, threads=2,
                       progress=lambda done, total: seen.append((done, total)))
    second = perplexity(starter_model, TEXT, window=WINDOW, threads=2)
    assert first.windows >= 4 and first.tokens_scored == first.windows * (WINDOW // 2 - 1)
    assert round(first.perplexity, 3) == round(second.perplexity, 3)
    expected, count = _direct_perplexity(starter_model, TEXT, WINDOW)
    assert count == first.tokens_scored
    assert first.perplexity == pytest.approx(expected, rel=1e-4)
    assert 2 < first.perplexity < 100  # plain English for a small instruct model
    assert seen[-1] == (first.tokens_scored, first.tokens_scored) and len(seen) == first.windows
    assert first.tokens_per_second > 0


def test_windows_follow_llama_perplexity() -> None:
    assert plan_windows(1000, 256) == [(0, 256), (256, 256), (512, 256)]
    assert plan_windows(100, 256) == [(0, 100)]  # a short text is one window


def _quantize(source: Path, target: Path) -> Path:
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = 2  # Q4_0
    params.nthread = 2
    assert llama_cpp.llama_model_quantize(str(source).encode(), str(target).encode(),
                                          ctypes.byref(params)) == 0
    return target


def test_the_quantized_variant_has_the_higher_perplexity(tmp_path: Path) -> None:
    from llama_cpp import Llama

    f32 = write_tiny_model(tmp_path / "tiny-f32.gguf", n_embd=128, n_ff=256, f16=False, seed=3)
    q4 = _quantize(f32, tmp_path / "tiny-q4_0.gguf")
    assert q4.stat().st_size < f32.stat().st_size / 3
    llm = Llama(model_path=str(f32), n_ctx=512, n_threads=2, seed=0, verbose=False)
    try:  # text the F32 model wrote itself, greedily: it is confident of every token
        text = llm.create_completion("the", max_tokens=400, temperature=0.0)[
            "choices"][0]["text"]
    finally:
        llm.close()
    full = perplexity(f32, text, window=64, threads=2)
    quantized = perplexity(q4, text, window=64, threads=2)
    assert full.tokens_scored == quantized.tokens_scored > 100
    assert quantized.perplexity > full.perplexity * 1.05, (full.perplexity, quantized.perplexity)


def test_bad_texts_and_models_are_clear_errors(tmp_path: Path, tiny_model: Path) -> None:
    with pytest.raises(EvaluationError, match="The text is empty"):
        perplexity(tiny_model, "  \n")
    with pytest.raises(EvaluationError, match="at least 16 tokens"):
        perplexity(tiny_model, TEXT, window=4)
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"not a model" * 100)
    with pytest.raises(EvaluationError, match=r"could not load junk\.gguf"):
        perplexity(junk, TEXT, window=64)
    trained = model_context_length(tiny_model)
    assert trained > 0
    beyond = rf"{tiny_model.name} was trained on {trained} tokens of context: the window or " \
             rf"context can be {trained} at most, not 100000\."
    with pytest.raises(EvaluationError, match=beyond):
        perplexity(tiny_model, TEXT, window=100_000)
    with pytest.raises(EvaluationError, match=beyond):
        score_choices(tiny_model, [ChoiceItem("Q", ("a", "b"), 0)], context=100_000)


def test_a_task_saved_by_notepad_reads(tmp_path: Path) -> None:
    """A byte-order mark and Windows line ends, as Notepad and PowerShell write them."""
    task = tmp_path / "notepad.jsonl"
    lines = ['{"question": "2 + 2 =", "choices": ["4", "5"], "answer": 0}'] * 2
    task.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    assert [i.answer for i in load_task(task)] == [0, 0]


# -- multiple choice ----------------------------------------------------------------------------
def test_certain_answers_score_high_and_wrong_answers_low(starter_model: Path) -> None:
    right = score_choices(starter_model, CERTAIN, threads=2)
    assert right.accuracy >= 0.8 and right.accuracy_norm >= 0.8, right.picks
    wrong = [ChoiceItem(i.question, i.choices, (i.answer + 1) % len(i.choices))
             for i in CERTAIN]
    control = score_choices(starter_model, wrong, threads=2)
    assert control.picks == right.picks  # the model's picks do not depend on the key
    assert control.accuracy <= 0.2


def test_the_sample_task_is_mostly_right(starter_model: Path) -> None:
    items = load_task(resource_path("eval/sample_choices.jsonl"))
    assert len(items) >= 20
    assert score_choices(starter_model, items, threads=2).accuracy >= 0.8


def test_malformed_lines_name_their_line_number() -> None:
    good = '{"question": "Q", "choices": ["a", "b"], "answer": 1}'
    cases = {
        '{"question": "Q", "choices": ["a", "b"], "answer": 1': "line 3: not valid JSON",
        '{"question": "Q", "choices": ["a"], "answer": 0}': "line 3: there must be two",
        '{"question": "Q", "choices": ["a", "b"], "answer": 5}': "line 3: the answer 5 is not",
        '{"question": "Q", "answer": 0}': "line 3: expected the keys",
        '[1, 2]': "line 3: a line must hold a JSON object",
        '{"question": "Q", "choices": ["a", ""], "answer": 0}': "line 3: there must be two",
    }
    for bad, message in cases.items():
        with pytest.raises(EvaluationError, match=message):
            parse_task([good, "", bad, good], "task.jsonl")
    assert [i.line for i in parse_task([good, "", good])] == [1, 3]


def test_public_layouts_convert() -> None:
    arc = {"question": {"stem": "Which is a gas?", "choices": [
        {"label": "A", "text": "ice"}, {"label": "B", "text": "steam"}]}, "answerKey": "B"}
    assert convert_item(arc) == ChoiceItem("Question: Which is a gas?\nAnswer:",
                                           ("ice", "steam"), 1)
    flat = {"question": "Which is a gas?", "choices": {"label": ["1", "2"],
                                                       "text": ["ice", "steam"]},
            "answerKey": "2"}
    assert convert_item(flat).answer == 1
    hella = {"ctx": "A man opens the door and", "endings": ["walks in.", "eats it.",
                                                            "sings.", "flies."], "label": "0"}
    assert convert_item(hella) == ChoiceItem("A man opens the door and",
                                             ("walks in.", "eats it.", "sings.", "flies."), 0)
    piqa = {"goal": "Dry wet hands", "sol1": "use a towel", "sol2": "use water", "label": 0}
    assert convert_item(piqa) == ChoiceItem("Question: Dry wet hands\nAnswer:",
                                            ("use a towel", "use water"), 0)
    openbook = {"id": "7-980", "question_stem": "The sun is responsible for",
                "choices": {"text": ["puppies learning new tricks", "plants sprouting"],
                            "label": ["A", "B"]}, "answerKey": "B"}  # allenai/openbookqa
    assert convert_item(openbook) == ChoiceItem(
        "Question: The sun is responsible for\nAnswer:",
        ("puppies learning new tricks", "plants sprouting"), 1)
    boolq = {"question": "is the sky blue", "answer": True,  # google/boolq
             "passage": "The sky looks blue because air scatters blue light."}
    assert convert_item(boolq) == ChoiceItem(
        "The sky looks blue because air scatters blue light.\nQuestion: is the sky blue?\n"
        "Answer:", ("no", "yes"), 1)
    superglue = {"question": "is ice hot?", "passage": "Ice is frozen water.", "idx": 3,
                 "label": 0}  # super_glue/boolq
    assert convert_item(superglue).answer == 0
    assert convert_item(superglue).question.endswith("Question: is ice hot?\nAnswer:")
    wino = {"sentence": "The trophy does not fit in the case because _ is too big.",
            "option1": "the trophy", "option2": "the case", "answer": "1"}
    assert convert_item(wino) == ChoiceItem("", (
        "The trophy does not fit in the case because the trophy is too big.",
        "The trophy does not fit in the case because the case is too big."), 0)
    assert convert_item({**wino, "answer": 2}).answer == 1
    for bad in ({**wino, "sentence": "no blank here"}, {**wino, "answer": "3"},
                {**boolq, "answer": "maybe"}):
        with pytest.raises(ItemError):
            convert_item(bad)


def test_a_winogrande_pair_is_scored_as_whole_sentences(starter_model: Path) -> None:
    """Its question is empty: each sentence is scored after the beginning-of-text token."""
    wino = {"sentence": "I poured water from the bottle into the cup until _ was full.",
            "option1": "the bottle", "option2": "the cup", "answer": "2"}
    item = convert_item(wino)
    result = score_choices(starter_model, [item, item], context=128, threads=2)
    assert result.items == 2 and result.picks[0] == result.picks[1] in (0, 1)
    assert result.correct in (0, 2)


# -- the terminal command, in process -----------------------------------------------------------
def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="fireside")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS)
    add_parser(parser.add_subparsers(dest="command"), common)
    return parser.parse_args(argv)


def test_eval_commands_measure_keep_and_list(starter_model: Path, data_dir: Path,
                                             tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "text.txt"
    text.write_text(TEXT, encoding="utf-8")
    assert run(_args("eval", "perplexity", "-m", str(starter_model), str(text), "--window",
                     str(WINDOW), "--threads", "2", "--json"), str(data_dir)) == 0
    measured = json.loads(capsys.readouterr().out)
    direct = perplexity(starter_model, TEXT, window=WINDOW, threads=2)
    assert measured["metrics"]["perplexity"] == pytest.approx(direct.perplexity, abs=1e-3)
    assert measured["settings"]["window"] == WINDOW and measured["kind"] == "perplexity"

    assert run(_args("eval", "choices", "-m", str(starter_model), "--threads", "2", "--json"),
               str(data_dir)) == 0
    scored = json.loads(capsys.readouterr().out)
    assert scored["settings"]["task"] == "sample_choices.jsonl"
    assert scored["metrics"]["accuracy"] >= 0.8
    assert run(_args("eval", "choices", "-m", str(starter_model), "--threads", "2"),
               str(data_dir)) == 0  # the same settings again: replaces, not adds
    assert "Accuracy of" in capsys.readouterr().out

    results = data_dir / "evaluations.json"
    assert results.stat().st_mode & 0o777 == 0o600
    assert run(_args("eval", "--json"), str(data_dir)) == 0
    table = json.loads(capsys.readouterr().out)
    assert sorted(r["kind"] for r in table) == ["choices", "perplexity"]
    assert {r["sha256"] for r in table} == {ResultsStore(data_dir).load()[0].model_sha256}
    assert run(_args("eval"), str(data_dir)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and "perplexity" in lines[2] and "accuracy" in lines[1]
    assert f"{direct.perplexity:.3f}" in lines[2]


def test_eval_errors_are_one_clear_line(data_dir: Path, tmp_path: Path, tiny_model: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    task = tmp_path / "task.jsonl"
    task.write_text('{"question": "Q", "choices": ["a", "b"], "answer": 0}\n{oops\n')
    assert run(_args("eval", "choices", "-m", str(tiny_model), str(task)), str(data_dir)) == 3
    error = capsys.readouterr().err
    assert "task.jsonl, line 2: not valid JSON" in error and "Traceback" not in error
    assert run(_args("eval", "perplexity", "-m", "no-such-model"), str(data_dir)) == 2
    assert "no model “no-such-model”" in capsys.readouterr().err
    assert run(_args("eval", "perplexity", "-m", str(tiny_model), str(tmp_path / "none.txt")),
               str(data_dir)) == 3
    assert "is not there" in capsys.readouterr().err
    assert run(_args("eval"), str(data_dir)) == 0
    assert "No evaluation results yet" in capsys.readouterr().err
    assert not (data_dir / "evaluations.json").exists()


_RUN_EVAL = """
import argparse, sys
from app.terminal.eval_command import run
from app.terminal.eval_parser import add_parser
parser = argparse.ArgumentParser()
add_parser(parser.add_subparsers(dest="command"), argparse.ArgumentParser(add_help=False))
sys.exit(run(parser.parse_args(sys.argv[2:]), sys.argv[1]))
"""


def test_ctrl_c_stops_cleanly_and_saves_nothing(starter_model: Path, data_dir: Path,
                                                tmp_path: Path) -> None:
    text = tmp_path / "long.txt"
    text.write_text(TEXT * 40, encoding="utf-8")
    stderr = tmp_path / "stderr.txt"
    with open(stderr, "w") as err_file:
        child = subprocess.Popen(
            [sys.executable, "-c", _RUN_EVAL, str(data_dir), "eval", "perplexity", "-m",
             str(starter_model), str(text), "--window", "64", "--threads", "1"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=err_file, text=True)
        deadline = time.monotonic() + 60
        while "tokens" not in stderr.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)  # the progress bar is up: windows are being scored
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=60)
    assert child.returncode == 130, stderr.read_text()
    assert "Stopped; nothing was saved." in stderr.read_text()
    assert "Traceback" not in stderr.read_text() and out == ""
    assert not (data_dir / "evaluations.json").exists()
    assert os.path.isdir(data_dir)
