"""LocalDocs' vector and hybrid search with a real embedding model run by llama.cpp.

The model is a tiny BERT GGUF written by tests/bert_factory.py whose embeddings are a bag
of its words, with "automobile" given the same meaning as "car": so vector search must
find a document that says "automobile" for a question about a "car", where keyword search
cannot, and hybrid search must keep both kinds of match.  Also: embedding is incremental
and resumable, the in-memory index follows changes, Chinese is found by keyword, and an
index of the first version is upgraded.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from bert_factory import write_bag_of_words_bert

from app.core.localdocs.embedder import Embedder, EmbeddingModel, prefixes_for
from app.core.localdocs.indexer import Indexer
from app.core.localdocs.retrieval import retrieve, search
from app.core.localdocs.store import DocsStore
from app.core.localdocs.vectors import embed_pending, vector_counts, vector_index
from app.core.paths import AppPaths
from app.core.settings import Settings, SettingsStore

ROOT = Path(__file__).resolve().parent.parent
# Every word the tests' texts and questions use (others would be [UNK] to the model).
WORDS = ("the car is red blue sky water garden basil automobile engine needs an oil change "
         "every 5000 miles ocean boat will sail from harbour when wind bake bread recipe "
         "flour oven in what does my need note about now baking more").split()


@pytest.fixture(scope="module")
def bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bert")
    return write_bag_of_words_bert(folder / "tiny-embed.gguf", WORDS, {"automobile": "car"})


@pytest.fixture(scope="module")
def embedder(bert: Path):  # type: ignore[no-untyped-def]
    embedder = Embedder(EmbeddingModel("tiny", bert), threads=1)
    yield embedder
    embedder.close(wait=10)


def library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "motor.txt").write_text("The automobile engine needs an oil change every "
                                      "5000 miles.\n", encoding="utf-8")
    (folder / "sea.md").write_text("# Ocean\n\nThe boat will sail from the harbour when "
                                   "the wind is blue.\n", encoding="utf-8")
    (folder / "bread.txt").write_text("Bake the bread recipe: flour, water, oven.\n",
                                      encoding="utf-8")
    (folder / "garden.txt").write_text("Water the basil in the garden.\n", encoding="utf-8")
    return folder


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = DocsStore(tmp_path / "localdocs.sqlite3")
    yield store
    store.close()


def names(hits) -> list[str]:  # type: ignore[no-untyped-def]
    return [Path(h.path).name for h in hits]


def test_vectors_find_by_meaning_and_hybrid_keeps_both(store: DocsStore, tmp_path: Path,
                                                        embedder: Embedder) -> None:
    docs = store.add_collection("Docs", [str(library(tmp_path / "docs"))])
    Indexer(store).index(docs)
    assert embed_pending(store, embedder, docs) == 4
    assert vector_counts(store, docs, "tiny") == (4, 4)

    question = "what does my car need"
    assert "motor.txt" not in names(search(store, [docs], question, 4, embedder, "keyword"))
    by_meaning = search(store, [docs], question, 4, embedder, "vector")
    assert names(by_meaning)[0] == "motor.txt"  # "automobile" is "car" to the model
    hybrid = names(search(store, [docs], "car basil", 2, embedder, "hybrid"))
    assert set(hybrid) == {"motor.txt", "garden.txt"}  # one by meaning, one by keyword
    # Without an embedder, hybrid is keyword search: the garden only.
    assert names(search(store, [docs], "car basil", 2, None)) == ["garden.txt"]
    sources = retrieve(store, ["Docs"], question, limit=1, embedder=embedder)
    assert Path(sources[0].path).name == "motor.txt" and sources[0].number == 1


def test_embedding_is_incremental_resumable_and_followed_by_the_index(
        store: DocsStore, tmp_path: Path, embedder: Embedder) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"note{i:02}.txt").write_text(f"Note {i} is about the ocean boat.\n",
                                                encoding="utf-8")
    many = store.add_collection("Many", [str(folder)])
    Indexer(store).index(many)
    stop = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 16:
            stop.set()  # Pause after the batch in hand

    first = embed_pending(store, embedder, many, stop, progress)
    assert 16 <= first < 40 and seen[0] == (0, 40)
    calls: list[int] = []

    class Counting:
        key = embedder.key

        def embed_documents(self, texts):  # type: ignore[no-untyped-def]
            calls.append(len(texts))
            return embedder.embed_documents(texts)

        def embed_query(self, text):  # type: ignore[no-untyped-def]
            return embedder.embed_query(text)

    assert embed_pending(store, Counting(), many) == 40 - first  # the rest, nothing twice
    assert sum(calls) == 40 - first and vector_counts(store, many, "tiny") == (40, 40)

    index = vector_index(store, "tiny")
    index.refresh()
    assert index.size == 40
    # A changed file: its old vector goes with its old chunk, only the new one is embedded.
    (folder / "note07.txt").write_text("Note 7 is now about baking bread in the oven.\n",
                                       encoding="utf-8")
    Indexer(store).index(many)
    assert vector_counts(store, many, "tiny") == (39, 40)
    calls.clear()
    assert embed_pending(store, Counting(), many) == 1 and calls == [1]
    hits = search(store, [many], "oven bread", 1, embedder, "vector")
    assert names(hits) == ["note07.txt"]  # the index reloaded itself
    assert index.memory_bytes > 40 * 64  # int8 rows, with ids and scales


def test_prefixes_reach_the_model(bert: Path, embedder: Embedder) -> None:
    assert prefixes_for("nomic-embed-text-v1.5.Q8_0.gguf") == ("search_document: ",
                                                               "search_query: ")
    prefixed = Embedder(EmbeddingModel("p", bert, "search_document: ", "search_query: "))
    try:
        query = prefixed.embed_query("the car")
        assert np.allclose(query, embedder.embed_documents(["search_query: the car"])[0],
                           atol=1e-5)
        assert not np.allclose(query, embedder.embed_query("the car"), atol=1e-3)
        assert abs(float(np.linalg.norm(query)) - 1.0) < 1e-4
    finally:
        prefixed.close(wait=10)


def test_chinese_is_found_by_its_words(store: DocsStore, tmp_path: Path) -> None:
    folder = tmp_path / "zh"
    folder.mkdir()
    (folder / "灯塔.md").write_text("# 历史\n\n这座灯塔建于一八九零年，位于海边。\n",
                                    encoding="utf-8")
    (folder / "面包.txt").write_text("烤面包需要面粉和水。\n", encoding="utf-8")
    zh = store.add_collection("中文", [str(folder)])
    Indexer(store).index(zh)
    assert names(store.keyword_search([zh], "灯塔", 5)) == ["灯塔.md"]
    assert names(store.keyword_search([zh], "灯塔是什么时候建的？", 5))[0] == "灯塔.md"
    assert names(store.keyword_search([zh], "面粉", 5)) == ["面包.txt"]
    hit = store.keyword_search([zh], "面粉", 5)[0]
    assert "«面粉»" in hit.snippet and hit.snippet.startswith("烤面包")
    # Deleting a file takes its words out of the index (the delete trigger's words match).
    (folder / "面包.txt").unlink()
    Indexer(store).index(zh)
    assert store.keyword_search([zh], "面粉", 5) == []
    # The index is consistent (its own check; it holds the words as split, not the text).
    store.connection.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('integrity-check')")
    assert [r[0] for r in store.connection.execute(
        "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH '\"灯 塔\"'")] == [
        r[0] for r in store.connection.execute("SELECT id FROM chunks")]


def test_an_index_of_the_first_version_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "localdocs.sqlite3"
    from app.core.localdocs import store as store_module

    db = sqlite3.connect(path)  # version 1, as the previous release wrote it
    statement = ""
    for line in store_module._SCHEMA.strip().splitlines():
        statement += line + "\n"
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    db.execute("INSERT INTO collections VALUES (1, 'Old', '[]', 384, 48, 0, NULL)")
    db.execute("INSERT INTO files VALUES (1, 1, '/x/灯塔.md', 1, 1, 'indexed', NULL, 384, "
               "48, 0)")
    db.execute("INSERT INTO chunks VALUES (1, 1, 0, NULL, '', 1, 1, '这座灯塔建于一八九零年')")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = DocsStore(path)
    try:
        old = store.require("Old")
        assert names(store.keyword_search([old], "灯塔", 5)) == ["灯塔.md"]
        store.forget_files(old, ["/x/灯塔.md"])  # the delete trigger works on old rows
        assert store.keyword_search([old], "灯塔", 5) == []
    finally:
        store.close()


def fireside(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args, "--data-dir", str(data)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_terminal_embeds_and_searches_by_meaning(tmp_path: Path, bert: Path) -> None:
    data = tmp_path / "data"
    paths = AppPaths.resolve(data)
    # An embedding GGUF of one's own, chosen in the settings (as the catalog's would be).
    SettingsStore(paths.settings_file).save(Settings.model_validate({
        "extra_model_paths": [str(bert)], "localdocs": {"embedding_model": str(bert)}}))
    folder = library(tmp_path / "docs")
    assert fireside("docs", "add", "Docs", str(folder), data=data).returncode == 0
    index = fireside("docs", "index", "Docs", data=data)
    assert index.returncode == 0, index.stderr
    assert "4 chunks embedded" in index.stderr
    found = fireside("docs", "search", "Docs", "my", "car", "--json", data=data)
    assert found.returncode == 0, found.stderr
    assert Path(json.loads(found.stdout)[0]["path"]).name == "motor.txt"
    keyword = fireside("docs", "search", "Docs", "my", "car", "--mode", "keyword", data=data)
    assert "motor.txt" not in keyword.stdout
    listing = json.loads(fireside("docs", "list", "--json", data=data).stdout)
    assert listing[0]["embedded"] == 4 and listing[0]["chunks"] == 4
    # A model file that is not an embedding model (or is broken) is one sentence, exit 1.
    bert.with_name("broken-embed.gguf").write_bytes(b"GGUF" + b"\0" * 64)
    SettingsStore(paths.settings_file).save(Settings.model_validate({
        "extra_model_paths": [str(bert.with_name("broken-embed.gguf"))],
        "localdocs": {"embedding_model": "broken-embed.gguf"}}))
    (folder / "more.txt").write_text("More about the ocean.\n", encoding="utf-8")
    broken = fireside("docs", "index", "Docs", data=data)
    assert broken.returncode == 1 and "could not be loaded" in broken.stderr
    assert "Traceback" not in broken.stderr
    plain = fireside("docs", "search", "Docs", "ocean", data=data)  # keywords still work
    assert plain.returncode == 0 and "more.txt" in plain.stdout


def test_a_pdf_that_hangs_or_crashes_the_reader_is_listed_and_indexing_goes_on(
        store: DocsStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFs are read by a child process: one that hangs is killed at the time limit, one
    that crashes takes only the child; the next PDF gets a new child and is read."""
    from docs_factory import qt_pdf

    from app.core.localdocs import pdf_child
    from app.core.localdocs.extract import ExtractError, extract
    from app.core.localdocs.indexer import reason_text

    folder = tmp_path / "pdfs"
    folder.mkdir()
    qt_pdf(folder / "a_hangs.pdf", ["Nothing to see."])
    qt_pdf(folder / "b_fine.pdf", ["The ferry leaves at noon."])
    misbehaving = tmp_path / "reader.py"
    misbehaving.write_text(
        "import os, signal, sys, time\n"
        "for line in sys.stdin:\n"
        "    if 'a_hangs' in line:\n"
        "        time.sleep(600)\n"
        "    os.kill(os.getpid(), signal.SIGSEGV)\n", encoding="utf-8")
    real = list(pdf_child.CHILD_COMMAND)
    monkeypatch.setattr(pdf_child, "CHILD_COMMAND", [sys.executable, str(misbehaving)])
    monkeypatch.setattr(pdf_child, "MARGIN", 0.5)
    pdf_child.close_reader()
    try:
        started = time.monotonic()
        with pytest.raises(ExtractError) as hung:
            extract(folder / "a_hangs.pdf", seconds=0.5)
        assert "longer than" in str(hung.value.text) and time.monotonic() - started < 5
        with pytest.raises(ExtractError) as crashed:
            extract(folder / "b_fine.pdf", seconds=5)
        assert "crash (SIGSEGV)" in str(crashed.value.text)
        # In an index run: both listed with their reasons, the run goes on to the text file.
        (folder / "c_notes.txt").write_text("The ferry leaves at noon.\n", encoding="utf-8")
        pdfs = store.add_collection("PDFs", [str(folder)])
        monkeypatch.setattr("app.core.localdocs.indexer.SECONDS", 0.5)
        report = Indexer(store, seconds=0.5).index(pdfs)
        reasons = {Path(p).name: str(reason_text(r)) for p, r in store.status(pdfs).failed}
        assert "longer than" in reasons["a_hangs.pdf"] and "crash" in reasons["b_fine.pdf"]
        assert report.indexed == 1 and report.failed == 2
    finally:
        pdf_child.close_reader()
    # The real reader again: a new child reads the PDF (the failed one is retried when
    # it changes; here it is read directly).
    monkeypatch.setattr(pdf_child, "CHILD_COMMAND", real)
    pages = extract(folder / "b_fine.pdf").pages
    assert "ferry leaves at noon" in pages[0].text and pages[0].number == 1
    pdf_child.close_reader()


def test_the_chunk_size_is_set_from_the_terminal_and_rechunks_without_reading(
        tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "long.md").write_text("\n\n".join(f"Paragraph {i} " + "word " * 60
                                                for i in range(40)), encoding="utf-8")
    assert fireside("docs", "add", "Long", str(folder), data=data).returncode == 0
    assert fireside("docs", "index", "Long", data=data).returncode == 0
    before = json.loads(fireside("docs", "list", "--json", data=data).stdout)[0]["chunks"]
    bad = fireside("docs", "chunking", "Long", "5000", data=data)
    assert bad.returncode == 2 and "128 to 1024" in bad.stderr
    assert fireside("docs", "chunking", "Long", "128", data=data).returncode == 0
    again = fireside("docs", "index", "Long", data=data)
    assert "0 read, 1 re-chunked" in again.stderr, again.stderr
    after = json.loads(fireside("docs", "list", "--json", data=data).stdout)[0]
    assert after["chunks"] > before * 2 and after["chunk_tokens"] == 128
