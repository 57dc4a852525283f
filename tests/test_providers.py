"""Remote providers: their own private file, their keys in a secret store, the terminal
and the settings page.

A test keyring backend (tests/fake_keyring.py, a file outside the data folder) stands
in for the system's secret store; keyring's own ``fail`` backend stands for a bare
Linux session without one.  The key must reach the server and the store, and nothing
else: not providers.json, settings.json, the logs, an export or the terminal's output.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from fake_keyring import ENV, FileKeyring
from keyring.backends import fail
from openai_fault_server import FaultServer
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.context import AppContext
from app.core.network import set_offline
from app.core.paths import AppPaths
from app.core.providers import (
    Provider,
    ProviderError,
    ProviderStore,
    check_name,
    find_remote_model,
    normalize_base_url,
    open_engine,
    remote_models,
)
from app.core.secrets import SecretStore, forget_session_keys, keyring_status

TESTS = Path(__file__).resolve().parent
KEY = "sk-test-3f9a7c2e-never-written"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def fault() -> Iterator[FaultServer]:
    with FaultServer() as server:
        yield server


@pytest.fixture
def no_secret_store() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)
    forget_session_keys()


def every_file_under(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


# -- the core -------------------------------------------------------------------------------
def test_providers_live_in_their_own_private_file_not_in_the_settings(data_dir: Path) -> None:
    context = AppContext.open(data_dir)
    store = ProviderStore.for_paths(context.paths)
    providers = [Provider(name="vllm", base_url="http://gpu-box:8000/v1", models=["a/b"],
                          typed_models=["c"], key_location="keyring")]
    store.save(providers)
    context.save_settings()
    context.close()
    assert store.path == data_dir / "config" / "providers.json"
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    assert ProviderStore(store.path).load() == providers
    assert "gpu-box" not in (data_dir / "config" / "settings.json").read_text()


def test_a_broken_providers_file_is_kept_aside_and_the_list_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    path.write_text('{"providers": [{"name": 3}]}')
    store = ProviderStore(path)
    assert store.load() == []
    assert store.recovered_from is not None and store.recovered_from.exists()
    assert not path.exists()


@pytest.mark.parametrize(("typed", "url"), [
    ("http://localhost:11434", "http://localhost:11434/v1"),
    (" http://127.0.0.1:8080/v1/ ", "http://127.0.0.1:8080/v1"),
    ("https://api.openai.com/v1", "https://api.openai.com/v1"),
    ("http://box/openai/v1", "http://box/openai/v1"),
])
def test_a_base_url_is_tidied_and_a_bare_server_gets_v1(typed: str, url: str) -> None:
    assert normalize_base_url(typed) == url


@pytest.mark.parametrize(("typed", "reason"), [
    ("localhost:8080", "not a web address"), ("ftp://box/v1", "not a web address"),
    ("http://", "not a web address"), ("http://h:port/", "port that is not a number"),
    ("https://me:sk-secret@box/v1", "put the key in the API key field")])
def test_a_base_url_that_cannot_be_used_is_refused_with_a_reason(typed: str,
                                                                 reason: str) -> None:
    with pytest.raises(ProviderError, match=reason):
        normalize_base_url(typed)


def test_provider_names_are_unique_and_without_a_slash() -> None:
    existing = [Provider(name="Ollama", base_url="http://localhost:11434/v1")]
    assert check_name("  vllm ", existing) == "vllm"
    for bad, reason in (("", "needs a name"), ("a/b", "no “/”"), ("ollama", "already")):
        with pytest.raises(ProviderError, match=reason):
            check_name(bad, existing)
    assert check_name("ollama", existing, keep="Ollama") == "ollama"  # renaming itself


def test_remote_models_are_grouped_by_provider_and_found_by_name_slash_model() -> None:
    providers = [Provider(name="vllm", base_url="http://gpu:8000/v1",
                          models=["meta-llama/Llama-3.1-8B"], typed_models=["x", "x"]),
                 Provider(name="Ollama", base_url="http://localhost:11434/v1",
                          models=["llama3.1:8b"])]
    refs = [m.ref for m in remote_models(providers)]
    assert refs == ["vllm/meta-llama/Llama-3.1-8B", "vllm/x", "Ollama/llama3.1:8b"]
    found = find_remote_model(providers, "vllm/meta-llama/Llama-3.1-8B")
    assert found is not None and (found.provider, found.model, found.host) == (
        "vllm", "meta-llama/Llama-3.1-8B", "gpu:8000")
    assert not found.is_loopback
    local = find_remote_model(providers, "ollama/qwen2:0.5b")  # any case; any model id
    assert local is not None and local.provider == "Ollama" and local.is_loopback
    assert find_remote_model(providers, "nobody/model") is None
    assert find_remote_model(providers, "vllm") is None
    assert find_remote_model(providers, "vllm/") is None


def test_a_key_goes_to_the_secret_store_and_follows_a_rename(
        tmp_path: Path, secret_store: FileKeyring) -> None:
    secrets = SecretStore(tmp_path / "config")
    assert keyring_status().available
    assert secrets.store("vllm", KEY) == "keyring"
    assert secret_store.entries() == {"fireside\nvllm": KEY}
    assert secrets.get("vllm", "keyring") == KEY
    assert secrets.move("vllm", "gpu", "keyring") == "keyring"
    assert secret_store.entries() == {"fireside\ngpu": KEY}
    secrets.delete("gpu", "keyring")
    assert secret_store.entries() == {}
    assert not (tmp_path / "config").exists()  # nothing of it on Fireside's side


def test_without_a_secret_store_a_key_lives_in_memory_unless_a_file_is_chosen(
        tmp_path: Path, no_secret_store: None) -> None:
    status = keyring_status()
    assert not status.available and "for this session only" in str(status.note)
    secrets = SecretStore(tmp_path / "config")
    assert secrets.store("p", KEY) == "session"
    assert SecretStore(tmp_path / "config").get("p", "session") == KEY  # same process
    assert not (tmp_path / "config").exists()
    forget_session_keys()
    assert secrets.get("p", "session") is None  # as after a restart
    assert secrets.store("p", KEY, plain_file=True) == "file"
    assert stat.S_IMODE(secrets.plain_file.stat().st_mode) == 0o600
    assert secrets.get("p", "file") == KEY
    secrets.delete("p", "file")
    assert not secrets.plain_file.exists()


def test_a_secret_store_that_refuses_the_key_falls_back_to_this_session(
        tmp_path: Path, secret_store: FileKeyring, monkeypatch: pytest.MonkeyPatch) -> None:
    def locked(*args: object) -> None:
        raise keyring.errors.KeyringLocked("the keyring is locked")

    monkeypatch.setattr(secret_store, "set_password", locked)
    assert SecretStore(tmp_path).store("p", KEY) == "session"


def test_the_engine_of_a_remote_model_sends_the_stored_key(
        tmp_path: Path, secret_store: FileKeyring, fault: FaultServer) -> None:
    secrets = SecretStore(tmp_path)
    provider = Provider(name="f", base_url=fault.base_url,
                        key_location=secrets.store("f", KEY))
    model = find_remote_model([provider], "f/fault-model")
    assert model is not None
    engine = open_engine(model, secrets)
    from app.core.generation import GenerationSettings

    assert engine.generate([{"role": "user", "content": "hi"}], GenerationSettings()).text
    assert fault.chat_requests()[0].headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in repr(engine)


# -- the terminal ----------------------------------------------------------------------------
def fireside(data_dir: Path, *args: str, keyring_file: Path | None, stdin: str = "",
             ) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FIRESIDE_DATA_DIR": "", "PYTHONPATH": str(TESTS)}
    if keyring_file is not None:
        env.update(PYTHON_KEYRING_BACKEND="fake_keyring.FileKeyring", **{ENV: str(keyring_file)})
    else:
        env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    return subprocess.run([sys.executable, "-m", "app", *args, "--data-dir", str(data_dir)],
                          input=stdin, capture_output=True, text=True, timeout=120, env=env)


def test_the_terminal_adds_refreshes_lists_and_removes_and_the_key_stays_in_the_store(
        data_dir: Path, tmp_path: Path, fault: FaultServer) -> None:
    store_file = tmp_path / "secret-store.json"
    outputs: list[str] = []

    def run(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        done = fireside(data_dir, *args, keyring_file=store_file, stdin=stdin)
        outputs.extend((done.stdout, done.stderr))
        return done

    added = run("providers", "add", "fault", fault.base_url, "--key-stdin", "--model",
                "typed-model", stdin=KEY + "\n")
    assert added.returncode == 0, added.stderr
    assert f"leave this computer for {fault.host}" in added.stdout
    listed = run("providers", "--json")
    assert listed.returncode == 0 and fault.requests == []  # listing uses no network
    (row,) = json.loads(listed.stdout)["providers"]
    assert (row["name"], row["key"], row["models"], row["typed_models"]) == (
        "fault", "keyring", [], ["typed-model"])
    refreshed = run("providers", "--refresh", "--json")
    assert refreshed.returncode == 0, refreshed.stderr
    assert json.loads(refreshed.stdout)["providers"][0]["models"] == ["fault-model",
                                                                      "other-model"]
    assert fault.requests[0].headers["authorization"] == f"Bearer {KEY}"
    text = run("providers")
    assert "fault/fault-model" in text.stdout and "fault/typed-model" in text.stdout
    assert "in the secret store" in text.stdout
    exported = run("export", "--format", "json", "-")
    assert exported.returncode == 0, exported.stderr
    assert KEY in store_file.read_text()
    files = every_file_under(data_dir)
    assert any(p.name == "providers.json" for p in files) and any(
        p.suffix == ".log" for p in files)
    assert [p for p, data in files.items() if KEY.encode() in data] == []
    assert [o for o in outputs if KEY in o] == []
    removed = run("providers", "remove", "FAULT")
    assert removed.returncode == 0 and "Removed the provider fault" in removed.stdout
    assert json.loads(store_file.read_text()) == {}
    assert json.loads(run("providers", "--json").stdout)["providers"] == []


def test_without_a_secret_store_the_terminal_keeps_a_key_only_in_a_file_it_is_told_to(
        data_dir: Path) -> None:
    refused = fireside(data_dir, "providers", "add", "p", "http://127.0.0.1:9/v1",
                       "--key-stdin", keyring_file=None, stdin=KEY)
    assert refused.returncode == 1
    assert "no secret store" in refused.stderr and "--key-in-file" in refused.stderr
    assert not (data_dir / "config" / "providers.json").exists()
    added = fireside(data_dir, "providers", "add", "p", "http://127.0.0.1:9/v1",
                     "--key-stdin", "--key-in-file", keyring_file=None, stdin=KEY)
    assert added.returncode == 0, added.stderr
    assert "Warning: the API key is kept unencrypted" in added.stderr
    keys = data_dir / "config" / "provider_keys.json"
    assert json.loads(keys.read_text()) == {"p": KEY}
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert KEY not in (data_dir / "config" / "providers.json").read_text()
    fireside(data_dir, "providers", "remove", "p", keyring_file=None)
    assert not keys.exists()


def test_the_terminal_refuses_bad_input_and_says_why(data_dir: Path) -> None:
    bad_url = fireside(data_dir, "providers", "add", "p", "localhost:8080", keyring_file=None)
    assert bad_url.returncode == 1 and "is not a web address" in bad_url.stderr
    fireside(data_dir, "providers", "add", "p", "http://127.0.0.1:9", keyring_file=None)
    again = fireside(data_dir, "providers", "add", "P", "http://127.0.0.1:9",
                     keyring_file=None)
    assert again.returncode == 1 and "already a provider called “p”" in again.stderr
    missing = fireside(data_dir, "providers", "remove", "nobody", keyring_file=None)
    assert missing.returncode == 1 and "no provider called “nobody”" in missing.stderr


def test_refresh_reports_an_unreachable_provider_and_offline_mode(
        data_dir: Path, fault: FaultServer) -> None:
    fireside(data_dir, "providers", "add", "gone", "http://127.0.0.1:9/v1", keyring_file=None)
    fireside(data_dir, "providers", "add", "fault", fault.base_url, keyring_file=None)
    done = fireside(data_dir, "providers", "--refresh", keyring_file=None)
    assert done.returncode == 4
    assert "gone: 127.0.0.1:9 refused the connection" in done.stderr
    assert "fault/fault-model" in done.stdout  # the others are still listed
    settings = data_dir / "config" / "settings.json"
    settings.write_text(json.dumps({"schema_version": 2, "offline": True}))
    before = len(fault.requests)
    offline = fireside(data_dir, "providers", "--refresh", keyring_file=None)
    assert offline.returncode == 4 and "Offline mode is on" in offline.stderr
    assert len(fault.requests) == before


# -- the settings page ------------------------------------------------------------------------
def settings_window(qtbot: QtBot, data_dir: Path):  # type: ignore[no-untyped-def]
    from app.ui.settings.settings_window import SettingsWindow

    context = AppContext.open(data_dir)
    window = SettingsWindow(context.settings, [], context.paths.data_dir, context.models_dir,
                            None, [], providers=ProviderStore.for_paths(context.paths))
    qtbot.addWidget(window)
    window.show()
    window.show_section("Providers")
    context.close()
    return window


def test_the_page_adds_tests_and_saves_a_provider_with_its_key_in_the_secret_store(
        qtbot: QtBot, data_dir: Path, secret_store: FileKeyring, fault: FaultServer) -> None:
    window = settings_window(qtbot, data_dir)
    page = window.providers
    assert page is not None and page.isVisible()
    qtbot.mouseClick(page.add_button, LEFT)
    page.name_edit.clear()
    qtbot.keyClicks(page.name_edit, "fault")
    page.url_edit.clear()
    qtbot.keyClicks(page.url_edit, f"http://{fault.host}")
    qtbot.keyClicks(page.key_edit, KEY)
    assert page.key_edit.echoMode() == page.key_edit.EchoMode.Password
    assert "leave this computer" not in page.host_note.text()  # 127.0.0.1 is this computer
    assert fault.host in page.host_note.text()
    qtbot.mouseClick(page.test_button, LEFT)
    qtbot.waitUntil(lambda: page.models.count() == 2, timeout=10_000)
    assert page.status.text().startswith("Connected: 2 model")  # the form: from the .qm
    assert fault.requests[0].headers["authorization"] == f"Bearer {KEY}"  # the typed key
    qtbot.keyClicks(page.model_edit, "typed/model")
    qtbot.mouseClick(page.add_model_button, LEFT)
    assert page.models.count() == 3
    applied: list[object] = []
    window.sig_applied.connect(applied.append)
    window.buttons.button(window.buttons.StandardButton.Apply).click()
    assert window.error_label.text() == "" and len(applied) == 1
    saved = ProviderStore(data_dir / "config" / "providers.json").load()
    assert [(p.name, p.base_url, p.models, p.typed_models, p.key_location) for p in saved] == [
        ("fault", f"http://{fault.host}/v1", ["fault-model", "other-model"], ["typed/model"],
         "keyring")]
    assert secret_store.entries() == {"fireside\nfault": KEY}
    assert [p for p, data in every_file_under(data_dir).items() if KEY.encode() in data] == []
    assert KEY not in str(applied[0])
    window.close()
    second = settings_window(qtbot, data_dir)
    again = second.providers
    assert again is not None and again.key_edit.text() == ""  # never shown back
    assert "kept in the system's secret store" in again.key_note.text()


def test_without_a_secret_store_the_page_says_so_and_keeps_the_key_for_this_session(
        qtbot: QtBot, data_dir: Path, no_secret_store: None) -> None:
    window = settings_window(qtbot, data_dir)
    page = window.providers
    assert page is not None and page.plain_file.isVisible()
    assert "no secret store" in page.keyring_note.text()
    page.add_provider()
    qtbot.keyClicks(page.key_edit, KEY)
    assert window.apply()
    (saved,) = ProviderStore(data_dir / "config" / "providers.json").load()
    assert saved.key_location == "session"
    assert SecretStore(data_dir / "config").get(saved.name, "session") == KEY
    assert [p for p, data in every_file_under(data_dir).items() if KEY.encode() in data] == []
    page.plain_file.setChecked(True)
    assert "kept unencrypted" in page.keyring_note.text()
    qtbot.keyClicks(page.key_edit, KEY)
    assert window.apply()
    (saved,) = ProviderStore(data_dir / "config" / "providers.json").load()
    assert saved.key_location == "file"
    assert json.loads((data_dir / "config" / "provider_keys.json").read_text()) == {
        saved.name: KEY}


def test_a_removed_provider_takes_its_key_and_a_bad_url_is_refused(
        qtbot: QtBot, data_dir: Path, secret_store: FileKeyring) -> None:
    paths = AppPaths.resolve(data_dir).ensure()
    secrets = SecretStore(paths.config_dir)
    ProviderStore.for_paths(paths).save([Provider(
        name="old", base_url="http://127.0.0.1:9/v1", key_location=secrets.store("old", KEY))])
    window = settings_window(qtbot, data_dir)
    page = window.providers
    assert page is not None and page.name_edit.text() == "old"
    qtbot.mouseClick(page.remove_button, LEFT)
    page.add_provider()
    page.url_edit.setText("not a url")
    page.url_edit.textEdited.emit("not a url")
    assert not window.apply()
    assert "is not a web address" in window.error_label.text()
    assert secret_store.entries() != {}  # nothing saved yet
    page.url_edit.setText("http://127.0.0.1:9")
    page.url_edit.textEdited.emit("http://127.0.0.1:9")
    assert window.apply()
    assert secret_store.entries() == {}
    assert [p.name for p in ProviderStore.for_paths(paths).load()] == ["Provider 1"]


def test_test_connection_in_offline_mode_says_why_and_sends_nothing(
        qtbot: QtBot, data_dir: Path, no_secret_store: None, fault: FaultServer) -> None:
    window = settings_window(qtbot, data_dir)
    page = window.providers
    assert page is not None
    page.add_provider()
    page.url_edit.setText(fault.base_url)
    page.url_edit.textEdited.emit(fault.base_url)
    set_offline(True)
    try:
        qtbot.mouseClick(page.test_button, LEFT)
        qtbot.waitUntil(lambda: "Offline mode is on" in page.status.text(), timeout=5000)
    finally:
        set_offline(False)
    assert fault.requests == [] and page.test_button.isEnabled()
