"""`fireside serve` as other programs meet it: the real `openai` client against a real
server process with the starter model (and a tiny GGUF to switch to)."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx2 as httpx
import openai
import pytest
from fake_keyring import ENV as KEYRING_ENV
from fireside_server import ROOT, fireside_serve
from gguf_factory import write_tiny_model
from openai_fault_server import wait_for

from app.core.engine import Engine
from app.core.generation import GenerationSettings
from app.core.installed import STARTER_MODEL_ID
from app.core.paths import AppPaths

pytestmark = pytest.mark.real_model
STARTER = STARTER_MODEL_ID
QUESTION = [{"role": "user", "content": "Name three colours."}]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, starter_model: Path):  # type: ignore[no-untyped-def]
    data = tmp_path_factory.mktemp("serve") / "data"
    models = AppPaths.resolve(data).ensure().models_dir
    write_tiny_model(models / "tiny-extra.gguf")
    with fireside_serve(data, "--model", STARTER) as base:
        yield base, data


def client(base: str, key: str = "not-needed") -> openai.OpenAI:
    return openai.OpenAI(base_url=base, api_key=key, max_retries=0, timeout=120)


def test_models_listed_and_fetched(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    ids = [m.id for m in client(base).models.list()]
    assert ids[0] == STARTER and "file:tiny-extra.gguf" in ids
    assert client(base).models.retrieve(STARTER).id == STARTER
    with pytest.raises(openai.NotFoundError) as caught:
        client(base).models.retrieve("no-such-model")
    assert STARTER in caught.value.message  # the message lists what there is


def test_chat_whole_and_usage_from_llama(served, starter_engine: Engine) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    reply = client(base).chat.completions.create(
        model=STARTER, messages=QUESTION, temperature=0, max_tokens=40)  # type: ignore[arg-type]
    choice = reply.choices[0]
    assert choice.message.role == "assistant" and choice.message.content
    assert choice.finish_reason in ("stop", "length")
    assert reply.model == STARTER and reply.object == "chat.completion"
    # usage: llama.cpp's own token counts for this prompt and this reply
    expected = starter_engine.generate(
        QUESTION, GenerationSettings(
            temperature=0, max_tokens=40))
    assert reply.usage is not None
    assert reply.usage.prompt_tokens == expected.prompt_tokens
    assert choice.message.content == expected.text
    assert reply.usage.completion_tokens == expected.completion_tokens
    assert reply.usage.total_tokens == expected.prompt_tokens + expected.completion_tokens


def test_chat_streams_the_same_text(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    whole = client(base).chat.completions.create(
        model=STARTER, messages=QUESTION, temperature=0, max_tokens=30)  # type: ignore[arg-type]
    stream = client(base).chat.completions.create(
        model=STARTER, messages=QUESTION, temperature=0, max_tokens=30,  # type: ignore[arg-type]
        stream=True, stream_options={"include_usage": True})
    pieces, finishes, usage = [], [], None
    for chunk in stream:
        if chunk.usage is not None:
            usage = chunk.usage
        for choice in chunk.choices:
            pieces.append(choice.delta.content or "")
            finishes.append(choice.finish_reason)
    assert len([p for p in pieces if p]) > 3  # it really streamed, piece by piece
    assert "".join(pieces) == whole.choices[0].message.content
    assert finishes[-1] == whole.choices[0].finish_reason and set(finishes[:-1]) == {None}
    assert usage is not None and whole.usage is not None
    assert usage.completion_tokens == whole.usage.completion_tokens


def test_max_tokens_gives_length_and_stop_cuts(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    cut = client(base).chat.completions.create(
        model=STARTER, messages=QUESTION, temperature=0, max_tokens=3)  # type: ignore[arg-type]
    assert cut.choices[0].finish_reason == "length"
    assert cut.usage is not None and cut.usage.completion_tokens == 3
    newer = client(base).chat.completions.create(
        model=STARTER, messages=QUESTION, temperature=0,  # type: ignore[arg-type]
        max_completion_tokens=3)
    assert newer.choices[0].finish_reason == "length"
    full = client(base).chat.completions.create(
        model=STARTER, messages=QUESTION, temperature=0, max_tokens=40)  # type: ignore[arg-type]
    text = full.choices[0].message.content or ""
    word = text.split()[2]  # a word from the middle of the known answer
    stopped = client(base).chat.completions.create(
        model=STARTER, messages=QUESTION, temperature=0, max_tokens=40,  # type: ignore[arg-type]
        stop=[word])
    assert stopped.choices[0].finish_reason == "stop"
    assert stopped.choices[0].message.content == text[:text.index(word)]


def test_completions_continue_plain_text(served, starter_engine: Engine) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    prompt = "The capital of France is"
    reply = client(base).completions.create(model=STARTER, prompt=prompt, temperature=0,
                                            max_tokens=6)
    expected = starter_engine.complete(prompt, GenerationSettings(temperature=0, max_tokens=6))
    assert reply.choices[0].text == expected.text and "Paris" in expected.text
    assert reply.usage is not None and reply.usage.prompt_tokens == expected.prompt_tokens
    streamed = client(base).completions.create(model=STARTER, prompt=prompt, temperature=0,
                                               max_tokens=6, stream=True)
    assert "".join(c.choices[0].text for c in streamed if c.choices) == expected.text
    default = client(base).completions.create(model=STARTER, prompt=prompt, temperature=0)
    assert default.usage is not None and default.usage.completion_tokens <= 16  # API default


def test_another_model_is_loaded_when_named(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served
    raw = client(base).chat.completions.with_raw_response.create(
        model="file:tiny-extra.gguf", messages=QUESTION, max_tokens=4)  # type: ignore[arg-type]
    assert float(raw.headers["x-fireside-load-seconds"]) > 0  # said in the time, not a failure
    assert raw.parse().choices[0].finish_reason in ("stop", "length")
    back = client(base).chat.completions.create(
        model=STARTER, messages=QUESTION, temperature=0, max_tokens=5)  # type: ignore[arg-type]
    assert back.choices[0].message.content


SUBJECTS = ["apple", "rocket", "violin", "tiger"]


def ask(base: str, subject: str, stream: bool) -> tuple[str, str | None]:
    """(text, finish_reason) of a greedy answer about ``subject``."""
    request = {"model": STARTER, "temperature": 0, "max_tokens": 30,
               "messages": [{"role": "user", "content": f"Write one sentence about a {subject}."}]}
    if not stream:
        choice = client(base).chat.completions.create(**request).choices[0]  # type: ignore[call-overload]
        return choice.message.content or "", choice.finish_reason
    chunks = [c.choices[0] for c in client(base).chat.completions.create(  # type: ignore[call-overload]
        **request, stream=True) if c.choices]
    return "".join(c.delta.content or "" for c in chunks), chunks[-1].finish_reason


def four_at_once(base: str) -> list[tuple[str, str | None]]:
    answers: dict[int, tuple[str, str | None]] = {}
    threads = [threading.Thread(target=lambda i=i, s=s: answers.__setitem__(i, ask(base, s, True)))
               for i, s in enumerate(SUBJECTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return [answers[i] for i in range(len(SUBJECTS))]


def test_four_streams_at_once_each_get_their_own_answer(served) -> None:  # type: ignore[no-untyped-def]
    base, _ = served  # answered together, in one batch
    for subject, (text, finish) in zip(SUBJECTS, four_at_once(base), strict=True):
        assert finish in ("stop", "length")
        words = text.lower()
        assert subject in words
        assert not any(other in words for other in SUBJECTS if other != subject)


def test_four_streams_one_at_a_time_exactly_as_alone(tmp_path: Path,
                                                     starter_model: Path) -> None:
    with fireside_serve(tmp_path / "data", "--one-at-a-time") as base:
        alone = [ask(base, subject, stream=False) for subject in SUBJECTS]
        assert four_at_once(base) == alone
        assert len({text for text, _ in alone}) == 4


def test_api_chats_saved_and_continued(served) -> None:  # type: ignore[no-untyped-def]
    base, data = served
    first = [{"role": "system", "content": "You are terse."},
             {"role": "user", "content": "Remember the word zebra-kite."}]
    one = client(base).chat.completions.create(
        model=STARTER, messages=first, temperature=0, max_tokens=12)  # type: ignore[arg-type]
    answer = one.choices[0].message.content or ""
    second = [*first, {"role": "assistant", "content": answer},
              {"role": "user", "content": "What was the word?"}]
    client(base).chat.completions.create(
        model=STARTER, messages=second, temperature=0, max_tokens=12)  # type: ignore[arg-type]
    db = sqlite3.connect(AppPaths.resolve(data).database)
    try:
        rows = db.execute("SELECT id, origin, system_prompt FROM conversations WHERE id IN "
                          "(SELECT conversation_id FROM messages WHERE content LIKE "
                          "'%zebra-kite%')").fetchall()
        assert len(rows) == 1  # one chat of two turns, not two chats
        chat_id, origin, system = rows[0]
        assert origin == "api" and system == "You are terse."
        contents = [r[0] for r in db.execute(
            "SELECT content FROM messages WHERE conversation_id=? ORDER BY seq", (chat_id,))]
    finally:
        db.close()
    assert contents[0] == first[1]["content"] and contents[1] == answer
    assert contents[2] == "What was the word?" and len(contents) == 4
    listed = subprocess.run([sys.executable, "-m", "app.cli", "chats", "--data-dir", str(data),
                             "--search", "zebra-kite"], capture_output=True, text=True, cwd=ROOT)
    assert chat_id in listed.stdout


def test_port_taken_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([sys.executable, "-m", "app.cli", "serve", "--data-dir",
                               str(tmp_path / "d"), "--port", str(port)],
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port} is already in use" in lines[0]
    assert "Traceback" not in done.stderr


def _keyring_env(tmp_path: Path) -> dict[str, str]:
    return {"PYTHON_KEYRING_BACKEND": "fake_keyring.FileKeyring",
            KEYRING_ENV: str(tmp_path / "keyring.json"),
            "PYTHONPATH": str(Path(__file__).parent)}


def test_key_required_off_loopback_and_wrong_key_refused(tmp_path: Path,
                                                         starter_model: Path) -> None:
    data = tmp_path / "data"
    env = _keyring_env(tmp_path)
    key = subprocess.run([sys.executable, "-m", "app.cli", "serve", "--data-dir", str(data),
                          "--show-key"], capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, **env}, check=True).stdout.strip()
    assert key.startswith("fs-") and len(key) > 30
    assert key in (tmp_path / "keyring.json").read_text()  # in the (test) secret store…
    assert not any(key in p.read_text(errors="replace") for p in data.rglob("*")
                   if p.is_file())  # …and nowhere in Fireside's files
    log = tmp_path / "serve.log"
    with fireside_serve(data, env=env, host="0.0.0.0", log=log) as base:
        assert wait_for(lambda: "every request needs the API key" in log.read_text(), 10)
        with pytest.raises(openai.AuthenticationError):
            client(base, "fs-wrong").models.list()
        with pytest.raises(openai.AuthenticationError):
            client(base, key + "x").chat.completions.create(
                model=STARTER, messages=QUESTION, max_tokens=2)  # type: ignore[arg-type]
        assert httpx.get(base + "/models").status_code == 401  # no key at all
        assert next(m.id for m in client(base, key).models.list()) == STARTER
        reply = client(base, key).chat.completions.create(
            model=STARTER, messages=QUESTION, max_tokens=2)  # type: ignore[arg-type]
        assert reply.choices[0].finish_reason == "length"


def test_loopback_key_when_asked(tmp_path: Path, starter_model: Path) -> None:
    data = tmp_path / "data"
    env = _keyring_env(tmp_path)
    with fireside_serve(data, "--require-key", env=env) as base:
        with pytest.raises(openai.AuthenticationError):
            client(base).models.list()
        key = subprocess.run([sys.executable, "-m", "app.cli", "serve", "--data-dir",
                              str(data), "--show-key"], capture_output=True, text=True,
                             cwd=ROOT, env={**os.environ, **env},
                             check=True).stdout.strip()
        assert next(m.id for m in client(base, key).models.list()) == STARTER


def test_a_key_kept_in_a_file_where_there_is_no_secret_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}

    def show(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app.cli", "serve", "--data-dir",
                               str(data), "--show-key", *extra], capture_output=True,
                              text=True, cwd=ROOT, env=env, check=True)

    once = show()
    assert "no secret store" in once.stderr and "--key-in-file" in once.stderr
    assert show().stdout != once.stdout  # not kept: a new one each time
    kept = show("--key-in-file").stdout.strip()
    assert kept.startswith("fs-") and show().stdout.strip() == kept  # now it stays
    files = [p for p in data.rglob("*") if p.is_file() and kept in p.read_text(errors="ignore")]
    assert len(files) == 1 and (files[0].stat().st_mode & 0o777) == 0o600
