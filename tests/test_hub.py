"""Hugging Face discovery through the real huggingface_hub client, against a local stand-in."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_hub import REPO, install_fake_hub
from local_server import LocalServer

from app.core.downloads import Downloader, DownloadError
from app.core.hub import (
    list_gguf_files,
    quantization_of,
    recommended_file,
    search_gguf,
)


@pytest.fixture
def hub(tiny_model: Path) -> Iterator[tuple[LocalServer, dict[str, str]]]:
    with LocalServer() as server:
        yield server, install_fake_hub(server, tiny_model.read_bytes())


def test_quantizations_are_read_from_file_names() -> None:
    assert quantization_of("Qwen2.5-0.5B-Instruct-Q4_K_M.gguf") == "Q4_K_M"
    assert quantization_of("model.IQ4_XS.gguf") == "IQ4_XS"
    assert quantization_of("phi-4-mini-q8_0.gguf") == "Q8_0"
    assert quantization_of("nomic-embed-text-v1.5.f16.gguf") == "F16"
    assert quantization_of("model.gguf") is None


def test_search_lists_and_recommends_then_downloads_verified(
        hub: tuple[LocalServer, dict[str, str]], tmp_path: Path) -> None:
    server, hashes = hub
    repos = search_gguf("tiny", endpoint=server.base)
    assert [r.id for r in repos] == [REPO, "other/Thing-GGUF"]
    assert repos[0].downloads == 1234
    files = list_gguf_files(REPO, endpoint=server.base)
    # README and split models are left out; size and sha256 come from the LFS metadata.
    assert sorted(f.filename for f in files) == ["tiny-Q4_K_M.gguf", "tiny-Q8_0.gguf"]
    best = recommended_file(files)
    assert best is not None and best.quantization == "Q4_K_M"
    assert best.sha256 == hashes["tiny-Q4_K_M.gguf"]
    path = Downloader(tmp_path, disk_reserve=0, token=lambda: None).download(best.spec())
    assert path.name == "tiny-Q4_K_M.gguf"
    assert best.entry().id == f"hf:{REPO}/tiny-Q4_K_M.gguf"


def test_without_network_the_hub_fails_fast_and_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    started = time.monotonic()
    with pytest.raises(DownloadError, match="cannot be reached") as caught:
        search_gguf("tiny", endpoint="http://127.0.0.1:9")
    assert caught.value.kind == "network"
    assert time.monotonic() - started < 20
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(DownloadError, match="HF_HUB_OFFLINE"):
        list_gguf_files(REPO)
