"""Offline mode: nothing reaches the network, and every feature that would says why."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import LocalServer, Route
from pytestqt.qtbot import QtBot

from app.core.catalog_sources import CatalogRefreshError, refresh_catalog
from app.core.context import AppContext
from app.core.downloads import Downloader, DownloadError, DownloadSpec
from app.core.hub import search_gguf
from app.core.network import is_offline, set_offline

DATA = b"GGUF" + bytes(100_000)
SHA = hashlib.sha256(DATA).hexdigest()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as running:
        yield running


@pytest.fixture
def offline() -> Iterator[None]:
    set_offline(True)
    yield
    set_offline(False)


def test_offline_mode_stops_every_network_door_before_a_socket_opens(  # type: ignore[no-untyped-def]
        server: LocalServer, tmp_path: Path, offline) -> None:
    url = server.add("/m.gguf", Route(data=DATA))
    catalog_url = server.add("/models.json", Route(data=b'{"models": []}'))
    spec = DownloadSpec(model_id="m", filename="m.gguf", urls=(url,), size=len(DATA), sha256=SHA)
    with pytest.raises(DownloadError) as caught:
        Downloader(tmp_path, token=lambda: None).download(spec)
    assert caught.value.kind == "offline" and "Offline mode is on" in str(caught.value)
    with pytest.raises(CatalogRefreshError, match=r"Offline mode is on.*refreshing the catalog"):
        refresh_catalog(catalog_url, tmp_path / "cache.json")
    with pytest.raises(DownloadError, match=r"Offline mode is on.*Hugging Face search"):
        search_gguf("llama", endpoint=server.add("/api", Route(data=b"[]")).rsplit("/", 1)[0])
    assert server.requests == []  # not one request reached even this computer's server
    assert not (tmp_path / "m.gguf").exists()


def test_the_switch_is_read_from_the_settings_at_start(data_dir: Path) -> None:
    context = AppContext.open(data_dir)
    context.settings.offline = True
    context.save_settings()
    context.close()
    set_offline(False)
    try:
        AppContext.open(data_dir).close()
        assert is_offline()
    finally:
        set_offline(False)


def test_fireside_pull_in_offline_mode_says_why(server: LocalServer, data_dir: Path) -> None:
    context = AppContext.open(data_dir)
    context.settings.offline = True
    context.save_settings()
    context.close()
    set_offline(False)  # (the command reads the setting itself, in its own process)
    url = server.add("/m.gguf", Route(data=DATA))
    done = subprocess.run([sys.executable, "-m", "app", "pull", url, "--sha256", SHA,
                           "--data-dir", str(data_dir)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 4
    assert "Offline mode is on" in done.stderr
    assert server.requests == []


def test_the_models_window_turns_network_features_off_and_says_why(qtbot: QtBot, data_dir: Path,
                                                                   ) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(AppContext.open(data_dir))
    qtbot.addWidget(window)
    try:
        models = window.open_models_window()
        assert models.refresh_button.isEnabled() and models.offline_note.isHidden()
        new = window.ctx.settings.model_copy(update={"offline": True})
        window.apply_settings(new)  # as the settings window's OK does
        assert is_offline()
        assert not models.refresh_button.isEnabled()
        assert not models.hub_panel.search_button.isEnabled()
        assert all(not c.download_button.isEnabled() for c in models.cards.values())
        assert not models.offline_note.isHidden() and "Offline mode" in models.offline_note.text()
        saved = json.loads(window.ctx.paths.settings_file.read_text())
        assert saved["offline"] is True
        window.apply_settings(window.ctx.settings.model_copy(update={"offline": False}))
        assert models.refresh_button.isEnabled() and not is_offline()
    finally:
        window.shutdown()
        set_offline(False)
