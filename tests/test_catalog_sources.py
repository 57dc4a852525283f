"""Catalog sources: GPT4All's models3.json, extra files, and the on-demand refresh."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from local_server import LocalServer, Route

from app.core.catalog import load_catalog
from app.core.catalog_sources import (
    GPT4ALL_DOWNLOAD_BASE,
    CatalogRefreshError,
    load_catalogs,
    parse_gpt4all,
    refresh_catalog,
)

DATA = os.urandom(300_000)


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as srv:
        yield srv


def gpt4all_list(url: str) -> list[dict[str, object]]:
    """Entries shaped like GPT4All's own models3.json (strings for numbers, HTML text)."""
    return [
        {"order": "a", "md5sum": hashlib.md5(DATA).hexdigest(), "name": "Tiny Local",
         "filename": "tiny-local.Q4_0.gguf", "filesize": str(len(DATA)), "requires": "2.7.1",
         "ramrequired": "1", "parameters": "1 million", "quant": "q4_0", "type": "LLaMA3",
         "description": "<ul><li>Fast responses</li><li>License: <a href=\"x\">MIT</a></li></ul>",
         "url": url, "promptTemplate": "%1", "systemPrompt": ""},
        {"order": "b", "md5sum": "c87ad09e1e4c8f9c35a5fcef52b6f1c9", "name": "Llama 3 Instruct",
         "filename": "Meta-Llama-3-8B-Instruct.Q4_0.gguf", "filesize": "4661724384",
         "ramrequired": "8", "parameters": "8 billion", "quant": "q4_0", "type": "LLaMA3",
         "description": "<strong>chat</strong>",
         "chatTemplate": "{% for m in messages %}{{ m.content }}{% endfor %}"},
        {"order": "c", "md5sum": "e479e6f38b59afc51a470d1953a6bfc7", "name": "SBert",
         "filename": "all-MiniLM-L6-v2-f16.gguf", "filesize": "45887744", "ramrequired": "1",
         "quant": "f16", "type": "Bert", "embeddingModel": True,
         "url": "https://gpt4all.io/models/gguf/all-MiniLM-L6-v2-f16.gguf"},
        {"name": "No checksum", "filename": "nosum.gguf", "filesize": "10"},
        {"md5sum": "e479e6f38b59afc51a470d1953a6bfc7", "name": "Escapes",
         "filename": "../../etc/evil.gguf", "filesize": "10"},
        {"md5sum": "e479e6f38b59afc51a470d1953a6bfc7", "name": "Bad size",
         "filename": "bad.gguf", "filesize": "lots"},
        "not even an object",
    ]


def test_gpt4all_entries_are_understood_and_bad_ones_dropped(
        caplog: pytest.LogCaptureFixture) -> None:
    catalog = parse_gpt4all(gpt4all_list("http://127.0.0.1:1/tiny-local.Q4_0.gguf"),
                            "models3.json")
    assert [m.filename for m in catalog.models] == [
        "tiny-local.Q4_0.gguf", "Meta-Llama-3-8B-Instruct.Q4_0.gguf",
        "all-MiniLM-L6-v2-f16.gguf"]
    tiny, llama, sbert = catalog.models
    assert tiny.id == "gpt4all-tiny-local-q4-0" and tiny.md5 and not tiny.sha256
    assert tiny.size == len(DATA) and tiny.ram_required_gb == 1.0
    assert "Fast responses" in tiny.description and "<li>" not in tiny.description
    assert llama.urls == [GPT4ALL_DOWNLOAD_BASE + "Meta-Llama-3-8B-Instruct.Q4_0.gguf"]
    assert llama.chat_template and llama.architecture == "llama3"
    assert sbert.tags == ["embedding"]
    assert all(m.source == "gpt4all" for m in catalog.models)
    log = caplog.text
    assert "nosum.gguf rejected: no checksum" in log
    assert "evil.gguf" in log and "bad.gguf" in log


