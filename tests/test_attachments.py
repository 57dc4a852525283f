"""Files attached to a message (issue 14): whole or indexed by the budget, real PDF, DOCX,
Markdown and a PDF written by hand, broken files refused with their reasons, the text sent
again on later turns, ``fireside chat --attach`` with the starter model, export, search,
and a chat's collection deleted with it.  The window's part is in
test_attachments_window.py."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from docs_factory import broken_files, docx_file, handmade_pdf, qt_pdf

from app.core.chat_export import to_markdown
from app.core.chat_import import import_file
from app.core.chat_session import ChatSession
from app.core.engine import Engine, GenerationResult
from app.core.generation import GenerationSettings
from app.core.localdocs.attachments import (
    INDEXED,
    WHOLE,
    Attachment,
    AttachmentError,
    collection_for,
    forget_chat,
    prepare,
    unattach,
    with_attachments,
)
from app.core.localdocs.retrieval import retrieve
from app.core.localdocs.store import DocsStore
from app.core.settings import Settings
from app.core.storage import ChatStore

ROOT = Path(__file__).resolve().parent.parent
NOTE = "# Picnic\n\nThe picnic is on Saturday under the old oak tree. Bring lemonade.\n"


def fireside(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app.cli", *args, "--data-dir", str(data)],
                          capture_output=True, text=True, cwd=ROOT, timeout=180)


def long_text(fact: str, sections: int = 120) -> str:
    """A long Markdown file with ``fact`` in one section of many."""
    filler = "river stone bread window garden cloud paper music winter lamp table road"
    parts = [f"## Section {i}\n\n" + " ".join(filler.split()[i % 5:] * 6) + "."
             for i in range(sections)]
    parts.insert(sections * 2 // 3, f"## Lighthouse\n\n{fact}")
    return "# Almanac\n\n" + "\n\n".join(parts) + "\n"


def answered(text: str) -> GenerationResult:
    return GenerationResult(text, "stop", 10, 10, 2, 0.01, 50.0, 55.0, 512)


class Recording(Engine):
    """The real engine, keeping the messages it was asked with."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[list[dict[str, str]]] = []

    def generate(self, messages: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.asked.append([dict(m) for m in messages])
        return super().generate(messages, *args, **kwargs)


# -- reading: whole or indexed ---------------------------------------------------------
def test_a_file_that_fits_goes_whole_and_a_long_one_is_indexed(tmp_path: Path) -> None:
    docs = tmp_path / "localdocs.sqlite3"
    note = tmp_path / "picnic.md"
    note.write_text(NOTE, encoding="utf-8")
    whole = prepare(note, 500, docs, "attachments:c1")
    assert (whole.mode, whole.name, whole.kind, whole.size) == (WHOLE, "picnic.md", "text",
                                                               note.stat().st_size)
    assert "under the old oak tree" in whole.text and whole.collection is None
    assert not docs.exists()  # nothing indexed for a file that goes whole

    pdf = qt_pdf(tmp_path / "ferry.pdf", ["The harbour opens at dawn.",
                                          "Ferries to the island leave every hour."])
    paged = prepare(pdf, 500, docs, "attachments:c1")
    assert paged.mode == WHOLE and paged.kind == "pdf"
    assert "[Page 2]\nFerries to the island leave every hour." in paged.text  # (citable)
    handbook = docx_file(tmp_path / "handbook.docx",
                         [("Leave", ["Staff get twenty days of leave."])])
    word = prepare(handbook, 500, docs, "attachments:c1")
    assert word.mode == WHOLE and "## Leave" in word.text and "Tuesdays only" in word.text

    long = tmp_path / "almanac.md"
    long.write_text(long_text("The lighthouse keeper is Ingrid Solberg."), encoding="utf-8")
    indexed = prepare(long, 500, docs, "attachments:c1")
    assert (indexed.mode, indexed.text, indexed.collection) == (INDEXED, "", "attachments:c1")
    assert indexed.tokens > 500
    store = DocsStore(docs)
    try:
        collection = store.require("attachments:c1")
        assert collection.folders == [str(long)]
        assert store.user_collections() == []  # a chat's own, not in the user's list
        found = retrieve(store, ["attachments:c1"], "lighthouse keeper", limit=1)
        assert "Ingrid Solberg" in found[0].text
    finally:
        store.close()
    # The same PDF with a budget too small for it: indexed, found by page.
    small = prepare(pdf, 5, docs, "attachments:c2")
    assert small.mode == INDEXED
    store = DocsStore(docs)
    try:
        assert retrieve(store, ["attachments:c2"], "ferries island")[0].page == 2
    finally:
        store.close()


def test_a_pdf_written_by_hand_by_another_tool(tmp_path: Path) -> None:
    pdf = handmade_pdf(tmp_path / "fruit.pdf", ["Page one is about apples.",
                                                "Page two is about quinces (and pears)."])
    attached = prepare(pdf, 500, tmp_path / "ld.sqlite3", "attachments:x")
    assert attached.mode == WHOLE
    assert attached.text == ("[Page 1]\nPage one is about apples.\n\n"
                             "[Page 2]\nPage two is about quinces (and pears).")


@pytest.mark.parametrize(("kind", "reason"), [
    ("truncated pdf", "the PDF cannot be read"),
    ("not a pdf", "the PDF cannot be read"),
    ("encrypted pdf", "the PDF is encrypted (it needs a password)"),
    ("broken docx", "it is not a valid DOCX file"),
    ("zip but not docx", "the DOCX file cannot be read"),
    ("binary txt", "it is not text (binary content)"),
    ("empty-text pdf", "the PDF has no text"),
])
def test_a_broken_file_is_refused_with_its_reason(tmp_path: Path, kind: str,
                                                  reason: str) -> None:
    path = broken_files(tmp_path / "broken")[kind]
    with pytest.raises(AttachmentError) as refused:
        prepare(path, 5, tmp_path / "ld.sqlite3", "attachments:x")  # (would be indexed)
    assert str(refused.value).startswith(f"Cannot attach {path.name}: {reason}")
    assert not (tmp_path / "ld.sqlite3").exists()  # nothing half-indexed


def test_what_is_not_a_readable_file_is_refused(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    docs = tmp_path / "ld.sqlite3"
    (tmp_path / "model.gguf").write_bytes(b"GGUF" + bytes(64))
    (tmp_path / "empty.txt").write_text("  \n\n ")
    cases = {tmp_path: "it is a folder", tmp_path / "gone.md": "there is no such file",
             tmp_path / "model.gguf": "Fireside does not read this kind of file",
             tmp_path / "empty.txt": "it has no text"}
    for path, reason in cases.items():
        with pytest.raises(AttachmentError, match=reason):
            prepare(path, 500, docs, "attachments:x")
    from app.core.localdocs import extract

    monkeypatch.setitem(extract.MAX_BYTES, "text", 100)  # the limits of any LocalDocs file
    big = tmp_path / "big.txt"
    big.write_text("word " * 100)
    with pytest.raises(AttachmentError, match="it is larger than 0 MB"):
        prepare(big, 500, docs, "attachments:x")


def test_records_from_other_versions_and_tools() -> None:
    whole = Attachment("a.md", "/x/a.md", 10, "text", WHOLE, 3, "hello")
    indexed = Attachment("b.pdf", "/x/b.pdf", 99, "pdf", INDEXED, 900, collection="attachments:c")
    assert Attachment.from_dict(whole.to_dict()) == whole
    assert Attachment.from_dict(indexed.to_dict()) == indexed
    assert "text" not in indexed.to_dict() and "collection" not in whole.to_dict()
    assert Attachment.from_dict({"name": "c.txt"}) == Attachment("c.txt", "c.txt", 0, "",
                                                                 WHOLE, 0)
    for foreign in ({"name": "d", "mode": "thumbnail"}, {"mode": WHOLE}, {"name": 3},
                    {"name": "e", "size": "big"}, ["a"], None, "x"):
        assert Attachment.from_dict(foreign) is None, foreign
    assert with_attachments("Hi", [{"name": "d", "mode": "thumbnail"}, 7]) == "Hi"
    assert with_attachments("Hi", [{"name": "no-text.md"}]) == "Hi"  # (nothing to send)


# -- what the model is sent ----------------------------------------------------------
def test_the_text_goes_before_the_question_and_again_on_later_turns(
        tmp_path: Path, tiny_model: Path) -> None:
    store = ChatStore(tmp_path / "chats.sqlite3")
    engine = Recording()
    engine.load(tiny_model, GenerationSettings(max_tokens=4, temperature=0.0))
    note = tmp_path / "picnic.md"
    note.write_text(NOTE, encoding="utf-8")
    session = ChatSession(store, Settings())
    attached = prepare(note, 500, tmp_path / "ld.sqlite3",
                       collection_for(session.conversation.id))
    try:
        for question in ("Where is the picnic?", "And what should I bring?"):
            turn = session.start_turn("tiny", question, [attached] if "picnic" in question
                                      else [])
            request = turn.request
            turn.finish(engine.generate(request.messages, request.settings, lambda _: None,
                                        threading.Event()))
    finally:
        engine.unload()
    first, second = engine.asked
    block = ("--- Attached file: picnic.md ---\n" + NOTE.strip() + "\n--- End of picnic.md ---")
    assert first[-1] == {"role": "user", "content": block + "\n\nWhere is the picnic?"}
    user_turns = [m for m in second if m["role"] == "user"]
    assert user_turns[0]["content"] == block + "\n\nWhere is the picnic?"  # sent again
    assert user_turns[1]["content"] == "And what should I bring?"
    saved = store.load_conversation(session.conversation.id)
    assert saved is not None
    question = saved.path()[0]
    assert question.content == "Where is the picnic?"  # saved as typed
    assert question.attachments == [attached.to_dict()]
    assert Attachment.from_dict(question.attachments[0]) == attached
    store.close()


def test_sources_come_after_the_files_and_before_the_question(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "chats.sqlite3")
    note = tmp_path / "picnic.md"
    note.write_text(NOTE, encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "weather.md").write_text("# Weather\n\nSaturday will be sunny and warm.\n")
    docs = DocsStore(tmp_path / "ld.sqlite3")
    from app.core.localdocs.indexer import Indexer

    Indexer(docs).index(docs.add_collection("Home", [str(folder)]))
    sources = retrieve(docs, ["Home"], "Saturday weather")
    docs.close()
    session = ChatSession(store, Settings())
    attached = prepare(note, 500, tmp_path / "ld.sqlite3", "attachments:x")
    turn = session.start_turn("tiny", "Will Saturday be sunny?", [attached])
    turn.use_sources(sources)
    content = turn.request.messages[-1]["content"]
    assert content.startswith("--- Attached file: picnic.md ---")
    files_end = content.index("--- End of picnic.md ---")
    excerpts = content.index("[1] weather.md")
    assert files_end < excerpts < content.index("Question: Will Saturday be sunny?")
    assert content.endswith("Question: Will Saturday be sunny?")
    store.close()


# -- export, search, deleting ------------------------------------------------------------
def test_exports_search_and_deleting_the_chat(tmp_path: Path) -> None:
    data = tmp_path / "data"
    store = ChatStore(tmp_path / "chats.sqlite3")
    docs = tmp_path / "ld.sqlite3"
    note = tmp_path / "Quarterly-Report.md"
    note.write_text("# Report\n\nRevenue grew thanks to the marmalade export.\n")
    long = tmp_path / "almanac.md"
    long.write_text(long_text("The lighthouse keeper is Ingrid Solberg."))
    session = ChatSession(store, Settings())
    attached = [prepare(note, 500, docs, collection_for(session.conversation.id)),
                prepare(long, 500, docs, collection_for(session.conversation.id))]
    session.start_turn("tiny", "Summarise these", attached).finish(answered("Done."))
    other = ChatSession(store, Settings())
    other.start_turn("tiny", "Something else").finish(answered("Sure."))
    chat_id = session.conversation.id
    for query in ("quarterly report", "almanac", "marmal"):  # names, a whole file's text
        hits = store.search(query)
        assert [h.conversation_id for h in hits] == [chat_id], query
    assert "[Quarterly]-[Report].md" in store.search("quarterly report")[0].snippet
    assert "[marmalade]" in store.search("marmal")[0].snippet
    assert store.search("lighthouse") == []  # an indexed file's text is not in the chat
    assert store.search("mode") == [] and store.search("whole") == []  # (nor the record)

    chat = store.load_conversation(chat_id)
    assert chat is not None
    markdown = to_markdown([chat])
    assert (f"Attached files:\n- Quarterly-Report.md ({note.stat().st_size} B) — sent whole\n"
            "- almanac.md (45 KB) — searched for the relevant parts\n") in markdown
    from app.core.chat_export import to_json

    exported = tmp_path / "chats.json"
    exported.write_text(to_json([chat]))
    saved = json.loads(exported.read_text())["conversations"][0]["messages"][0]
    assert saved["attachments"] == [a.to_dict() for a in attached]
    imported = ChatStore(data / "chats.sqlite3")
    import_file(imported, exported)
    again = imported.load_conversation(chat_id)
    assert again is not None and again.messages[0].attachments == [a.to_dict()
                                                                   for a in attached]
    imported.close()

    assert forget_chat(docs, chat_id) is True  # what deleting the chat does
    check = DocsStore(docs)
    assert check.collection(collection_for(chat_id)) is None
    check.close()
    assert long.is_file() and note.is_file()  # the index went, never the files
    assert forget_chat(docs, chat_id) is False
    store.close()


def test_a_file_removed_before_sending_leaves_the_index(tmp_path: Path) -> None:
    docs = tmp_path / "ld.sqlite3"
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(long_text("Alpha is the first letter."))
    b.write_text(long_text("Beta is the second letter."))
    for path in (a, b):
        prepare(path, 50, docs, "attachments:c")
    unattach(docs, "attachments:c", str(a))
    store = DocsStore(docs)
    collection = store.require("attachments:c")
    assert collection.folders == [str(b)] and list(store.files(collection)) == [str(b)]
    store.close()
    unattach(docs, "attachments:c", str(b))  # its last file: the collection goes
    store = DocsStore(docs)
    assert store.collection("attachments:c") is None
    store.close()


# -- the terminal ----------------------------------------------------------------------
def test_chat_attach_answers_from_the_file(tmp_path: Path, starter_model: Path) -> None:
    from app.core.context import AppContext

    data = tmp_path / "data"
    context = AppContext.open(data)
    context.settings.generation.temperature = 0.0
    context.settings.generation.max_tokens = 40
    context.save_settings()
    context.close()
    pdf = qt_pdf(tmp_path / "picnic.pdf", ["The picnic is on Saturday under the old oak "
                                           "tree. Bring lemonade."])
    long = tmp_path / "almanac.md"
    long.write_text(long_text("The lighthouse keeper is named Ingrid Solberg. She lights "
                              "the lamp at dusk."))
    asked = fireside("chat", "--attach", str(pdf), "Where is the picnic?", data=data)
    assert asked.returncode == 0, asked.stderr
    assert "oak tree" in asked.stdout.lower()
    assert "Attached picnic.pdf (" in asked.stderr and "sent whole" in asked.stderr
    both = fireside("chat", "--attach", str(long), "--attach", str(pdf),
                    "What is the name of the lighthouse keeper?", data=data)
    assert both.returncode == 0, both.stderr
    assert "Ingrid Solberg" in both.stdout
    assert "Attached almanac.md (" in both.stderr and "so it was indexed" in both.stderr
    assert "almanac.md, line" in both.stdout  # its excerpt, listed as a source
    context = AppContext.open(data)
    try:
        chats = context.store.list_conversations()
        latest = context.store.load_conversation(chats[0].id)
        assert latest is not None
        question = latest.path()[0]
        assert question.content == "What is the name of the lighthouse keeper?"
        assert [(a["name"], a["mode"]) for a in question.attachments or []] == [
            ("almanac.md", INDEXED), ("picnic.pdf", WHOLE)]
    finally:
        context.close()
    markdown = fireside("export", "--format", "md", "-", data=data).stdout
    assert "- almanac.md (" in markdown and "- picnic.pdf (" in markdown
    folder = tmp_path / "docs"  # with --docs too: the file whole, the collection searched
    folder.mkdir()
    (folder / "weather.md").write_text("# Weather\n\nOn Saturday it will be sunny and warm.\n")
    assert fireside("docs", "add", "Home", str(folder), data=data).returncode == 0
    assert fireside("docs", "index", "Home", data=data).returncode == 0
    mixed = fireside("chat", "--docs", "Home", "--attach", str(pdf),
                     "What will the weather be on Saturday?", data=data)
    assert mixed.returncode == 0, mixed.stderr
    assert "Attached picnic.pdf (" in mixed.stderr and "weather.md, line 3" in mixed.stdout


def test_chat_attach_a_bad_file_saves_nothing(tmp_path: Path, tiny_model: Path) -> None:
    data = tmp_path / "data"
    broken = broken_files(tmp_path / "broken")
    for path, reason in ((broken["encrypted pdf"], "the PDF is encrypted"),
                         (tmp_path / "missing.md", "there is no such file"),
                         (tmp_path, "it is a folder")):
        done = fireside("chat", "-m", str(tiny_model), "--attach", str(path), "hi", data=data)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and f"Cannot attach {path.name}: {reason}" in lines[0]
        assert "Traceback" not in done.stderr and done.stdout == ""
    assert json.loads(fireside("chats", "--json", data=data).stdout) == []

