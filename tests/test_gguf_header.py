"""The GGUF header reader: real files, non-GGUF files, truncated files."""

from __future__ import annotations

from pathlib import Path

import pytest
from gguf_factory import write_tiny_model

from app.core.gguf_header import GGUFError, read_gguf_header


def test_reads_architecture_context_and_template(tiny_model: Path) -> None:
    header = read_gguf_header(tiny_model)
    assert header.version == 3
    assert header.architecture == "llama"
    assert header.context_length == 512
    assert header.chat_template is not None and "<|im_start|>" in header.chat_template
    assert header.name == "tiny-test-llama"
    assert header.tensor_count == 3 + 9 * 2


def test_model_without_template(tmp_path: Path) -> None:
    path = write_tiny_model(tmp_path / "plain.gguf", chat_template=None)
    assert read_gguf_header(path).chat_template is None


def test_not_gguf(tmp_path: Path) -> None:
    path = tmp_path / "notes.gguf"
    path.write_text("this is a text file, not a model\n" * 10)
    with pytest.raises(GGUFError, match="not a GGUF model file"):
        read_gguf_header(path)


def test_truncated(tiny_model: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(tiny_model.read_bytes()[:200])
    with pytest.raises(GGUFError, match="truncated"):
        read_gguf_header(cut)


def test_missing(tmp_path: Path) -> None:
    with pytest.raises(GGUFError, match="does not exist"):
        read_gguf_header(tmp_path / "nope.gguf")
