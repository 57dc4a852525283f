"""What the second reader and the new-user trial of LocalDocs found, each now a test:
embedding models with few positions, stale vectors, Word files from other programs,
HTML's inline tags, Chinese saved as GBK, a PDF named .txt, odd attachment paths, Ctrl+C
while indexing, renamed collections in chats, moved attachments, and the PDF reader's
pipe."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from bert_factory import write_bag_of_words_bert
from docs_factory import qt_pdf
from pytestqt.qtbot import QtBot
from test_localdocs_vectors import WORDS, fireside, library

from app.core.conversation import Conversation
from app.core.localdocs import pdf_child
from app.core.localdocs.attachments import AttachmentError, prepare, read
from app.core.localdocs.embedder import Embedder, EmbeddingModel
from app.core.localdocs.extract import ExtractError, extract
from app.core.localdocs.indexer import Indexer
from app.core.localdocs.library import DocsLibrary
from app.core.localdocs.store import DocsError, DocsStore
from app.core.localdocs.vectors import document_text, embed_pending, vector_counts
from app.core.storage import ChatStore

ROOT = Path(__file__).resolve().parent.parent


def test_a_model_with_few_positions_gets_texts_cut_to_fit(tmp_path: Path) -> None:
    """llama.cpp aborts the process when a text has more tokens than a BERT model has
    positions (512 for many); the embedder cuts texts to fit."""
    bert = write_bag_of_words_bert(tmp_path / "short-embed.gguf", WORDS, context_length=64)
    embedder = Embedder(EmbeddingModel("short", bert), threads=1)
    try:
        long_text = " ".join(["the car is red"] * 100)  # 400 words, 64 positions
        vectors = embedder.embed_documents([long_text, "blue sky"])
        assert vectors.shape == (2, 128) and np.isfinite(vectors).all()
        assert embedder.embed_query(long_text).shape == (128,)
    finally:
        embedder.close(wait=10)


def test_a_chunk_that_changes_while_it_is_embedded_gets_no_stale_vector(
        tmp_path: Path) -> None:
    bert = write_bag_of_words_bert(tmp_path / "tiny-embed.gguf", WORDS, {"automobile": "car"})
    real = Embedder(EmbeddingModel("tiny", bert), threads=1)
    store = DocsStore(tmp_path / "localdocs.sqlite3")
    docs = store.add_collection("Docs", [str(library(tmp_path / "docs"))])
    Indexer(store).index(docs)
    other = sqlite3.connect(tmp_path / "localdocs.sqlite3")

    class Meanwhile:  # another process re-indexes a file while the batch is embedded
        key = "tiny"

        def embed_documents(self, texts):  # type: ignore[no-untyped-def]
            vectors = real.embed_documents(texts)
            other.execute("UPDATE chunks SET text = 'water the basil in the garden' "
                          "WHERE text LIKE '%automobile%'")
            other.commit()
            return vectors

        def embed_query(self, text):  # type: ignore[no-untyped-def]
            return real.embed_query(text)

    try:
        other.create_function("fts_words", 1, lambda text: text)
        # The changed chunk's vector is not stored; it is embedded again as it now reads.
        assert embed_pending(store, Meanwhile(), docs) == 5
        assert vector_counts(store, docs, "tiny") == (4, 4)
        chunk_id, heading, text = store.connection.execute(
            "SELECT id, heading, text FROM chunks WHERE text LIKE 'water the basil%'"
        ).fetchone()
        scale, stored = store.connection.execute(
            "SELECT scale, vector FROM vectors WHERE chunk_id = ?", (chunk_id,)).fetchone()
        vector = np.frombuffer(stored, np.int8).astype(np.float32) * scale
        now = real.embed_documents([document_text(heading, text)])[0]
        assert float(vector @ now) > 0.99
    finally:
        other.close()
        store.close()
        real.close(wait=10)


def word_file(path: Path) -> Path:
    """A Word file shaped as Word writes forms and templates: a content control around
    a paragraph, a table under its heading, and many paragraphs with no style."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    document.add_heading("Lease", level=1)
    document.add_paragraph("The tenant keeps the garden tidy.")
    document.element.body.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>The rent is due on the first '
        'Monday.</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.add_heading("Budget", level=1)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Paint", "120 euros"
    table.cell(1, 0).text, table.cell(1, 1).text = "Tiles", "80 euros"
    document.add_heading("Risks", level=1)
    for i in range(4000):
        document.add_paragraph(f"Plain line {i}.")
    document.save(str(path))
    return path


def test_word_files_from_other_programs(tmp_path: Path) -> None:
    path = word_file(tmp_path / "lease.docx")
    started = time.monotonic()
    text = extract(path, seconds=60).pages[0].text
    assert time.monotonic() - started < 10  # (python-docx's styles took minutes)
    assert "The rent is due on the first Monday." in text  # inside the content control
    budget, risks = text.index("## Budget"), text.index("## Risks")
    assert budget < text.index("Paint | 120 euros") < risks  # the table where it is
    store = DocsStore(tmp_path / "localdocs.sqlite3")
    try:
        lease = store.add_collection("Lease", [str(tmp_path)])
        Indexer(store).index(lease)
        hit = store.keyword_search([lease], "tiles euros", 1)[0]
        assert hit.heading.endswith("Budget")
    finally:
        store.close()


