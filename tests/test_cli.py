"""The terminal commands, run as real subprocesses on a data dir of their own."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.conversation import MessageStatus, Role
from app.core.storage import ChatStore


def fireside(*args: str, data_dir: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIRESIDE_DATA_DIR": ""}
    return subprocess.run([sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=timeout, env=env)


def write_settings(data_dir: Path, **generation: object) -> None:
    path = data_dir / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": 1, "generation": generation}))


def test_models_json_lists_catalog_and_installed(data_dir: Path, starter_model: Path) -> None:
    out = fireside("models", "--json", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    starter = next(m for m in report["installed"] if m["source"] == "bundled")
    assert starter["path"] == str(starter_model)
    assert starter["size"] == 98_362_432 and starter["installed"] is True
    assert starter["verified"] in (True, None)
    assert any(e["id"] == starter["id"] and e["installed"] for e in report["catalog"])
    assert (data_dir / "config").is_dir()  # --data-dir holds what the app writes


@pytest.mark.real_model
def test_chat_streams_an_answer_and_saves_the_chat(data_dir: Path, starter_model: Path) -> None:
    write_settings(data_dir, temperature=0.0, max_tokens=64)
    out = fireside("chat", "What is the capital of France?", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    assert "Paris" in out.stdout
    store = ChatStore(data_dir / "chats.sqlite3")
    chats = store.list_conversations()
    assert len(chats) == 1
    chat = store.load_conversation(chats[0].id)
    assert chat is not None
    assert [m.role for m in chat.messages] == [Role.USER, Role.ASSISTANT]
    assert chat.messages[1].content.strip() == out.stdout.strip()
    out = fireside("models", "--json", data_dir=data_dir)
    assert next(m for m in json.loads(out.stdout)["installed"])["verified"] is True


def test_chat_repl_with_a_model_path(data_dir: Path, tiny_model: Path) -> None:
    write_settings(data_dir, temperature=0.0, max_tokens=16)
    proc = subprocess.run(
        [sys.executable, "-m", "app", "chat", "-m", str(tiny_model), "--data-dir",
         str(data_dir)], input="hello world\nwhat is the\n\n", capture_output=True,
        text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    chat = ChatStore(data_dir / "chats.sqlite3")
    (only,) = chat.list_conversations()
    loaded = chat.load_conversation(only.id)
    assert loaded is not None
    assert [m.content for m in loaded.messages if m.role is Role.USER] == [
        "hello world", "what is the"]


def test_bad_model_gives_a_clear_error(data_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_text("nope")
    out = fireside("chat", "-m", str(bad), "hi", data_dir=data_dir)
    assert out.returncode == 3
    assert "not a GGUF model file" in out.stderr
    assert "Traceback" not in out.stderr


@pytest.mark.real_model
def test_kill_9_mid_stream_loses_at_most_the_last_second(data_dir: Path,
                                                        starter_model: Path) -> None:
    """kill -9 while a reply streams, three times: nothing earlier is lost, the reply is kept.

    A reply that happens to end before the kill proves nothing, so such a round
    is run again (the model samples, so lengths vary).
    """
    write_settings(data_dir, max_tokens=4000)
    killed = attempts = 0
    while killed < 3:
        attempts += 1
        assert attempts <= 10, "the model kept finishing before the kill"
        proc = subprocess.Popen(
            [sys.executable, "-m", "app", "chat", "--data-dir", str(data_dir),
             f"Round {attempts}: write a very long essay, with many sections, about dragons."],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        assert proc.stdout is not None
        shown = ""
        deadline = time.monotonic() + 60
        while len(shown) < 200 and time.monotonic() < deadline:
            shown += proc.stdout.read(1)
        time.sleep(1.1)  # at least one periodic save after the text above
        finished_first = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        store = ChatStore(data_dir / "chats.sqlite3")
        assert store.integrity_ok()
        chats = store.list_conversations()
        assert len(chats) == attempts
        newest = store.load_conversation(chats[0].id)
        assert newest is not None
        question, reply = newest.messages
        assert question.content.startswith(f"Round {attempts}")
        if finished_first or reply.status is MessageStatus.COMPLETE:
            store.close()
            continue
        assert reply.status is MessageStatus.INTERRUPTED
        assert len(reply.content) >= 150 and shown.startswith(reply.content[:150])
        killed += 1
        store.close()


def test_chat_uses_the_models_own_settings_as_the_window_does(data_dir: Path,
                                                              starter_model: Path) -> None:
    from app.core.installed import STARTER_MODEL_ID

    path = data_dir / "config" / "settings.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"schema_version": 2,
                                "generation": {"temperature": 0.0, "max_tokens": 64},
                                "model_settings": {STARTER_MODEL_ID: {"max_tokens": 5}}}))
    out = fireside("chat", "Tell me a long story about a dragon.", data_dir=data_dir)
    assert out.returncode == 0, out.stderr
    store = ChatStore(data_dir / "chats.sqlite3")
    chat = store.load_conversation(store.list_conversations()[0].id)
    assert chat is not None
    reply = chat.messages[1]
    assert reply.tokens == 5 and reply.status is MessageStatus.LENGTH  # the model's 5, not 64


def test_chat_repl_names_a_new_chat_as_the_window_does(data_dir: Path,
                                                       starter_model: Path) -> None:
    from app.core.conversation import title_from_text

    write_settings(data_dir, temperature=0.0, max_tokens=48)
    question = "What is the capital of France, and what river runs through it?"
    proc = subprocess.run(
        [sys.executable, "-m", "app", "chat", "--data-dir", str(data_dir)],
        input=f"{question}\n\n", capture_output=True, text=True, timeout=120,
        env={**os.environ, "FIRESIDE_DATA_DIR": ""})
    assert proc.returncode == 0, proc.stderr
    store = ChatStore(data_dir / "chats.sqlite3")
    (chat,) = store.list_conversations()
    assert chat.title and chat.title != title_from_text(question)  # the model's title
    assert len(chat.title.split()) <= 8


def test_ctrl_c_at_the_prompt_quits_the_chat_cleanly(data_dir: Path, tiny_model: Path) -> None:
    write_settings(data_dir, temperature=0.0, max_tokens=8)
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "chat", "-m", str(tiny_model), "--data-dir",
         str(data_dir)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, env={**os.environ, "FIRESIDE_DATA_DIR": ""})
    assert proc.stdin is not None
    proc.stdin.write("hello there\n")
    proc.stdin.flush()

    def answered() -> bool:
        """The reply is saved as finished (read-only: the running app owns the schema)."""
        import sqlite3

        database = data_dir / "chats.sqlite3"
        if not database.exists():
            return False
        try:
            db = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            try:
                statuses = [status for (status,) in db.execute(
                    "SELECT status FROM messages WHERE role = 'assistant'")]
                return bool(statuses) and "streaming" not in statuses
            finally:
                db.close()
        except sqlite3.Error:  # not created yet
            return False

    deadline = time.monotonic() + 60
    while not answered() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.0)  # the title and the next turn's head start, then the prompt waits
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr


def test_the_window_gets_the_catalogs_given_on_the_command_line(
        data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The re-trial: ``fireside --catalog FILE`` (no subcommand) opened the window without
    that catalog, though --help says it adds one for this run."""
    from app import cli, gui
    from app.core.context import AppContext

    opened: list[list[str]] = []

    def open_window(app: object, server: object, folder: str | None,
                    catalogs: list[str]) -> int:
        context = AppContext.open(folder, extra_catalogs=catalogs)  # as the real one does
        opened.append([entry.id for entry in context.catalog.models])
        context.close()
        return 0

    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps({"schema_version": 1, "models": [{
        "id": "from-the-command-line", "name": "From the command line",
        "filename": "x.gguf", "urls": ["https://example.org/x.gguf"], "size": 1000,
        "sha256": "0" * 64}]}))
    monkeypatch.setattr(gui, "_claim_window", lambda folder: (object(), None, 0))
    monkeypatch.setattr(gui, "_open_window", open_window)
    monkeypatch.setattr("app.display_check.check_display", lambda: None)
    assert cli.main(["--data-dir", str(data_dir), "--catalog", str(extra)]) == 0
    assert opened and "from-the-command-line" in opened[0]