def test_extra_catalogs_add_to_the_bundled_one(tmp_path: Path) -> None:
    mine = tmp_path / "mine.json"
    mine.write_text(json.dumps({"schema_version": 1, "models": [
        {"id": "my-model", "name": "Mine", "filename": "mine.gguf", "size": 10,
         "sha256": "a" * 64, "urls": ["https://example.org/mine.gguf"]},
        {"id": "smollm2-135m-instruct-q4_1", "name": "Impostor", "filename": "x.gguf",
         "size": 1, "sha256": "b" * 64}]}))
    theirs = tmp_path / "models3.json"
    theirs.write_text(json.dumps(gpt4all_list("https://example.org/t.gguf")))
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    catalog = load_catalogs(None, [str(mine), str(theirs), str(broken)])
    ids = [m.id for m in catalog.models]
    bundled = load_catalog()
    assert ids[:len(bundled.models)] == [m.id for m in bundled.models]
    assert "my-model" in ids and "gpt4all-tiny-local-q4-0" in ids
    # The bundled entry wins over a file's entry with the same id.
    assert catalog.get("smollm2-135m-instruct-q4_1").name == bundled.get(  # type: ignore[union-attr]
        "smollm2-135m-instruct-q4_1").name  # type: ignore[union-attr]


def test_refresh_caches_a_valid_catalog_and_keeps_the_old_on_failure(
        server: LocalServer, tmp_path: Path) -> None:
    fresh = {"schema_version": 1, "models": [
        {"id": "brand-new", "name": "Brand new", "filename": "new.gguf", "size": 5,
         "sha256": "c" * 64, "urls": ["https://example.org/new.gguf"]},
        {"id": "no-hash", "name": "x", "filename": "nohash.gguf", "size": 5,
         "urls": ["https://example.org/nohash.gguf"]}]}
    good = server.add("/catalog.json", Route(data=json.dumps(fresh).encode()))
    cache = tmp_path / "catalog.json"
    refreshed = refresh_catalog(good, cache)
    assert [m.id for m in refreshed.models] == ["brand-new"]
    assert cache.exists()
    assert load_catalogs(cache).get("brand-new") is not None
    before = cache.read_bytes()
    bad = server.add("/bad.json", Route(data=b"<html>not a catalog</html>"))
    with pytest.raises(CatalogRefreshError, match="not usable"):
        refresh_catalog(bad, cache)
    with pytest.raises(CatalogRefreshError, match="offline"):
        refresh_catalog("http://127.0.0.1:9/catalog.json", cache, timeout=2)
    with pytest.raises(CatalogRefreshError, match="https"):
        refresh_catalog("http://example.com/catalog.json", cache)
    assert cache.read_bytes() == before


def fireside(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          timeout=120)


def test_a_gpt4all_catalog_entry_is_pulled_and_verified_by_md5(server: LocalServer,
                                                                 data_dir: Path) -> None:
    url = server.add("/tiny-local.Q4_0.gguf", Route(data=DATA))
    models3 = data_dir.parent / "models3.json"
    models3.write_text(json.dumps(gpt4all_list(url)))
    listed = fireside("models", "--json", "--catalog", str(models3), "--data-dir",
                      str(data_dir))
    entry = next(m for m in json.loads(listed.stdout)["catalog"]
                 if m["id"] == "gpt4all-tiny-local-q4-0")
    assert entry["md5"] and not entry["installed"]
    done = fireside("pull", "gpt4all-tiny-local-q4-0", "--catalog", str(models3),
                    "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr
    assert "md5 verified" in done.stdout
    assert (data_dir / "models" / "tiny-local.Q4_0.gguf").read_bytes() == DATA


def test_models_refresh_from_the_terminal(server: LocalServer, data_dir: Path) -> None:
    fresh = {"schema_version": 1, "models": [
        {"id": "brand-new", "name": "Brand new", "filename": "new.gguf", "size": 5,
         "sha256": "c" * 64, "urls": ["https://example.org/new.gguf"]}]}
    url = server.add("/catalog.json", Route(data=json.dumps(fresh).encode()))
    done = fireside("models", "--json", "--refresh", "--catalog-url", url, "--data-dir",
                    str(data_dir))
    assert done.returncode == 0, done.stderr
    assert any(m["id"] == "brand-new" for m in json.loads(done.stdout)["catalog"])
    # Later runs use the cached copy without going online.
    later = fireside("models", "--json", "--data-dir", str(data_dir))
    assert any(m["id"] == "brand-new" for m in json.loads(later.stdout)["catalog"])
    offline = fireside("models", "--refresh", "--catalog-url", "http://127.0.0.1:9/c.json",
                       "--data-dir", str(data_dir))
    assert offline.returncode == 4 and "offline" in offline.stderr