def test_html_inline_tags_gbk_text_and_a_pdf_named_txt(tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "setup.html").write_text(
        "<html><body><p>Click <a href='x'>here</a> to <em>download</em> the installer."
        "</p><table><tr><td>Port</td><td>8080</td></tr></table></body></html>",
        encoding="utf-8")
    (folder / "会议.txt").write_bytes("# 会议记录\n\n灯塔项目的预算已经批准。\n".encode("gbk"))
    qt_pdf(tmp_path / "real.pdf", ["A PDF in disguise."])
    (folder / "disguised.txt").write_bytes((tmp_path / "real.pdf").read_bytes())
    store = DocsStore(tmp_path / "localdocs.sqlite3")
    try:
        mixed = store.add_collection("Mixed", [str(folder)])
        Indexer(store).index(mixed)
        assert Path(store.keyword_search([mixed], "download installer", 1)[0].path).name == \
            "setup.html"
        assert "Port | 8080" in store.keyword_search([mixed], "port", 1)[0].text
        assert Path(store.keyword_search([mixed], "预算", 1)[0].path).name == "会议.txt"
        failed = dict(store.status(mixed).failed)
        assert "PDF file with another name" in failed[str(folder / "disguised.txt")]
    finally:
        store.close()


def test_odd_attachment_paths_are_refused_with_a_reason(tmp_path: Path) -> None:
    docs = tmp_path / "localdocs.sqlite3"
    for path in (str(tmp_path / ("x" * 300 + ".txt")), "~nosuchuser-fireside/notes.txt"):
        with pytest.raises(AttachmentError):
            read(path)
    odd = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(odd, "wb") as handle:
        handle.write(b"Coffee notes.\n")
    with pytest.raises(AttachmentError) as refused:
        prepare(os.fsdecode(odd), 1000, docs, "attachments:chat")
    assert "not valid UTF-8" in str(refused.value.text)
    assert not docs.exists() or DocsStore(docs).collection("attachments:chat") is None


def test_a_moved_attachment_stays_searchable(tmp_path: Path) -> None:
    """The index is the only copy an attached file may have: attaching another file to
    the chat must not drop one that was moved or deleted."""
    docs = tmp_path / "localdocs.sqlite3"
    contract = tmp_path / "contract.txt"
    contract.write_text("The deposit is returned within thirty days. " * 80, encoding="utf-8")
    manual = tmp_path / "manual.txt"
    manual.write_text("Press the green button to start the pump. " * 80, encoding="utf-8")
    prepare(contract, 50, docs, "attachments:chat")
    contract.unlink()
    prepare(manual, 50, docs, "attachments:chat")
    found = DocsLibrary(docs).search("When is the deposit returned?",
                                     conversation_id="chat")
    assert any("deposit is returned" in s.text for s in found.sources)


def test_ctrl_c_while_indexing_pauses_without_a_traceback(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(1500):
        (folder / f"n{i:04}.md").write_text(f"# Note {i}\n\n" + "lighthouse 灯塔 " * 200,
                                            encoding="utf-8")
    assert fireside("docs", "add", "Many", str(folder), data=data).returncode == 0
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "docs", "index", "Many",
                                "--data-dir", str(data)], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    store = DocsStore(data / "localdocs.sqlite3") if (data / "localdocs.sqlite3").exists() \
        else None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.2)
        try:
            count = sqlite3.connect(data / "localdocs.sqlite3").execute(
                "SELECT count(*) FROM files").fetchone()[0]
        except sqlite3.Error:
            continue
        if count >= 50:
            break
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    if store is not None:
        store.close()
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr and "Paused" in stderr
    again = fireside("docs", "index", "Many", data=data)
    assert again.returncode == 0 and "0 removed" in again.stderr
    listing = fireside("docs", "list", "--json", data=data).stdout
    assert '"indexed": 1500' in listing


def test_a_renamed_collection_stays_with_its_chats(tmp_path: Path, qtbot: QtBot) -> None:
    data = tmp_path / "data"
    folder = library(tmp_path / "docs")
    assert fireside("docs", "add", "Docs", str(folder), data=data).returncode == 0
    assert fireside("docs", "index", "Docs", data=data).returncode == 0
    chats = ChatStore(data / "chats.sqlite3") if (data / "chats.sqlite3").exists() else None
    from app.core.context import AppContext

    context = AppContext.open(data)
    chat = context.store.create_conversation(Conversation("Motor", collections=["Docs"]))
    context.close()
    renamed = fireside("docs", "rename", "Docs", "Manuals", data=data)
    assert renamed.returncode == 0, renamed.stderr
    context = AppContext.open(data)
    try:
        loaded = context.store.load_conversation(chat.id)
        assert loaded is not None and loaded.collections == ["Manuals"]
    finally:
        context.close()
    if chats is not None:
        chats.close()
    # In the window: renamed in Settings → LocalDocs, the open chat follows.
    from conftest import open_window

    window = open_window(qtbot, data)
    try:
        window.open_chat(chat.id)
        assert window.chat_collections() == ["Manuals"]
        window.docs_host.rename("Manuals", "Handbooks")
        qtbot.waitUntil(lambda: window.chat_collections() == ["Handbooks"], timeout=10_000)
        assert window.docs_button.label == "LocalDocs: Handbooks"
        assert window.ctx.store.load_conversation(chat.id).collections == ["Handbooks"]
    finally:
        window.shutdown()
    with pytest.raises(DocsError):
        DocsStore.check_name("attachments:work")


def test_the_pdf_reader_answers_in_ascii_whatever_the_pipe(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    qt_pdf(tmp_path / "greek.pdf", ["Ωμέγα and Ελλάδα are Greek words."])
    pdf_child.close_reader()
    monkeypatch.setenv("PYTHONIOENCODING", "cp1252")  # as a pipe on Windows
    try:
        text = extract(tmp_path / "greek.pdf").pages[0].text
        assert "Ωμέγα" in text
    finally:
        pdf_child.close_reader()
    with pytest.raises(ExtractError):
        extract(tmp_path / "missing.pdf")
